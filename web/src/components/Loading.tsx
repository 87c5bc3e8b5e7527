import { useT } from '../i18n';

/** Bootstrap Italia spinner with an accessible label. */
export function Loading({ label, small = false }: { label?: string; small?: boolean }) {
  const t = useT();
  const text = label ?? t('app.loading');
  return (
    <div className="d-flex align-items-center gap-3 my-4" role="status" aria-live="polite">
      <div className={`progress-spinner progress-spinner-active${small ? ' size-sm' : ''}`}>
        <span className="visually-hidden">{text}</span>
      </div>
      {small ? null : <span aria-hidden="true">{text}</span>}
    </div>
  );
}
