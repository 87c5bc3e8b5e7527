import type { ApiError } from '../api/errors';
import { useT } from '../i18n';
import { isSchemaRefusal } from '../lib/fieldErrors';
import { Notice } from './Notice';

interface ErrorAlertProps {
  error: ApiError | null | undefined;
  onClose?: () => void;
  className?: string;
}

/**
 * Shows the server's `message` for an API error, or a translated network error. A refusal by
 * a request schema is said in words (its fields carry their own messages) with the server's
 * technical message, which names the API's fields, kept under «Dettagli».
 */
export function ErrorAlert({ error, onClose, className }: ErrorAlertProps) {
  const t = useT();
  if (!error || error.code === 'aborted') return null;
  const schema = isSchemaRefusal(error);
  const message = error.isNetwork
    ? t('common.networkError')
    : schema
      ? t('common.invalidData')
      : error.message || t('common.genericError');
  return (
    <Notice kind="danger" onClose={onClose} closeLabel={t('common.close')} className={className}>
      <p className="mb-0" data-error-code={error.code}>
        {message}
      </p>
      {schema && (
        <details className="mt-1 small">
          <summary>{t('common.details')}</summary>
          {error.message}
        </details>
      )}
    </Notice>
  );
}
