import { Badge } from 'design-react-kit';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { SelectField } from '../../components/SelectField';
import { useAction } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { useT } from '../../i18n';
import { ReportFiles } from './ReportFiles';
import { PeriodFilterForm } from './PeriodFilterForm';
import {
  generateReport,
  loadReports,
  previousMonth,
  romeMonth,
  type PeriodFilter,
  type Report,
} from './reportsApi';
import { useReportFormat } from './useReportFormat';
import { YearSection } from './YearSection';

const YEARS_BACK = 5;

/** Report → Rapporti mensili: generate on demand, the stored reports, the year view. */
export function ReportsPage() {
  const t = useT();
  const f = useReportFormat();
  const [params, setParams] = useSearchParams();
  const thisYear = Number(romeMonth().slice(0, 4));
  const asked = Number(params.get('anno'));
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= thisYear ? asked : thisYear;
  // Bumped after a report is generated, so the list and the year view reload.
  const [generation, setGeneration] = useState(0);
  const reports = useApi((signal) => loadReports(year, signal), [year, generation]);
  const action = useAction();
  const [created, setCreated] = useState<Report | null>(null);
  const [filter, setFilter] = useState<PeriodFilter>({
    mode: 'month',
    month: previousMonth(romeMonth()),
    unit: '',
  });

  const generate = async (next: PeriodFilter) => {
    setFilter(next);
    setCreated(null);
    const report = await action.run(() => generateReport(next));
    if (!report) return;
    setCreated(report);
    setGeneration((g) => g + 1);
  };

  return (
    <>
      <PageHeader title={t('reports.list.title')} intro={t('reports.list.intro')} />
      <Panel as="section" className="mb-4 d-print-none" aria-labelledby="generate-title">
        <h2 id="generate-title" className="h5 mb-3">
          {t('reports.list.generateTitle')}
        </h2>
        <PeriodFilterForm
          value={filter}
          onChange={(next) => void generate(next)}
          submitLabel={action.pending ? t('reports.list.generating') : t('reports.list.generate')}
          pending={action.pending}
          testId="generate-form"
        />
        <ErrorAlert error={action.error} />
        {created ? (
          <Notice kind="success" className="mt-3 mb-0">
            <div data-testid="report-generated" data-id={created.id}>
              <p className="mb-2">
                {t('reports.list.generated', { label: f.period(created.period) })}
              </p>
              <ReportFiles files={created.files} />
            </div>
          </Notice>
        ) : null}
      </Panel>

      <YearSection
        year={year}
        generation={generation}
        reports={reports.data ?? []}
        yearPicker={
          <SelectField
            className="mb-0 vd-year-select"
            label={t('reports.year.choose')}
            value={String(year)}
            onChange={(v) => setParams({ anno: v })}
            options={Array.from({ length: YEARS_BACK }, (_, i) => {
              const y = String(thisYear - i);
              return { value: y, label: y };
            })}
          />
        }
      />

      <section aria-labelledby="list-title" className="mb-4">
        <h2 id="list-title" className="h4 mb-3">
          {t('reports.list.caption')} {year}
        </h2>
        <ErrorAlert error={reports.error} />
        {!reports.data && reports.loading ? <Loading /> : null}
        {reports.data ? <ReportTable reports={reports.data} /> : null}
      </section>
    </>
  );
}

function ReportTable({ reports }: { reports: readonly Report[] }) {
  const t = useT();
  const f = useReportFormat();
  if (reports.length === 0) return <p data-testid="reports-empty">{t('reports.list.empty')}</p>;
  return (
    <div className="table-responsive">
      <table className="table align-top" data-testid="reports-list">
        <caption className="visually-hidden">{t('reports.list.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('reports.list.period')}</th>
            <th scope="col">{t('reports.list.kind')}</th>
            <th scope="col">{t('reports.list.createdAt')}</th>
            <th scope="col">{t('reports.list.mailed')}</th>
            <th scope="col">{t('reports.list.files')}</th>
          </tr>
        </thead>
        <tbody>
          {reports.map((report) => (
            <tr
              key={report.id}
              data-testid="report-row"
              data-id={report.id}
              data-period={report.period.month ?? report.period.label}
            >
              <th scope="row">
                {f.period(report.period)}
                <span className="d-block small text-secondary fw-normal">
                  {report.unit ?? t('reports.list.allUnits')}
                </span>
              </th>
              <td>
                <Badge color={report.kind === 'monthly' ? 'primary' : 'secondary'}>
                  {t(`reports.list.kinds.${report.kind}`)}
                </Badge>
              </td>
              <td className="small">
                {f.dateTime(report.createdAt)}
                <span className="d-block text-secondary">
                  {t('reports.list.createdBy', { name: report.createdBy })}
                </span>
                <span className="d-block text-secondary">
                  {t('reports.list.extractedAt', { time: f.dateTime(report.extractedAt) })}
                </span>
              </td>
              <td className="small">
                {report.mailedAt ? (
                  <>
                    {t('reports.list.mailedAt', { time: f.dateTime(report.mailedAt) })}
                    <span className="d-block text-secondary text-break">
                      {report.recipients.join(', ')}
                    </span>
                  </>
                ) : (
                  t('reports.list.notMailed')
                )}
              </td>
              <td>
                {report.status === 'failed' ? (
                  <span className="text-danger small">
                    {t('reports.list.failed', { error: report.error ?? '' })}
                  </span>
                ) : (
                  <ReportFiles files={report.files} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
