import { BarChart } from '../../components/charts/BarChart';
import { StackedBar } from '../../components/charts/StackedBar';
import { CHART_COLORS, type ChartItem } from '../../components/charts/types';
import { Panel } from '../../components/Panel';
import { useT } from '../../i18n';
import type { Count, Kpis } from './reportsApi';
import { useReportFormat, type CountKind } from './useReportFormat';

/** Richieste ricevute (by channel, event, requester) and Esiti e tempi. */
export function RequestsSections({ kpis }: { kpis: Kpis }) {
  const t = useT();
  const f = useReportFormat();
  const items = (kind: CountKind, counts: readonly Count[]): ChartItem[] =>
    counts.map((c) => ({ key: c.key, label: f.label(kind, c), value: c.count }));
  const { outcomes, turnaround } = kpis;
  const outcomeItems: ChartItem[] = [
    { key: 'evasa', label: t('reports.outcomes.evasa'), value: outcomes.evasa },
    { key: 'negativa', label: t('reports.outcomes.negativa'), value: outcomes.negativa },
    { key: 'open', label: t('reports.outcomes.open'), value: outcomes.open },
    { key: 'annullata', label: t('reports.outcomes.annullata'), value: outcomes.annullata },
    { key: 'unita', label: t('reports.outcomes.unita'), value: outcomes.unita },
  ].map((item) => ({ ...item, color: OUTCOME_COLORS[item.key] }));

  return (
    <>
      <section aria-labelledby="requests-title" className="mb-4">
        <h2 id="requests-title" className="h4 mb-3">
          {t('reports.sections.requests')}
        </h2>
        <div className="vd-chart-grid">
          <Panel>
            <BarChart
              testId="chart-channel"
              title={t('reports.charts.byChannel')}
              items={items('channels', kpis.requests.byChannel)}
              formatValue={f.count}
            />
          </Panel>
          <Panel>
            <BarChart
              testId="chart-event-type"
              title={t('reports.charts.byEventType')}
              items={items('eventTypes', kpis.requests.byEventType)}
              formatValue={f.count}
            />
          </Panel>
          <Panel>
            <BarChart
              testId="chart-requester-type"
              title={t('reports.charts.byRequesterType')}
              items={items('requesterTypes', kpis.requests.byRequesterType)}
              formatValue={f.count}
            />
          </Panel>
        </div>
      </section>

      <section aria-labelledby="outcomes-title" className="mb-4">
        <h2 id="outcomes-title" className="h4 mb-3">
          {t('reports.sections.outcomes')}
        </h2>
        <Panel className="mb-3">
          <StackedBar
            testId="chart-outcomes"
            title={t('reports.charts.outcomes')}
            items={outcomeItems}
            formatValue={f.count}
          />
        </Panel>
        <div className="vd-chart-grid">
          <Panel>
            <BarChart
              testId="chart-negative-reasons"
              title={t('reports.charts.negativeByReason')}
              items={items('negativeReasons', outcomes.negativaByReason).map((item) => ({
                ...item,
                color: CHART_COLORS.danger,
              }))}
              formatValue={f.count}
            />
          </Panel>
          <Panel>
            <BarChart
              testId="chart-turnaround"
              orientation="vertical"
              title={t('reports.charts.turnaround')}
              items={items('buckets', turnaround.buckets)}
              formatValue={f.count}
              note={t('reports.charts.turnaroundNote', {
                median: f.hours(turnaround.medianHours),
                p90: f.hours(turnaround.p90Hours),
                count: f.count(turnaround.count),
              })}
            />
          </Panel>
        </div>
      </section>
    </>
  );
}

const OUTCOME_COLORS: Record<string, string> = {
  evasa: CHART_COLORS.success,
  negativa: CHART_COLORS.danger,
  open: CHART_COLORS.warning,
  annullata: CHART_COLORS.neutral,
  unita: CHART_COLORS.neutralLight,
};
