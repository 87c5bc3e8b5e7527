import { Badge, Button } from 'design-react-kit';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { useApi } from '../../hooks/useApi';
import { useT } from '../../i18n';
import { useAuthenticatedSession, usePermissions } from '../../session/context';
import { useNow } from '../recordings/useNow';
import { SearchFromRequestButton } from '../search/SearchFromRequestButton';
import { Countdown } from './Countdown';
import { DuplicatesPanel } from './DuplicatesPanel';
import { EditFieldsDialog } from './EditFieldsDialog';
import { HighlightedText } from './HighlightedText';
import { RequestActions } from './RequestActions';
import { RequestMailPanel } from './RequestMailPanel';
import {
  STATE_COLORS,
  clock,
  formatPlace,
  formatWindow,
  type ParsedField,
  type RequestDetail,
  type RequestState,
} from './requestsApi';
import './requests.css';

const FIELDS: readonly ParsedField[] = [
  'eventType',
  'window',
  'place',
  'references',
  'requester',
  'urgent',
];

function fieldValue(
  r: RequestDetail,
  field: ParsedField,
  t: ReturnType<typeof useT>,
): ReactNode | null {
  switch (field) {
    case 'eventType':
      return r.eventType ? t(`requests.eventTypes.${r.eventType}`) : null;
    case 'window':
      return formatWindow(r.window);
    case 'place':
      return formatPlace(r.place);
    case 'references':
      return r.references.length > 0
        ? r.references.map((ref) => `${ref.kind} ${ref.number}`).join(', ')
        : null;
    case 'requester': {
      const q = r.requester;
      const who = [q.rank, q.name].filter(Boolean).join(' ');
      const extra = [q.badge ? `matr. ${q.badge}` : null, q.unit, q.phone, q.email].filter(Boolean);
      return (
        <>
          {who || t('common.none')}
          {extra.length > 0 ? <span className="d-block small">{extra.join(' · ')}</span> : null}
          <span className="d-block small text-secondary">
            {t(`requests.requesterTypes.${q.type}`)}
          </span>
        </>
      );
    }
    case 'urgent':
      return r.urgent ? t('requests.urgent') : t('common.no');
  }
}

function Confidence({ value }: { value: number | undefined }) {
  if (value === undefined) return null;
  const pct = Math.round(value * 100);
  const color = value >= 0.8 ? 'success' : value >= 0.5 ? 'warning' : 'danger';
  return <Badge color={color}>{pct}%</Badge>;
}

