import { Link } from 'react-router-dom';
import { BarChart } from '../../components/charts/BarChart';
import { StackedBar } from '../../components/charts/StackedBar';
import { CHART_COLORS } from '../../components/charts/types';
import { Panel } from '../../components/Panel';
import { isMessageKey, useT } from '../../i18n';
import type { Kpis } from './reportsApi';
import { StatList } from './StatList';
import { useReportFormat } from './useReportFormat';

const CAMERAS_SHOWN = 12;

/** Acquisitions vs registrations, footage lost, holds and cameras, bodycams. */
export function OperationsSections({ kpis }: { kpis: Kpis }) {
  return (
    <>
      <AcquisitionsSection kpis={kpis} />
      <FootageLostSection kpis={kpis} />
      <HoldsCamerasSection kpis={kpis} />
      <BodycamsSection kpis={kpis} />
    </>
  );
}

function AcquisitionsSection({ kpis }: { kpis: Kpis }) {
  const t = useT();
  const f = useReportFormat();
  const a = kpis.acquisitions;
  return (
    <section aria-labelledby="acquisitions-title" className="mb-4">
      <h2 id="acquisitions-title" className="h4 mb-3">
        {t('reports.sections.acquisitions')}
      </h2>
      <Panel>
        <StatList
          testId="acquisitions"
          stats={[
            {
              key: 'acquisitions',
              label: t('reports.acquisitions.acquisitions'),
              value: f.count(a.acquisitions),
            },
            {
              key: 'registered',
              label: t('reports.acquisitions.registered'),
              value: f.count(a.registered),
            },
            { key: 'ratio', label: t('reports.targets.registrations'), value: f.percent(a.ratio) },
            { key: 'failed', label: t('reports.acquisitions.failed'), value: f.count(a.failed) },
            {
              key: 'inProgress',
              label: t('reports.acquisitions.inProgress'),
              value: f.count(a.inProgress),
            },
          ]}
        />
        <h3 className="h6 mt-3">{t('reports.acquisitions.exceptions')}</h3>
        {a.exceptions.length === 0 ? (
          <p className="mb-0">{t('reports.acquisitions.noExceptions')}</p>
        ) : (
          <ul className="mb-0" data-testid="registration-exceptions">
            {a.exceptions.map((e) => (
              <li key={`${e.kind}-${e.ref}`}>
                <strong>{e.ref}</strong> — {t(`reports.acquisitions.exceptionKinds.${e.kind}`)} (
                {f.dateTime(e.at)})
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </section>
  );
}

function FootageLostSection({ kpis }: { kpis: Kpis }) {
  const t = useT();
  const f = useReportFormat();
  const { cases } = kpis.footageLost;
  const state = (s: string) => {
    const key = `requests.states.${s}`;
    return isMessageKey(key) ? t(key) : s;
  };
  return (
    <section aria-labelledby="lost-title" className="mb-4">
      <h2 id="lost-title" className="h4 mb-3">
        {t('reports.sections.footageLost')}
      </h2>
      {cases.length === 0 ? (
        <p data-testid="footage-lost-none">{t('reports.lost.none')}</p>
      ) : (
        <div className="table-responsive">
          <table className="table table-sm" data-testid="footage-lost">
            <caption className="visually-hidden">{t('reports.lost.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reports.lost.number')}</th>
                <th scope="col">{t('reports.lost.received')}</th>
                <th scope="col">{t('reports.lost.due')}</th>
                <th scope="col">{t('reports.lost.state')}</th>
                <th scope="col">{t('reports.lost.unit')}</th>
                <th scope="col">{t('reports.lost.cause')}</th>
              </tr>
            </thead>
            <tbody>
              {cases.map((c) => (
                <tr key={c.requestId} data-testid="footage-lost-row" data-number={c.number}>
                  <th scope="row">
                    <Link to={`/richieste/${encodeURIComponent(c.requestId)}`}>{c.number}</Link>
                  </th>
                  <td className="small">{f.dateTime(c.receivedAt)}</td>
                  <td className="small">{f.dateTime(c.dueAt)}</td>
                  <td className="small">{state(c.state)}</td>
                  <td className="small">{c.unit ?? t('reports.none')}</td>
                  <td className="small">{t(`reports.lost.causes.${c.cause}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function HoldsCamerasSection({ kpis }: { kpis: Kpis }) {
  const t = useT();
  const f = useReportFormat();
  const { holds, cameras } = kpis;
  const shown = cameras.items.slice(0, CAMERAS_SHOWN);
  return (
    <section aria-labelledby="holds-title" className="mb-4">
      <h2 id="holds-title" className="h4 mb-3">
        {t('reports.sections.holdsCameras')}
      </h2>
      <div className="vd-chart-grid">
        <Panel>
          <StatList
            testId="holds-cameras"
            stats={[
              { key: 'active', label: t('reports.holds.active'), value: f.count(holds.active) },
              { key: 'placed', label: t('reports.holds.placed'), value: f.count(holds.placed) },
              {
                key: 'released',
                label: t('reports.holds.released'),
                value: f.count(holds.released),
              },
              { key: 'cameras', label: t('reports.cameras.count'), value: f.count(cameras.count) },
              {
                key: 'uptime',
                label: t('reports.cameras.uptime'),
                value: f.percent(cameras.uptime),
              },
              { key: 'gaps', label: t('reports.cameras.gaps'), value: f.count(cameras.gaps) },
              {
                key: 'gapHours',
                label: t('reports.cameras.gapHours'),
                value: f.hours(cameras.gapHours),
              },
            ]}
          />
        </Panel>
        <Panel>
          <BarChart
            testId="chart-camera-uptime"
            title={t('reports.charts.cameraUptime')}
            items={shown.map((c) => ({
              key: c.id,
              label: `${c.code} · ${c.name}`,
              value: Math.round((c.uptime ?? 0) * 1000) / 10,
              color: (c.uptime ?? 0) < 0.95 ? CHART_COLORS.danger : CHART_COLORS.primary,
            }))}
            formatValue={(v) => f.percent(v / 100)}
          />
        </Panel>
      </div>
    </section>
  );
}

function BodycamsSection({ kpis }: { kpis: Kpis }) {
  const t = useT();
  const f = useReportFormat();
  const b = kpis.bodycams;
  return (
    <section aria-labelledby="bodycams-title" className="mb-4">
      <h2 id="bodycams-title" className="h4 mb-3">
        {t('reports.sections.bodycams')}
      </h2>
      <div className="vd-chart-grid">
        <Panel>
          <StatList
            testId="bodycams"
            stats={[
              { key: 'clips', label: t('reports.bodycams.clips'), value: f.count(b.clips) },
              { key: 'hours', label: t('reports.bodycams.hours'), value: f.hours(b.hours) },
              {
                key: 'onTimeShare',
                label: t('reports.bodycams.onTimeShare'),
                value: f.percent(b.onTimeShare),
              },
              { key: 'overdue', label: t('reports.bodycams.overdue'), value: f.count(b.overdue) },
              {
                key: 'viewings',
                label: t('reports.bodycams.viewings'),
                value: f.count(b.viewings),
              },
              {
                key: 'downloads',
                label: t('reports.bodycams.downloads'),
                value: f.count(b.downloads),
              },
              { key: 'shares', label: t('reports.bodycams.shares'), value: f.count(b.shares) },
            ]}
          />
        </Panel>
        <Panel>
          <StackedBar
            testId="chart-bodycam-categorization"
            title={t('reports.charts.bodycamCategorization')}
            formatValue={f.count}
            items={[
              {
                key: 'onTime',
                label: t('reports.bodycams.categorizedOnTime'),
                value: b.categorizedOnTime,
                color: CHART_COLORS.success,
              },
              {
                key: 'late',
                label: t('reports.bodycams.categorizedLate'),
                value: b.categorizedLate,
                color: CHART_COLORS.warning,
              },
              {
                key: 'overdue',
                label: t('reports.bodycams.overdue'),
                value: b.overdue,
                color: CHART_COLORS.danger,
              },
              {
                key: 'pending',
                label: t('reports.bodycams.pending'),
                value: b.pending,
                color: CHART_COLORS.neutralLight,
              },
            ]}
          />
        </Panel>
      </div>
    </section>
  );
}
