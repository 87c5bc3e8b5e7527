import type { ReactNode } from 'react';
import { KpiTile } from '../../components/charts/KpiTile';
import { YearChart } from '../../components/charts/YearChart';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Icon } from '../../components/Icon';
import { Loading } from '../../components/Loading';
import { Panel } from '../../components/Panel';
import { useApi } from '../../hooks/useApi';
import { useT, type MessageKey } from '../../i18n';
import { ReportFiles } from './ReportFiles';
import {
  loadYear,
  loadYearSummary,
  romeMonth,
  type Report,
  type YearSummary,
  type YearTotals,
  type YearView,
} from './reportsApi';
import { useReportFormat, type ReportFormat } from './useReportFormat';

interface YearSectionProps {
  year: number;
  /** Changes when a report was generated, to reload. */
  generation: number;
  /** The year's stored reports (for the download links of each month). */
  reports: readonly Report[];
  /** The year chooser, shown beside the title. */
  yearPicker: ReactNode;
}

/** The "12 su 12" year view and the year summary against the previous year. */
export function YearSection({ year, generation, reports, yearPicker }: YearSectionProps) {
  const state = useApi(
    async (signal) => {
      const [view, summary] = await Promise.all([
        loadYear(year, signal),
        loadYearSummary(year, signal),
      ]);
      return { view, summary };
    },
    [year, generation],
  );
  const t = useT();
  return (
    <>
      <div className="d-flex flex-wrap align-items-center justify-content-between gap-3 mb-3">
        <h2 className="h4 mb-0">{t('reports.year.title', { year })}</h2>
        <div className="d-print-none">{yearPicker}</div>
      </div>
      <ErrorAlert error={state.error} />
      {!state.data && state.loading ? <Loading /> : null}
      {state.data ? (
        <>
          <YearGrid view={state.data.view} reports={reports} />
          <YearComparison summary={state.data.summary} />
        </>
      ) : null}
    </>
  );
}

