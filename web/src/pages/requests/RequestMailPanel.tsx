import { Badge } from 'design-react-kit';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { Panel } from '../../components/Panel';
import { useApi } from '../../hooks/useApi';
import { useT } from '../../i18n';
import { clock } from './requestsApi';

export const OUTBOX_COLORS = {
  queued: 'warning',
  sent: 'success',
  failed: 'danger',
  local: 'secondary',
} as const;

/** The mail sent for one request (acknowledgement, notices), as the requester reads it. */
export function RequestMailPanel({ requestId, version }: { requestId: string; version: string }) {
  const t = useT();
  const mail = useApi(
    (signal) => unwrap(api.GET('/api/outbox', { signal, params: { query: { requestId } } })),
    [requestId, version],
  );
  const items = mail.data?.items ?? [];
  return (
    <Panel as="section" className="mb-4" aria-labelledby="request-mail-title">
      <h2 id="request-mail-title" className="h5">
        {t('requestOps.notices.title')}
      </h2>
      {mail.data && items.length === 0 ? (
        <p className="mb-0">{t('requestOps.notices.none')}</p>
      ) : null}
      <ul className="list-unstyled mb-0" data-testid="request-mail">
        {items.map((m) => (
          <li key={m.id} className="mb-2" data-kind={m.kind}>
            <span className="small text-secondary">
              {clock(m.createdAt)} · {m.to}{' '}
              <Badge color={OUTBOX_COLORS[m.status]}>
                {t(`requestOps.outbox.statuses.${m.status}`)}
              </Badge>
            </span>
            <details>
              <summary>{m.subject}</summary>
              <pre className="vd-request-message small">{m.text}</pre>
            </details>
          </li>
        ))}
      </ul>
    </Panel>
  );
}
