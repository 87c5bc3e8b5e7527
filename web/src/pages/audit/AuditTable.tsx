import type { AuditEntry } from '../../api/types';
import { useT } from '../../i18n';
import { useFormat } from '../../lib/format';

function Cell({ value }: { value: string | null }) {
  const t = useT();
  return <>{value ?? t('common.none')}</>;
}

export function AuditTable({ entries }: { entries: readonly AuditEntry[] }) {
  const t = useT();
  const format = useFormat();
  return (
    <div className="table-responsive">
      <table className="table table-sm table-hover align-top vd-audit-table">
        <caption className="visually-hidden">{t('audit.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('audit.seq')}</th>
            <th scope="col">{t('audit.at')}</th>
            <th scope="col">{t('audit.actor')}</th>
            <th scope="col">{t('audit.ip')}</th>
            <th scope="col">{t('audit.action')}</th>
            <th scope="col">{t('audit.object')}</th>
            <th scope="col">{t('audit.reason')}</th>
            <th scope="col">{t('audit.caseRef')}</th>
            <th scope="col">{t('audit.recipient')}</th>
            <th scope="col">{t('audit.details')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.seq} data-seq={entry.seq}>
              <th scope="row" className="text-end">
                {entry.seq}
              </th>
              <td className="text-nowrap">
                <time dateTime={entry.at}>{format.dateTime(entry.at)}</time>
              </td>
              <td>
                {entry.actorUsername ?? entry.actorId ?? (
                  <em className="text-secondary">{t('audit.system')}</em>
                )}
              </td>
              <td>
                <Cell value={entry.ip} />
              </td>
              <td>
                <code>{entry.action}</code>
              </td>
              <td>
                {entry.objectType ? (
                  <>
                    <code>{entry.objectType}</code>
                    {entry.objectId ? (
                      <span className="d-block small text-break">{entry.objectId}</span>
                    ) : null}
                  </>
                ) : (
                  t('common.none')
                )}
              </td>
              <td>
                <Cell value={entry.reason} />
              </td>
              <td>
                <Cell value={entry.caseRef} />
              </td>
              <td>
                <Cell value={entry.recipient} />
              </td>
              <td>
                {entry.details ? (
                  <details>
                    <summary>{t('audit.showDetails')}</summary>
                    <pre className="small mb-0 vd-details">
                      {JSON.stringify(entry.details, null, 2)}
                    </pre>
                  </details>
                ) : (
                  t('common.none')
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
