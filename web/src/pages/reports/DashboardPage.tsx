import { Button } from 'design-react-kit';
import { useSearchParams } from 'react-router-dom';
import { KpiTile } from '../../components/charts/KpiTile';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Icon } from '../../components/Icon';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { useApi } from '../../hooks/useApi';
import { useT } from '../../i18n';
import { BacklogSection } from './BacklogSection';
import { OperationsSections } from './OperationsSections';
import { PeriodFilterForm } from './PeriodFilterForm';
import { RequestsSections } from './RequestsSections';
import { filterToParams, loadKpis, readFilter, type Kpis, type PeriodFilter } from './reportsApi';
import { useReportFormat } from './useReportFormat';

interface Loaded {
  kpis: Kpis;
  /** Local time when the answer arrived (for the countdowns' clock skew). */
  loadedAt: number;
}

/** Report → Cruscotto: the period's indicators against the targets, charts and lists. */
export function DashboardPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const filter = readFilter(params);
  const key = JSON.stringify(filterToParams(filter));
  const state = useApi(
    async (signal): Promise<Loaded> => ({
      kpis: await loadKpis(filter, signal),
      loadedAt: Date.now(),
    }),
    [key],
  );
  const choose = (next: PeriodFilter) => setParams(filterToParams(next));

  return (
    <>
      <PageHeader
        title={t('reports.dashboard.title')}
        intro={t('reports.dashboard.intro')}
        actions={
          <>
            <Button
              color="primary"
              outline
              icon
              onClick={state.reload}
              disabled={state.loading}
              className="d-print-none"
            >
              <Icon name="it-restore" />
              <span>{t('reports.dashboard.refresh')}</span>
            </Button>
            <Button
              color="primary"
              outline
              icon
              onClick={() => window.print()}
              className="d-print-none"
            >
              <Icon name="it-print" />
              <span>{t('reports.dashboard.print')}</span>
            </Button>
          </>
        }
      />
      <Panel as="section" className="mb-4 d-print-none" aria-label={t('reports.filters.title')}>
        <PeriodFilterForm
          key={key}
          value={filter}
          onChange={choose}
          submitLabel={t('reports.filters.apply')}
          pending={state.loading}
          testId="dashboard-filter"
        />
        {filter.unit ? (
          <p className="small text-secondary mb-0">{t('reports.filters.unitNote')}</p>
        ) : null}
      </Panel>
      <ErrorAlert error={state.error} />
      {!state.data && state.loading ? <Loading /> : null}
      {state.data ? (
        // While another period loads, the previous one stays visible but dimmed.
        <div aria-busy={state.loading} className={state.loading ? 'vd-report-stale' : undefined}>
          <Dashboard kpis={state.data.kpis} loadedAt={state.data.loadedAt} />
        </div>
      ) : null}
    </>
  );
}

function Dashboard({ kpis, loadedAt }: Loaded) {
  const t = useT();
  const f = useReportFormat();
  const live = Date.parse(kpis.period.to) > Date.parse(kpis.extractedAt);
  const skewMs = Date.parse(kpis.extractedAt) - loadedAt;
  const lost = kpis.footageLost.count;
  return (
    <div
      className="vd-report-print"
      data-testid="dashboard"
      data-period={kpis.period.month ?? kpis.period.label}
    >
      <p className="vd-report-meta" data-testid="dashboard-meta">
        <strong>{t('reports.dashboard.period', { label: f.period(kpis.period) })}</strong>
        <span>
          {t('reports.dashboard.unit', { unit: kpis.unit ?? t('reports.filters.allUnits') })}
        </span>
        <span data-testid="extracted-at" data-value={kpis.extractedAt}>
          {t('reports.dashboard.extractedAt', { time: f.dateTime(kpis.extractedAt) })}
        </span>
        {live ? null : <span>{t('reports.dashboard.asOf', { time: f.dateTime(kpis.asOf) })}</span>}
      </p>

      <section aria-labelledby="targets-title" className="mb-4">
        <h2 id="targets-title" className="h4 mb-3">
          {t('reports.dashboard.targetsTitle')}
        </h2>
        <div className="vd-kpi-grid" data-testid="targets">
          {kpis.targets.map((target) => (
            <KpiTile
              key={target.key}
              testId={`target-${target.key}`}
              label={t(`reports.targets.${target.key}`)}
              value={target.value}
              target={target.target}
              met={target.met}
              detail={
                target.key === 'registrations'
                  ? t('reports.kpi.registrationsDetail', {
                      registered: f.count(kpis.acquisitions.registered),
                      acquisitions: f.count(kpis.acquisitions.acquisitions),
                    })
                  : target.key === 'footage_lost'
                    ? t('reports.kpi.lostDetail', { count: f.count(lost) })
                    : undefined
              }
            />
          ))}
        </div>
      </section>

      <section aria-labelledby="activity-title" className="mb-4">
        <h2 id="activity-title" className="h4 mb-3">
          {t('reports.dashboard.activityTitle')}
        </h2>
        <div className="vd-kpi-grid" data-testid="activity">
          <KpiTile
            testId="kpi-received"
            label={t('reports.kpi.received')}
            value={f.count(kpis.requests.received)}
          />
          <KpiTile
            testId="kpi-evasa"
            label={t('reports.kpi.evasa')}
            value={f.count(kpis.outcomes.evasa)}
          />
          <KpiTile
            testId="kpi-negativa"
            label={t('reports.kpi.negativa')}
            value={f.count(kpis.outcomes.negativa)}
          />
          <KpiTile
            testId="kpi-backlog"
            label={t('reports.kpi.backlog')}
            value={f.count(kpis.backlog.count)}
            detail={t('reports.kpi.backlogDetail', {
              expired: f.count(kpis.backlog.expired),
              due: f.count(kpis.backlog.dueWithin24h),
            })}
          />
          <KpiTile
            testId="kpi-turnaround"
            label={t('reports.kpi.turnaroundMedian')}
            value={f.hours(kpis.turnaround.medianHours)}
            detail={t('reports.kpi.turnaroundDetail', {
              p90: f.hours(kpis.turnaround.p90Hours),
              count: f.count(kpis.turnaround.count),
            })}
          />
        </div>
      </section>

      <RequestsSections kpis={kpis} />
      <BacklogSection kpis={kpis} live={live} skewMs={skewMs} />
      <OperationsSections kpis={kpis} />
    </div>
  );
}
