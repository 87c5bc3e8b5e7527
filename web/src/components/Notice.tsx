import type { ReactNode } from 'react';

type Kind = 'danger' | 'success' | 'info' | 'warning';

interface NoticeProps {
  kind: Kind;
  children: ReactNode;
  title?: string;
  onClose?: () => void;
  closeLabel?: string;
  className?: string;
}

/**
 * Bootstrap Italia alert. Errors use role="alert" (announced at once),
 * other notices role="status".
 */
export function Notice({ kind, children, title, onClose, closeLabel, className }: NoticeProps) {
  return (
    <div
      className={['alert', `alert-${kind}`, onClose ? 'alert-dismissible' : '', className ?? '']
        .filter(Boolean)
        .join(' ')}
      role={kind === 'danger' ? 'alert' : 'status'}
    >
      {title ? <h2 className="h5 alert-heading">{title}</h2> : null}
      {children}
      {onClose ? (
        <button type="button" className="btn-close" aria-label={closeLabel} onClick={onClose} />
      ) : null}
    </div>
  );
}
