import { Button } from 'design-react-kit';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { OkJson } from '../../api/types';
import type { paths } from '../../api/schema';
import { Dialog } from '../../components/Dialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { TextAreaField } from '../../components/TextAreaField';
import { useAction } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { useT, type MessageKey } from '../../i18n';
import { clock } from './requestsApi';

type Message = OkJson<paths['/api/intake/messages']['get']>['items'][number];
type Pending = { kind: 'reprocess' | 'accept' | 'discard'; message: Message };

const KNOWN_REASONS = [
  'malformed_mime',
  'empty_body',
  'parse_error',
  'unknown_charset',
  'pec_receipt',
  'sender_not_allowed',
  'oversized',
  'html_only',
];

/** Quarantena: messages that did not become requests; read, re-process, accept or discard. */
export function QuarantinePage() {
  const t = useT();
  const [showDiscarded, setShowDiscarded] = useState(false);
  const list = useApi(
    async (signal) => {
      const q = await unwrap(
        api.GET('/api/intake/messages', { signal, params: { query: { status: 'quarantined' } } }),
      );
      if (!showDiscarded) return q.items;
      const d = await unwrap(
        api.GET('/api/intake/messages', { signal, params: { query: { status: 'discarded' } } }),
      );
      return [...q.items, ...d.items];
    },
    [showDiscarded],
  );
  const [raw, setRaw] = useState<{ message: Message; text: string } | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const action = useAction();

  const reasonLabel = (r: string | null) =>
    r && KNOWN_REASONS.includes(r)
      ? t(`requestOps.quarantine.reasons.${r}` as MessageKey)
      : (r ?? '');

  const viewRaw = (message: Message) => {
    void action
      .run(async () => {
        const res = await fetch(`/api/intake/messages/${message.id}/raw`, {
          credentials: 'same-origin',
        });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return res.text();
      })
      .then((text) => text !== undefined && setRaw({ message, text }));
  };

  const confirm = () => {
    if (!pending) return;
    const id = pending.message.id;
    const body = { reason: reason.trim() };
    void action
      .run(async () => {
        if (pending.kind === 'discard') {
          await unwrap(
            api.POST('/api/intake/messages/{id}/discard', { params: { path: { id } }, body }),
          );
          return t('requestOps.quarantine.discarded');
        }
        const r = await unwrap(
          api.POST('/api/intake/messages/{id}/reprocess', {
            params: { path: { id } },
            body: { ...body, accept: pending.kind === 'accept' },
          }),
        );
        return t('requestOps.quarantine.reprocessed', {
          status: r.status,
          number: r.requestNumber
            ? ` ${r.requestNumber}`
            : r.reason
              ? ` (${reasonLabel(r.reason)})`
              : '',
        });
      })
      .then((message) => {
        if (!message) return;
        setDone(message);
        setPending(null);
        setReason('');
        list.reload();
      });
  };

  const items = list.data ?? [];
  return (
    <>
      <PageHeader
        title={t('requestOps.quarantine.title')}
        intro={t('requestOps.quarantine.intro')}
      />
      <ErrorAlert
        error={list.error ?? (pending ? null : action.error)}
        onClose={action.clearError}
      />
      {done ? (
        <Notice kind="success" onClose={() => setDone(null)} closeLabel={t('common.close')}>
          <p className="mb-0" data-testid="quarantine-outcome">
            {done}
          </p>
        </Notice>
      ) : null}
      <div className="form-check mb-3">
        <input
          id="show-discarded"
          type="checkbox"
          checked={showDiscarded}
          onChange={(event) => setShowDiscarded(event.target.checked)}
        />
        <label htmlFor="show-discarded">{t('requestOps.quarantine.showDiscarded')}</label>
      </div>
      {list.data && items.length === 0 ? <p>{t('requestOps.quarantine.empty')}</p> : null}
      {items.length > 0 ? (
        <div className="table-responsive">
          <table className="table align-top" data-testid="quarantine">
            <thead>
              <tr>
                <th scope="col">{t('requestOps.quarantine.received')}</th>
                <th scope="col">{t('requestOps.quarantine.sender')}</th>
                <th scope="col">{t('requestOps.quarantine.subject')}</th>
                <th scope="col">{t('requestOps.quarantine.reason')}</th>
                <th scope="col" className="text-end">
                  {t('requestOps.quarantine.attempts')}
                </th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((m) => (
                <tr key={m.id} data-testid="quarantine-row" data-status={m.status}>
                  <td className="small text-nowrap">
                    {clock(m.receivedAt)}
                    <br />
                    <span className="text-secondary">{m.source}</span>
                  </td>
                  <td className="small text-break">{m.sender ?? t('common.none')}</td>
                  <td className="small text-break">{m.subject ?? t('common.none')}</td>
                  <td className="small">
                    <strong>{reasonLabel(m.reason)}</strong>
                    {m.problems.length > 0 ? (
                      <span className="d-block text-secondary">{m.problems.join(', ')}</span>
                    ) : null}
                    {m.status === 'discarded' ? (
                      <span className="d-block">
                        {t('requestOps.quarantine.discardedBy', {
                          user: m.discardedBy ?? '',
                          reason: m.discardReason ?? '',
                        })}
                      </span>
                    ) : null}
                    {m.requestId ? (
                      <Link to={`/richieste/${encodeURIComponent(m.requestId)}`}>→</Link>
                    ) : null}
                  </td>
                  <td className="text-end">{m.attempts}</td>
                  <td>
                    <div className="d-flex flex-wrap gap-1">
                      <Button color="primary" outline size="xs" onClick={() => viewRaw(m)}>
                        {t('requestOps.quarantine.viewRaw')}
                      </Button>
                      {m.status === 'quarantined' ? (
                        <>
                          <Button
                            color="primary"
                            outline
                            size="xs"
                            onClick={() => setPending({ kind: 'reprocess', message: m })}
                          >
                            {t('requestOps.quarantine.reprocess')}
                          </Button>
                          <Button
                            color="primary"
                            outline
                            size="xs"
                            onClick={() => setPending({ kind: 'accept', message: m })}
                          >
                            {t('requestOps.quarantine.accept')}
                          </Button>
                          <Button
                            color="danger"
                            outline
                            size="xs"
                            onClick={() => setPending({ kind: 'discard', message: m })}
                          >
                            {t('requestOps.quarantine.discard')}
                          </Button>
                        </>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Dialog
        open={raw !== null}
        wide
        title={t('requestOps.quarantine.rawTitle')}
        onClose={() => setRaw(null)}
      >
        {/* Text only: the message is never rendered as HTML. */}
        <pre className="vd-request-message small" data-testid="raw-message">
          {raw?.text}
        </pre>
      </Dialog>
      <Dialog
        open={pending !== null}
        title={
          pending
            ? `${t(
                pending.kind === 'discard'
                  ? 'requestOps.quarantine.discard'
                  : pending.kind === 'accept'
                    ? 'requestOps.quarantine.accept'
                    : 'requestOps.quarantine.reprocess',
              )}: ${pending.message.subject ?? pending.message.sender ?? ''}`
            : ''
        }
        onClose={() => setPending(null)}
      >
        <ErrorAlert error={action.error} onClose={action.clearError} />
        <TextAreaField
          label={t('requestOps.quarantine.actionReason')}
          value={reason}
          rows={2}
          onChange={setReason}
        />
        <Button
          color={pending?.kind === 'discard' ? 'danger' : 'primary'}
          disabled={action.pending || reason.trim().length < 5}
          onClick={confirm}
        >
          {t('requestOps.quarantine.confirm')}
        </Button>
      </Dialog>
    </>
  );
}
