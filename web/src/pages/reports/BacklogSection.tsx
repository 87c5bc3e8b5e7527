import { Badge } from 'design-react-kit';
import { Link } from 'react-router-dom';
import { isMessageKey, useT } from '../../i18n';
import { useNow } from '../recordings/useNow';
import { Countdown } from '../requests/Countdown';
import { STATE_COLORS } from '../requests/requestsApi';
import type { Kpis } from './reportsApi';
import { useReportFormat } from './useReportFormat';

const SHOWN = 50;

interface BacklogSectionProps {
  kpis: Kpis;
  /** The period reaches now: the countdowns run; otherwise they are frozen at `asOf`. */
  live: boolean;
  skewMs: number;
}

/** Open requests, soonest footage deadline first, with a countdown each. */
export function BacklogSection({ kpis, live, skewMs }: BacklogSectionProps) {
  const t = useT();
  const f = useReportFormat();
  const { items, count } = kpis.backlog;
  const named = (prefix: string, key: string | null) => {
    if (!key) return t('reports.none');
    const full = `${prefix}.${key}`;
    return isMessageKey(full) ? t(full) : key;
  };
  return (
    <section aria-labelledby="backlog-title" className="mb-4">
      <h2 id="backlog-title" className="h4 mb-3">
        {t('reports.sections.backlog')}
      </h2>
      {items.length === 0 ? (
        <p data-testid="backlog-empty">{t('reports.backlog.empty')}</p>
      ) : (
        <div className="table-responsive">
          <table className="table table-sm align-middle" data-testid="backlog">
            <caption className="visually-hidden">{t('reports.backlog.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reports.backlog.number')}</th>
                <th scope="col">{t('reports.backlog.received')}</th>
                <th scope="col">{t('reports.backlog.state')}</th>
                <th scope="col">{t('reports.backlog.eventType')}</th>
                <th scope="col">{t('reports.backlog.requester')}</th>
                <th scope="col">{t('reports.backlog.unit')}</th>
                <th scope="col">{t('reports.backlog.due')}</th>
                <th scope="col">{t('reports.backlog.left')}</th>
                <th scope="col">{t('reports.backlog.held')}</th>
              </tr>
            </thead>
            <tbody>
              {items.slice(0, SHOWN).map((item) => (
                <tr key={item.id} data-testid="backlog-row" data-number={item.number}>
                  <th scope="row" className="text-nowrap">
                    <Link to={`/richieste/${encodeURIComponent(item.id)}`}>{item.number}</Link>
                  </th>
                  <td className="small text-nowrap">{f.dateTime(item.receivedAt)}</td>
                  <td>
                    <Badge color={STATE_COLORS[item.state]}>
                      {t(`requests.states.${item.state}`)}
                    </Badge>
                  </td>
                  <td className="small">{named('requests.eventTypes', item.eventType)}</td>
                  <td className="small">{named('requests.requesterTypes', item.requesterType)}</td>
                  <td className="small">{item.unit ?? t('reports.none')}</td>
                  <td className="small text-nowrap">{f.dateTime(item.dueAt)}</td>
                  <td className="small">
                    {live ? (
                      <LiveCountdown dueAt={item.dueAt} skewMs={skewMs} />
                    ) : (
                      <FrozenLeft hoursLeft={item.hoursLeft} asOf={f.dateTime(kpis.asOf)} />
                    )}
                  </td>
                  <td className="small">
                    {item.held ? t('reports.backlog.heldYes') : t('reports.backlog.heldNo')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {count > SHOWN ? (
            <p className="small text-secondary">
              {t('reports.backlog.more', { count: f.count(count - SHOWN) })}
            </p>
          ) : null}
        </div>
      )}
    </section>
  );
}

/** Its own clock, so the whole dashboard does not re-render every second. */
function LiveCountdown({ dueAt, skewMs }: { dueAt: string | null; skewMs: number }) {
  const now = useNow(1000);
  return <Countdown dueAt={dueAt} skewMs={skewMs} now={now} />;
}

/** A past period: the time left as it was at the end of the period. */
function FrozenLeft({ hoursLeft, asOf }: { hoursLeft: number | null; asOf: string }) {
  const t = useT();
  const f = useReportFormat();
  if (hoursLeft === null) return <span>{t('reports.none')}</span>;
  const hours = f.count(Math.abs(Math.round(hoursLeft)));
  return hoursLeft < 0 ? (
    <span className="text-danger fw-bold">
      {t('reports.backlog.expiredAt', { hours, time: asOf })}
    </span>
  ) : (
    <span>{t('reports.backlog.leftAt', { hours, time: asOf })}</span>
  );
}
