import type { ApiError } from '../api/errors';
import { useT } from '../i18n';
import { Notice } from './Notice';

interface ErrorAlertProps {
  error: ApiError | null | undefined;
  onClose?: () => void;
  className?: string;
}

/** Shows the server's `message` for an API error, or a translated network error. */
export function ErrorAlert({ error, onClose, className }: ErrorAlertProps) {
  const t = useT();
  if (!error || error.code === 'aborted') return null;
  const message = error.isNetwork
    ? t('common.networkError')
    : error.message || t('common.genericError');
  return (
    <Notice kind="danger" onClose={onClose} closeLabel={t('common.close')} className={className}>
      <p className="mb-0" data-error-code={error.code}>
        {message}
      </p>
    </Notice>
  );
}
