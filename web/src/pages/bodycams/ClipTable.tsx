import type { ReactNode } from 'react';
import { useT } from '../../i18n';
import { useFormat } from '../../lib/format';
import { formatDuration, type Clip } from './bodycamsApi';

/** The clips as a table; `action` renders the row's button. */
export function ClipTable({
  clips,
  showOfficer,
  action,
}: {
  clips: Clip[];
  showOfficer: boolean;
  action: (clip: Clip) => ReactNode;
}) {
  const t = useT();
  const fmt = useFormat();
  return (
    <div className="table-responsive">
      <table className="table align-middle" data-testid="bodycam-clips">
        <thead>
          <tr>
            <th scope="col">{t('bodycams.clips.cols.recorded')}</th>
            <th scope="col">{t('bodycams.clips.cols.duration')}</th>
            <th scope="col">{t('bodycams.clips.cols.serial')}</th>
            {showOfficer ? <th scope="col">{t('bodycams.clips.cols.officer')}</th> : null}
            <th scope="col">{t('compliance.bodycam.commandsAndRules')}</th>
            <th scope="col">{t('bodycams.clips.cols.category')}</th>
            <th scope="col">{t('bodycams.clips.cols.state')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {clips.map((c) => (
            <tr key={c.id} data-clip-id={c.id} className={c.overdue ? 'table-warning' : undefined}>
              <td>{fmt.dateTime(c.recordedStart)}</td>
              <td>{formatDuration(c.durationSeconds)}</td>
              <td className="font-monospace text-nowrap">{c.serial}</td>
              {showOfficer ? <td>{c.officerName ?? '—'}</td> : null}
              <td data-testid="clip-commands">
                {c.commands.join(' + ')}
                {c.partnerCommand ? (
                  <span className="badge bg-info text-dark ms-1">
                    {t('compliance.bodycam.joint')}
                  </span>
                ) : null}
                <small className="d-block text-secondary" data-testid="clip-rules">
                  {t('compliance.bodycam.disciplinare', { number: c.disciplinareNumber })} ·{' '}
                  {c.dpia
                    ? `${t('compliance.bodycam.dpia')} ${c.dpia.title} v${c.dpia.version}`
                    : t('compliance.bodycam.dpiaNone')}
                </small>
              </td>
              <td>
                {c.categoryLabel ?? '—'}
                {c.activationReason ? (
                  <small className="d-block text-secondary">{c.activationReason}</small>
                ) : null}
              </td>
              <td>
                <div className="d-flex flex-wrap gap-1">
                  {c.overdue ? (
                    <span className="badge bg-danger">{t('bodycams.clips.overdue')}</span>
                  ) : c.category ? (
                    <span className="badge bg-success">{t('bodycams.clips.categorized')}</span>
                  ) : (
                    <span className="badge bg-warning text-dark">
                      {t('bodycams.clips.toCategorize')}
                    </span>
                  )}
                  {c.legalHold ? (
                    <span className="badge bg-dark">{t('bodycams.clips.legalHold')}</span>
                  ) : null}
                  {c.flags.map((f) => (
                    <span key={f} className="badge bg-secondary">
                      {t(`bodycams.clips.flags.${f}`)}
                    </span>
                  ))}
                  {c.notUsableForAdministrativeOffences ? (
                    <span className="badge border border-danger text-danger">
                      {t('bodycams.clips.notUsable')}
                    </span>
                  ) : null}
                </div>
                {!c.category ? (
                  <small className="d-block text-secondary">
                    {t('bodycams.clips.cols.due')}: {fmt.dateTime(c.categorizeDueAt)}
                  </small>
                ) : null}
              </td>
              <td className="text-end">{action(c)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
