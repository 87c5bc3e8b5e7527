import { Button } from 'design-react-kit';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { AuditVerification } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Icon } from '../../components/Icon';
import { Notice } from '../../components/Notice';
import { useAction } from '../../hooks/useAction';
import { useT } from '../../i18n';

function VerifyResult({ result }: { result: AuditVerification }) {
  const t = useT();
  return (
    <Notice kind={result.ok ? 'success' : 'danger'}>
      <p className="mb-0" data-testid="audit-verify-result">
        {result.ok
          ? t('audit.verifyOk', { checked: result.checked })
          : t('audit.verifyBroken', {
              seq: result.firstBadSeq ?? '?',
              checked: result.checked,
              problem: result.problem ?? '',
            })}
      </p>
    </Notice>
  );
}

/** "Esporta CSV" (same filters) and "Verifica catena" (first broken link of the hash chain). */
export function AuditToolbar({ exportHref }: { exportHref: string }) {
  const t = useT();
  const verify = useAction();
  const [result, setResult] = useState<AuditVerification | null>(null);

  const runVerify = () => {
    setResult(null);
    void verify.run(async () => setResult(await unwrap(api.GET('/api/audit/verify'))));
  };

  return (
    <div className="mb-4">
      <div className="d-flex flex-wrap gap-2 mb-3">
        <a className="btn btn-outline-primary btn-icon" href={exportHref} download>
          <Icon name="it-download" className="icon-primary" />
          <span>{t('audit.exportCsv')}</span>
        </a>
        <Button color="primary" outline icon onClick={runVerify} disabled={verify.pending}>
          <Icon name="it-check-circle" className="icon-primary" />
          <span>{t('audit.verify')}</span>
        </Button>
      </div>
      <div aria-live="polite">
        {result ? <VerifyResult result={result} /> : null}
        <ErrorAlert error={verify.error} onClose={verify.clearError} />
      </div>
    </div>
  );
}
