import { Badge, Button } from 'design-react-kit';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { useAction } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { useT } from '../../i18n';
import { usePermissions } from '../../session/context';
import { OUTBOX_COLORS } from './RequestMailPanel';
import { clock } from './requestsApi';

/** Posta in uscita: acknowledgements and notices, failed sends with a retry. */
export function OutboxPage() {
  const t = useT();
  const { can } = usePermissions();
  const [failedOnly, setFailedOnly] = useState(false);
  const outbox = useApi(
    (signal) =>
      unwrap(
        api.GET('/api/outbox', {
          signal,
          params: { query: failedOnly ? { status: 'failed' } : {} },
        }),
      ),
    [failedOnly],
  );
  const action = useAction();
  const [done, setDone] = useState<string | null>(null);

  const retry = (id: string) => {
    void action
      .run(() => unwrap(api.POST('/api/outbox/{id}/retry', { params: { path: { id } }, body: {} })))
      .then((item) => {
        if (!item) return;
        setDone(t('requestOps.outbox.retried'));
        outbox.reload();
      });
  };

  const items = outbox.data?.items ?? [];
  return (
    <>
      <PageHeader title={t('requestOps.outbox.title')} intro={t('requestOps.outbox.intro')} />
      <ErrorAlert error={outbox.error ?? action.error} onClose={action.clearError} />
      {outbox.data && !outbox.data.relayConfigured ? (
        <p className="text-secondary small">{t('requestOps.outbox.noRelay')}</p>
      ) : null}
      {done ? (
        <Notice kind="success" onClose={() => setDone(null)} closeLabel={t('common.close')}>
          <p className="mb-0">{done}</p>
        </Notice>
      ) : null}
      <div className="form-check mb-3">
        <input
          id="outbox-failed"
          type="checkbox"
          checked={failedOnly}
          onChange={(event) => setFailedOnly(event.target.checked)}
        />
        <label htmlFor="outbox-failed">{t('requestOps.outbox.failedOnly')}</label>
      </div>
      {outbox.data && items.length === 0 ? <p>{t('requestOps.outbox.empty')}</p> : null}
      {items.length > 0 ? (
        <div className="table-responsive">
          <table className="table align-top" data-testid="outbox">
            <thead>
              <tr>
                <th scope="col">{t('requestOps.outbox.created')}</th>
                <th scope="col">{t('requestOps.outbox.to')}</th>
                <th scope="col">{t('requestOps.outbox.subject')}</th>
                <th scope="col">{t('requestOps.outbox.status')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((m) => (
                <tr key={m.id} data-testid="outbox-row" data-status={m.status} data-kind={m.kind}>
                  <td className="small text-nowrap">{clock(m.createdAt)}</td>
                  <td className="small text-break">{m.to}</td>
                  <td className="small">
                    <details>
                      <summary>{m.subject}</summary>
                      <pre className="vd-request-message small">{m.text}</pre>
                    </details>
                    {m.relatedType === 'request' && m.relatedId && can('request.read') ? (
                      <Link to={`/richieste/${encodeURIComponent(m.relatedId)}`}>→</Link>
                    ) : null}
                  </td>
                  <td className="small">
                    <Badge color={OUTBOX_COLORS[m.status]}>
                      {t(`requestOps.outbox.statuses.${m.status}`)}
                    </Badge>
                    {m.attempts > 0 ? <span className="d-block">× {m.attempts}</span> : null}
                    {m.lastError ? (
                      <span className="d-block text-danger text-break">{m.lastError}</span>
                    ) : null}
                    {m.status === 'failed' ? (
                      <Button
                        color="primary"
                        outline
                        size="xs"
                        className="mt-1"
                        disabled={action.pending}
                        onClick={() => retry(m.id)}
                      >
                        {t('requestOps.outbox.retry')}
                      </Button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