/** One request: the fields as understood, the original text, the holds, the history, actions. */
export function RequestDetailPage() {
  const t = useT();
  const { id = '' } = useParams();
  const session = useAuthenticatedSession();
  const { can } = usePermissions();
  const now = useNow(1000);
  const request = useApi(
    (signal) => unwrap(api.GET('/api/requests/{id}', { signal, params: { path: { id } } })),
    [id],
  );
  const r = request.data;
  const [editing, setEditing] = useState(false);
  const open = r ? r.state === 'ricevuta' || r.state === 'in_lavorazione' : false;
  const stateLabel = (state: string | null) =>
    state && state in STATE_COLORS ? t(`requests.states.${state as RequestState}`) : (state ?? '…');

  return (
    <>
      <p className="mb-2">
        <Link to="/richieste">← {t('requests.back')}</Link>
      </p>
      <PageHeader
        title={r ? t('requests.detailTitle', { number: r.number }) : t('requests.title')}
        actions={r ? <SearchFromRequestButton requestId={r.id} /> : undefined}
      />
      <ErrorAlert error={request.error} />
      {!r && request.loading ? <Loading /> : null}
      {r ? (
        <div className="row g-4" data-testid="request-detail" data-number={r.number}>
          <div className="col-lg-7">
            <Panel as="section" className="mb-4" aria-labelledby="request-summary-title">
              <h2 id="request-summary-title" className="visually-hidden">
                {t('requests.state')}
              </h2>
              <div className="d-flex flex-wrap gap-2 align-items-center mb-3">
                <Badge color={STATE_COLORS[r.state]} testId="request-state">
                  {t(`requests.states.${r.state}`)}
                </Badge>
                {r.daSmistare ? <Badge color="danger">{t('requests.daSmistare')}</Badge> : null}
                {r.urgent ? <Badge color="warning">{t('requests.urgent')}</Badge> : null}
                <span className="ms-auto">
                  {t('requests.expiry')}: <Countdown dueAt={r.dueAt} skewMs={0} now={now} />
                </span>
              </div>
              <dl className="row mb-0 small">
                <dt className="col-sm-4">{t('requests.received')}</dt>
                <dd className="col-sm-8">
                  {clock(r.createdAt)} · {t(`requests.channels.${r.channel}`)}
                </dd>
                <dt className="col-sm-4">{t('requests.subject')}</dt>
                <dd className="col-sm-8 text-break">{r.subject || t('common.none')}</dd>
                <dt className="col-sm-4">{t('requests.assignedTo')}</dt>
                <dd className="col-sm-8" data-testid="assigned-to">
                  {r.assignedName ?? t('requests.nobody')}
                </dd>
                {r.negativeReason ? (
                  <>
                    <dt className="col-sm-4">{t('requests.negativeReason')}</dt>
                    <dd className="col-sm-8">
                      {t(`requests.negativeReasons.${r.negativeReason}`)}
                    </dd>
                  </>
                ) : null}
                {r.evidenceId ? (
                  <>
                    <dt className="col-sm-4">{t('requestOps.outcome.evidence')}</dt>
                    <dd className="col-sm-8" data-testid="evidence-id">
                      {r.evidenceId}
                    </dd>
                  </>
                ) : null}
                {r.stateReason ? (
                  <>
                    <dt className="col-sm-4">{t('requests.reason')}</dt>
                    <dd className="col-sm-8 text-break">{r.stateReason}</dd>
                  </>
                ) : null}
              </dl>
              {r.daSmistare && r.triageNotes.length > 0 ? (
                <p className="text-danger small mt-2 mb-0">
                  {t('requests.triage', { notes: r.triageNotes.join('; ') })}
                </p>
              ) : null}
            </Panel>

            <Panel as="section" className="mb-4" aria-labelledby="request-fields-title">
              <div className="d-flex align-items-start">
                <h2 id="request-fields-title" className="h5">
                  {t('requests.fields')}
                </h2>
                {can('request.process') && open ? (
                  <Button
                    color="primary"
                    outline
                    size="sm"
                    className="ms-auto"
                    onClick={() => setEditing(true)}
                  >
                    {t('requestOps.edit.button')}
                  </Button>
                ) : null}
              </div>
              <table className="table table-sm mb-0" data-testid="request-fields">
                <thead>
                  <tr>
                    <th scope="col">{t('requests.field')}</th>
                    <th scope="col">{t('requests.value')}</th>
                    <th scope="col" className="text-end">
                      {t('requests.confidence')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {FIELDS.map((field) => {
                    const value = fieldValue(r, field, t);
                    const missing = r.parse?.missing.includes(field) ?? false;
                    return (
                      <tr key={field} data-field={field}>
                        <th scope="row" className="small">
                          {t(`requests.fieldNames.${field}`)}
                        </th>
                        <td className="small text-break">
                          {value ?? t('common.none')}
                          {missing ? (
                            <Badge color="danger" className="ms-2">
                              {t('requests.missing')}
                            </Badge>
                          ) : null}
                        </td>
                        <td className="text-end">
                          <Confidence value={r.parse?.confidence[field]} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </Panel>

            <Panel as="section" className="mb-4" aria-labelledby="request-message-title">
              <h2 id="request-message-title" className="h5">
                {t('requests.message')}
              </h2>
              {r.parse ? (
                <>
                  <p className="small text-secondary">{t('requests.messageHint')}</p>
                  <HighlightedText text={r.parse.bodyText} spans={r.parse.spans} />
                </>
              ) : (
                <>
                  <p className="small text-secondary">{t('requests.noMessage')}</p>
                  {r.description ? <pre className="vd-request-message">{r.description}</pre> : null}
                </>
              )}
            </Panel>
          </div>

          <div className="col-lg-5">
            {can('request.process') ? (
              <RequestActions
                request={r}
                myUserId={session.user.id}
                onUpdated={(updated) => request.setData(() => updated)}
              />
            ) : null}

            {can('request.process') && (open || r.merged.length > 0) ? (
              <DuplicatesPanel request={r} onMerged={() => request.reload()} />
            ) : null}

            {can('request.process') ? (
              <RequestMailPanel requestId={r.id} version={r.updatedAt} />
            ) : null}

            <Panel as="section" className="mb-4" aria-labelledby="request-holds-title">
              <h2 id="request-holds-title" className="h5">
                {t('requests.holds')}
              </h2>
              {r.holds.length === 0 ? <p className="mb-0">{t('requests.noHolds')}</p> : null}
              <ul className="list-unstyled mb-0" data-testid="request-holds">
                {r.holds.map((hold) => (
                  <li key={hold.id} className="mb-2" data-hold-id={hold.id} data-state={hold.state}>
                    <strong>
                      {hold.cameras.map((c) => c.code ?? c.id).join(', ') || t('common.none')}
                    </strong>{' '}
                    <Badge color={hold.state === 'active' ? 'warning' : 'secondary'}>
                      {t(`holds.states.${hold.state as 'active' | 'released' | 'expired'}`)}
                    </Badge>
                    <span className="d-block small">
                      {hold.cameras
                        .map((c) => c.name)
                        .filter(Boolean)
                        .join(', ')}
                    </span>
                    <span className="d-block small text-secondary">
                      {t('requests.holdWindow', { from: clock(hold.from), to: clock(hold.to) })}
                    </span>
                  </li>
                ))}
              </ul>
            </Panel>

            <Panel as="section" className="mb-4" aria-labelledby="request-comments-title">
              <h2 id="request-comments-title" className="h5">
                {t('requests.comments')}
              </h2>
              {r.comments.length === 0 ? <p className="mb-0">{t('requests.noComments')}</p> : null}
              <ul className="list-unstyled mb-0">
                {r.comments.map((c) => (
                  <li key={c.id} className="mb-2">
                    <span className="small text-secondary">
                      {clock(c.createdAt)} · {c.author}
                    </span>
                    <span className="d-block text-break">{c.text}</span>
                  </li>
                ))}
              </ul>
            </Panel>

            <Panel as="section" aria-labelledby="request-history-title">
              <h2 id="request-history-title" className="h5">
                {t('requests.history')}
              </h2>
              {r.history.length === 0 ? <p className="mb-0">{t('requests.noHistory')}</p> : null}
              <ol className="list-unstyled mb-0 small" data-testid="request-history">
                {r.history.map((h, index) => (
                  <li key={`${h.at}-${index}`} className="mb-2">
                    <span className="text-secondary">{clock(h.at)}</span> · {h.actor} ·{' '}
                    <strong>{h.action}</strong>
                    {h.fromState || h.toState ? (
                      <span>
                        {' '}
                        ({stateLabel(h.fromState)} → {stateLabel(h.toState)})
                      </span>
                    ) : null}
                    {h.reason ? <span className="d-block text-break">{h.reason}</span> : null}
                  </li>
                ))}
              </ol>
            </Panel>
          </div>
        </div>
      ) : null}
      {editing && r ? (
        <EditFieldsDialog
          request={r}
          onClose={() => setEditing(false)}
          onSaved={(updated) => {
            setEditing(false);
            request.setData(() => updated);
          }}
        />
      ) : null}
    </>
  );
}
