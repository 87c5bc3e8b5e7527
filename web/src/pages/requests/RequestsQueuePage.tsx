import { Badge, Button } from 'design-react-kit';
import { useEffect } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Icon } from '../../components/Icon';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { formatTimeOfDay } from '../../components/timeline/rome';
import { useApi } from '../../hooks/useApi';
import { useT } from '../../i18n';
import { usePermissions } from '../../session/context';
import { useNow } from '../recordings/useNow';
import { Countdown } from './Countdown';
import { STATE_COLORS, clock, formatPlace, formatWindow, type RequestSummary } from './requestsApi';
import './requests.css';

const REFRESH_MS = 10_000;

interface QueueData {
  items: RequestSummary[];
  skewMs: number;
  loadedAt: number;
  /** Cameras under an active hold, by request id; null without hold.manage. */
  heldCameras: Map<string, number> | null;
}

async function loadQueue(signal: AbortSignal, withHolds: boolean): Promise<QueueData> {
  const [queue, holds] = await Promise.all([
    unwrap(api.GET('/api/requests/queue', { signal })),
    withHolds ? unwrap(api.GET('/api/holds', { signal, params: { query: {} } })) : null,
  ]);
  const loadedAt = Date.now();
  let heldCameras: Map<string, number> | null = null;
  if (holds) {
    const sets = new Map<string, Set<string>>();
    for (const hold of holds.items) {
      if (!hold.requestId || hold.state !== 'active') continue;
      const set = sets.get(hold.requestId) ?? new Set<string>();
      hold.cameras.forEach((camera) => set.add(camera.id));
      sets.set(hold.requestId, set);
    }
    heldCameras = new Map([...sets].map(([id, set]) => [id, set.size]));
  }
  return { items: queue.items, skewMs: Date.parse(queue.now) - loadedAt, loadedAt, heldCameras };
}

/** Richieste: the operators' queue of open footage requests, with the countdown to expiry. */
export function RequestsQueuePage() {
  const t = useT();
  const { can } = usePermissions();
  const withHolds = can('hold.manage');
  const queue = useApi((signal) => loadQueue(signal, withHolds), [withHolds]);
  const now = useNow(1000);
  const { reload } = queue;

  useEffect(() => {
    const timer = window.setInterval(reload, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  const data = queue.data;
  return (
    <>
      <PageHeader
        title={t('requests.title')}
        intro={t('requests.intro')}
        actions={
          <Button color="primary" outline icon onClick={reload} disabled={queue.loading}>
            <Icon name="it-restore" />
            <span>{t('common.refresh')}</span>
          </Button>
        }
      />
      <ErrorAlert error={queue.error} />
      {!data && queue.loading ? <Loading /> : null}
      {data ? (
        <p className="small text-secondary mb-2">
          {t('requests.updatedAt', { time: formatTimeOfDay(data.loadedAt, true) })}
        </p>
      ) : null}
      {data && data.items.length === 0 ? <p>{t('requests.empty')}</p> : null}
      {data && data.items.length > 0 ? (
        <div className="table-responsive">
          <table className="table table-hover align-top vd-requests" data-testid="requests-queue">
            <caption className="visually-hidden">{t('requests.queueCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('requests.number')}</th>
                <th scope="col">{t('requests.received')}</th>
                <th scope="col">{t('requests.requester')}</th>
                <th scope="col">{t('requests.eventType')}</th>
                <th scope="col">{t('requests.place')}</th>
                <th scope="col">{t('requests.window')}</th>
                <th scope="col">{t('requests.state')}</th>
                <th scope="col" className="text-end">
                  {t('requests.heldCameras')}
                </th>
                <th scope="col">{t('requests.expiry')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((r) => (
                <tr
                  key={r.id}
                  data-testid="request-row"
                  data-number={r.number}
                  className={r.daSmistare ? 'vd-request-triage' : undefined}
                >
                  <th scope="row" className="text-nowrap">
                    <Link to={`/richieste/${encodeURIComponent(r.id)}`}>{r.number}</Link>
                    {r.daSmistare ? (
                      <Badge color="danger" className="d-block mt-1" testId="da-smistare">
                        {t('requests.daSmistare')}
                      </Badge>
                    ) : null}
                    {r.urgent ? (
                      <Badge color="warning" className="d-block mt-1">
                        {t('requests.urgent')}
                      </Badge>
                    ) : null}
                  </th>
                  <td className="small text-nowrap">
                    {clock(r.createdAt)}
                    <br />
                    <span className="text-secondary">{t(`requests.channels.${r.channel}`)}</span>
                  </td>
                  <td className="small">
                    {r.requester.name ?? r.requester.email ?? t('common.none')}
                    <br />
                    <span className="text-secondary">
                      {t(`requests.requesterTypes.${r.requester.type}`)}
                    </span>
                  </td>
                  <td className="small">
                    {r.eventType ? t(`requests.eventTypes.${r.eventType}`) : t('common.none')}
                  </td>
                  <td className="small text-break">{formatPlace(r.place) ?? t('common.none')}</td>
                  <td className="small text-nowrap">
                    {formatWindow(r.window) ?? t('common.none')}
                  </td>
                  <td>
                    <Badge color={STATE_COLORS[r.state]} testId="request-state">
                      {t(`requests.states.${r.state}`)}
                    </Badge>
                    {r.assignedName ? (
                      <span className="d-block small mt-1">{r.assignedName}</span>
                    ) : null}
                  </td>
                  <td className="text-end" data-testid="held-cameras">
                    {data.heldCameras ? (data.heldCameras.get(r.id) ?? 0) : t('common.none')}
                  </td>
                  <td>
                    <Countdown dueAt={r.dueAt} skewMs={data.skewMs} now={now} />
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
