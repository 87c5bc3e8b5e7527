import { Icon } from '../../components/Icon';
import { useT } from '../../i18n';
import { formatBytes, type ReportFile } from './reportsApi';
import { useReportFormat } from './useReportFormat';

const KIND_LABELS: Record<ReportFile['kind'], string> = { pdf: 'PDF', xlsx: 'XLSX', csv: 'CSV' };
const FILE_ICONS: Record<ReportFile['kind'], string> = {
  pdf: 'it-file-pdf',
  xlsx: 'it-file-xlsx',
  csv: 'it-file-csv',
};
const KIND_ORDER: readonly ReportFile['kind'][] = ['pdf', 'xlsx', 'csv'];

/** Download links of a stored report (each download is audited by the server). */
export function ReportFiles({ files }: { files: readonly ReportFile[] }) {
  const t = useT();
  const f = useReportFormat();
  const sorted = [...files].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  return (
    <ul className="list-inline mb-0 vd-report-files">
      {sorted.map((file) => (
        <li key={file.kind} className="list-inline-item">
          <a
            href={file.url}
            download={file.name}
            data-testid={`report-file-${file.kind}`}
            aria-label={t('reports.list.download', {
              kind: KIND_LABELS[file.kind],
              size: formatBytes(file.bytes, f.locale),
            })}
            title={file.name}
            className="text-nowrap"
          >
            <Icon name={FILE_ICONS[file.kind]} className="icon-sm icon-primary" />
            <span className="ms-1">{KIND_LABELS[file.kind]}</span>
            <span className="small text-secondary ms-1">({formatBytes(file.bytes, f.locale)})</span>
          </a>
        </li>
      ))}
    </ul>
  );
}