function YearGrid({ view, reports }: { view: YearView; reports: readonly Report[] }) {
  const t = useT();
  const f = useReportFormat();
  const byId = new Map(reports.map((r) => [r.id, r]));
  return (
    <section
      aria-label={t('reports.year.title', { year: view.year })}
      className="mb-4"
      data-testid="year-view"
    >
      <div className="vd-year-head mb-3">
        <KpiTile
          testId="year-produced"
          label={t('reports.targets.reports')}
          value={t('reports.year.produced', { produced: view.produced, due: view.due })}
          target={t('reports.year.producedOf12', { produced: 12 })}
          met={view.due === 0 ? null : view.produced >= view.due}
          detail={t('reports.year.producedHint', { due: view.due })}
        />
      </div>
      <ol className="vd-year-grid list-unstyled">
        {view.months.map((month) => {
          const report = month.report;
          const stored = report ? byId.get(report.id) : undefined;
          const state = report ? 'produced' : month.due ? 'missing' : 'not_due';
          return (
            <li
              key={month.month}
              className={`vd-year-month vd-year-${state}`}
              data-testid="year-month"
              data-month={month.month}
              data-state={state}
            >
              <div className="vd-year-month-name">{f.month(month.month, false)}</div>
              {report ? (
                <div className="small">
                  <Icon name="it-check-circle" className="icon-sm icon-success me-1" />
                  {report.kind === 'monthly'
                    ? t('reports.year.producedAt', { time: f.minute(report.createdAt) })
                    : t('reports.year.onDemand', { time: f.minute(report.createdAt) })}
                  {report.mailedAt ? (
                    <span className="d-block text-secondary">
                      {t('reports.list.mailedAt', { time: f.minute(report.mailedAt) })}
                    </span>
                  ) : null}
                  {stored ? (
                    <ReportFiles files={stored.files.filter((x) => x.kind === 'pdf')} />
                  ) : null}
                </div>
              ) : (
                <div className="small">
                  {month.due ? (
                    <strong className="text-danger">
                      <Icon name="it-error" className="icon-sm icon-danger me-1" />
                      {t('reports.year.missing')}
                    </strong>
                  ) : (
                    <span className="text-secondary">{t('reports.year.notDue')}</span>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

type RowKind = 'count' | 'hours' | 'ratio';
const ROWS: ReadonlyArray<{ key: keyof Omit<YearTotals, 'year'>; kind: RowKind }> = [
  { key: 'received', kind: 'count' },
  { key: 'evasa', kind: 'count' },
  { key: 'negativa', kind: 'count' },
  { key: 'open', kind: 'count' },
  { key: 'medianHours', kind: 'hours' },
  { key: 'p90Hours', kind: 'hours' },
  { key: 'acquisitions', kind: 'count' },
  { key: 'registered', kind: 'count' },
  { key: 'ratio', kind: 'ratio' },
  { key: 'footageLost', kind: 'count' },
  { key: 'bodycamClips', kind: 'count' },
  { key: 'bodycamHours', kind: 'hours' },
  { key: 'reportsProduced', kind: 'count' },
];

function show(f: ReportFormat, kind: RowKind, value: number | null): string {
  if (kind === 'ratio') return f.percent(value);
  if (kind === 'hours') return f.hours(value);
  return value === null ? f.none : f.count(value);
}

/** "+12", "−3", "+1,5 h", "+2,0 punti"; "—" when either side is unknown. */
function change(f: ReportFormat, kind: RowKind, current: number | null, previous: number | null) {
  if (current === null || previous === null) return f.none;
  const delta = kind === 'ratio' ? (current - previous) * 100 : current - previous;
  if (delta === 0) return '=';
  const sign = delta > 0 ? '+' : '−';
  const magnitude = Math.abs(delta);
  if (kind === 'count') return `${sign}${f.count(magnitude)}`;
  if (kind === 'hours') return `${sign}${f.hours(magnitude)}`;
  return `${sign}${f.percent(magnitude / 100)}`;
}

function YearComparison({ summary }: { summary: YearSummary }) {
  const t = useT();
  const f = useReportFormat();
  const { current, previous } = summary;
  const now = romeMonth();
  const thisYear = Number(now.slice(0, 4));
  const thisMonth = Number(now.slice(5, 7));
  // Months not begun yet have no data: no column rather than a misleading zero.
  const started = (month: number) => summary.year < thisYear || month <= thisMonth;
  return (
    <section aria-labelledby="summary-title" className="mb-4" data-testid="year-summary">
      <h2 id="summary-title" className="h4 mb-3">
        {t('reports.year.summaryTitle', { year: current.year, previous: previous.year })}
      </h2>
      <div className="vd-chart-grid">
        <Panel>
          <div className="table-responsive">
            <table className="table table-sm mb-0" data-testid="year-comparison">
              <thead>
                <tr>
                  <th scope="col">{t('reports.year.indicator')}</th>
                  <th scope="col" className="text-end">
                    {current.year}
                  </th>
                  <th scope="col" className="text-end">
                    {previous.year}
                  </th>
                  <th scope="col" className="text-end">
                    {t('reports.year.change')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {ROWS.map(({ key, kind }) => (
                  <tr key={key} data-key={key}>
                    <th scope="row" className="fw-normal">
                      {t(`reports.year.summary.${key}` as MessageKey)}
                    </th>
                    <td className="text-end fw-semibold" data-testid="current">
                      {show(f, kind, current[key])}
                    </td>
                    <td className="text-end">{show(f, kind, previous[key])}</td>
                    <td className="text-end text-nowrap">
                      {change(f, kind, current[key], previous[key])}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Panel>
        <Panel>
          <YearChart
            testId="chart-year"
            title={t('reports.charts.year')}
            year={summary.year}
            current={summary.months.map((m) => (started(m.month) ? m.current.received : null))}
            previous={summary.months.map((m) => m.previous.received)}
            formatValue={f.count}
          />
        </Panel>
      </div>
    </section>
  );
}
