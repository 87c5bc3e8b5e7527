import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { useApi } from '../../hooks/useApi';
import { useT } from '../../i18n';
import { usePermissions } from '../../session/context';
import { loadDisciplinareVersions } from '../bodycams/disciplinareApi';
import {
  dayIt,
  fileUrl,
  KINDS,
  loadRecords,
  TOOLS,
  type ComplianceRecord,
  type Tool,
} from './complianceApi';
import { CameraDpiaSection } from './CameraDpiaSection';
import { RecordForm } from './RecordForm';

const STATUS_BADGE = {
  in_force: 'bg-success',
  superseded: 'bg-secondary',
  scheduled: 'bg-info text-dark',
};

function when(iso: string): string {
  return new Date(iso).toLocaleString('it-IT', { timeZone: 'Europe/Rome' });
}

/** Conformità (G1): per tool the records in force, their history, and the form to add one. */
export function CompliancePage() {
  const t = useT();
  const { can } = usePermissions();
  const manage = can('privacy.manage');
  const records = useApi((s) => loadRecords(s), []);
  const versions = useApi((s) => loadDisciplinareVersions(s), []);

  return (
    <>
      <PageHeader title={t('compliance.title')} intro={t('compliance.intro')} />
      <ErrorAlert error={records.error} />
      {!manage ? <Notice kind="info">{t('compliance.readOnly')}</Notice> : null}
      {records.loading && !records.data ? <Loading /> : null}
      {records.data
        ? TOOLS.map((tool) => <ToolSection key={tool} tool={tool} records={records.data ?? []} />)
        : null}
      {records.data ? (
        <CameraDpiaSection
          manage={manage}
          version={records.data.length}
          dpias={records.data.filter((r) => r.tool === 'cctv' && r.kind === 'dpia')}
        />
      ) : null}
      {manage ? (
        <RecordForm versions={versions.data?.versions ?? []} onSaved={() => records.reload()} />
      ) : null}
    </>
  );
}

function ToolSection({ tool, records }: { tool: Tool; records: ComplianceRecord[] }) {
  const t = useT();
  const mine = records.filter((r) => r.tool === tool);
  const titleId = `compliance-${tool}-title`;
  return (
    <Panel
      as="section"
      aria-labelledby={titleId}
      className="mb-4"
      data-testid={`compliance-${tool}`}
    >
      <h2 className="h4" id={titleId}>
        {t(`compliance.tools.${tool}`)}
      </h2>
      <dl className="row mb-4" data-testid={`compliance-${tool}-in-force`}>
        {KINDS.map((kind) => {
          const r = mine.find((x) => x.kind === kind && x.status === 'in_force');
          return (
            <div className="col-md-6 mb-2" key={kind}>
              <dt>{t(`compliance.kinds.${kind}`)}</dt>
              <dd className="mb-0">
                {r ? (
                  <>
                    <a href={fileUrl(r.id)} target="_blank" rel="noreferrer">
                      {r.title} v{r.version}
                    </a>{' '}
                    <span className="text-secondary">
                      {dayIt(r.documentDate)}
                      {r.reference ? ` · ${r.reference}` : ''}
                    </span>
                  </>
                ) : (
                  <span className="badge bg-warning text-dark">{t('compliance.missing')}</span>
                )}
              </dd>
            </div>
          );
        })}
      </dl>
      <h3 className="h5">{t('compliance.history')}</h3>
      {mine.length === 0 ? (
        <p className="text-secondary">{t('compliance.historyEmpty')}</p>
      ) : (
        <div className="table-responsive">
          <table className="table table-sm align-middle" data-testid={`compliance-${tool}-history`}>
            <thead>
              <tr>
                <th scope="col">{t('compliance.cols.kind')}</th>
                <th scope="col">{t('compliance.cols.title')}</th>
                <th scope="col">{t('compliance.cols.version')}</th>
                <th scope="col">{t('compliance.cols.date')}</th>
                <th scope="col">{t('compliance.cols.reference')}</th>
                <th scope="col">{t('compliance.cols.effective')}</th>
                <th scope="col">{t('compliance.cols.status')}</th>
                <th scope="col">{t('compliance.cols.file')}</th>
              </tr>
            </thead>
            <tbody>
              {mine.map((r) => (
                <tr key={r.id}>
                  <td>
                    {t(`compliance.kinds.${r.kind}`)}
                    {r.disciplinareNumber !== null ? (
                      <small className="d-block text-secondary">
                        {t('compliance.bodycam.disciplinare', { number: r.disciplinareNumber })}
                      </small>
                    ) : null}
                  </td>
                  <td>{r.title}</td>
                  <td>{r.version}</td>
                  <td>{dayIt(r.documentDate)}</td>
                  <td>{r.reference || '—'}</td>
                  <td>{when(r.effectiveFrom)}</td>
                  <td>
                    <span className={`badge ${STATUS_BADGE[r.status]}`}>
                      {t(`compliance.status.${r.status}`)}
                    </span>
                  </td>
                  <td>
                    <a href={fileUrl(r.id)} target="_blank" rel="noreferrer">
                      {r.file.name}
                    </a>
                    <small className="d-block text-secondary font-monospace" title={r.file.sha256}>
                      {t('compliance.cols.sha')} {r.file.sha256.slice(0, 16)}…
                    </small>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
