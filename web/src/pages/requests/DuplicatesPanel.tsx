import { Button } from 'design-react-kit';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Notice } from '../../components/Notice';
import { Panel } from '../../components/Panel';
import { TextField } from '../../components/TextField';
import { useAction } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { useT } from '../../i18n';
import { formatPlace, formatWindow, type RequestDetail } from './requestsApi';

interface DuplicatesPanelProps {
  request: RequestDetail;
  onMerged: () => void;
}

/** Possible duplicates of this request: merge one into it, or say it is another event. */
export function DuplicatesPanel({ request, onMerged }: DuplicatesPanelProps) {
  const t = useT();
  const action = useAction();
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const proposals = useApi(
    (signal) =>
      unwrap(
        api.GET('/api/requests/{id}/duplicates', {
          signal,
          params: { path: { id: request.id } },
        }),
      ),
    [request.id, request.updatedAt],
  );
  const items = proposals.data?.items ?? [];
  const path = { params: { path: { id: request.id } } };

  const merge = (sourceId: string, number: string) => {
    void action
      .run(() =>
        unwrap(
          api.POST('/api/requests/{id}/merge', {
            ...path,
            body: { sourceId, reason: reason.trim() },
          }),
        ),
      )
      .then((updated) => {
        if (!updated) return;
        setReason('');
        setMessage(t('requestOps.duplicates.merged', { number }));
        onMerged();
      });
  };

  const dismiss = (otherId: string) => {
    void action
      .run(() =>
        unwrap(
          api.POST('/api/requests/{id}/duplicates/dismiss', {
            ...path,
            body: { otherId, reason: reason.trim() },
          }),
        ),
      )
      .then((done) => {
        if (!done) return;
        setReason('');
        setMessage(t('requestOps.duplicates.dismissed'));
        proposals.reload();
      });
  };

  return (
    <Panel as="section" className="mb-4" aria-labelledby="request-duplicates-title">
      <h2 id="request-duplicates-title" className="h5">
        {t('requestOps.duplicates.title')}
      </h2>
      <p className="small text-secondary">{t('requestOps.duplicates.hint')}</p>
      <ErrorAlert error={action.error ?? proposals.error} onClose={action.clearError} />
      {message ? (
        <Notice kind="success" onClose={() => setMessage(null)} closeLabel={t('common.close')}>
          <p className="mb-0">{message}</p>
        </Notice>
      ) : null}
      {request.merged.length > 0 ? (
        <div className="mb-3" data-testid="merged-requesters">
          <h3 className="h6">{t('requestOps.duplicates.requesters')}</h3>
          <ul className="small mb-0">
            {request.merged.map((m) => (
              <li key={m.id}>
                {[m.requester.rank, m.requester.name].filter(Boolean).join(' ') ||
                  m.requester.email ||
                  t('common.none')}{' '}
                {m.requester.email ? `<${m.requester.email}>` : ''} ·{' '}
                {t('requestOps.duplicates.mergedFrom', { number: m.number })}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {proposals.data && items.length === 0 ? (
        <p className="mb-0">{t('requestOps.duplicates.none')}</p>
      ) : null}
      {items.length > 0 ? (
        <>
          <ul className="list-unstyled" data-testid="duplicate-proposals">
            {items.map(({ request: other, reasons }) => (
              <li key={other.id} className="mb-3" data-number={other.number}>
                <Link to={`/richieste/${encodeURIComponent(other.id)}`}>
                  <strong>{other.number}</strong>
                </Link>{' '}
                <span className="small">
                  {other.requester.name ?? other.requester.email ?? ''} ·{' '}
                  {formatPlace(other.place) ?? ''} · {formatWindow(other.window) ?? ''}
                </span>
                <span className="d-block small text-secondary">
                  {t('requestOps.duplicates.why', { why: reasons.join(', ') })}
                </span>
                <div className="d-flex gap-2 mt-1">
                  <Button
                    color="primary"
                    size="sm"
                    disabled={action.pending || reason.trim().length < 3}
                    onClick={() => merge(other.id, other.number)}
                  >
                    {t('requestOps.duplicates.merge')}
                  </Button>
                  <Button
                    color="secondary"
                    outline
                    size="sm"
                    disabled={action.pending || reason.trim().length < 3}
                    onClick={() => dismiss(other.id)}
                  >
                    {t('requestOps.duplicates.dismiss')}
                  </Button>
                </div>
              </li>
            ))}
          </ul>
          <TextField
            label={t('requestOps.duplicates.mergeReason')}
            hint={t('requests.reasonHint')}
            value={reason}
            onChange={setReason}
          />
        </>
      ) : null}
    </Panel>
  );
}
