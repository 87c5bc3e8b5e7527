import { useT } from '../../i18n';
import type { Rules } from './disciplinareApi';

/** Hours as read by people: "168 ore (7 giorni)". */
export function useRetentionText() {
  const t = useT();
  return (hours: number | null): string => {
    if (hours === null) return t('compliance.disciplinare.legalHold');
    const h = t('compliance.disciplinare.hours', { n: hours });
    return hours % 24 === 0 ? `${h} (${t('compliance.disciplinare.days', { n: hours / 24 })})` : h;
  };
}

/** A version's rules, read-only. */
export function DisciplinareRules({ rules, testId }: { rules: Rules; testId?: string }) {
  const t = useT();
  const retention = useRetentionText();
  const reminders = rules.reminderHoursBefore ?? [];
  return (
    <div data-testid={testId}>
      <h4 className="h6">{t('compliance.disciplinare.reasons')}</h4>
      <ul>
        {rules.activationReasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      <h4 className="h6">{t('compliance.disciplinare.categories')}</h4>
      <div className="table-responsive">
        <table className="table table-sm align-middle">
          <thead>
            <tr>
              <th scope="col">{t('compliance.disciplinare.catLabel')}</th>
              <th scope="col">{t('compliance.disciplinare.catCode')}</th>
              <th scope="col">{t('compliance.disciplinare.retention')}</th>
              <th scope="col">{t('compliance.disciplinare.viewRoles')}</th>
            </tr>
          </thead>
          <tbody>
            {rules.categories.map((c) => (
              <tr key={c.code}>
                <th scope="row">{c.label}</th>
                <td className="font-monospace">{c.code}</td>
                <td>{retention(c.retentionHours)}</td>
                <td>{c.viewRoles.map((r) => t(`roles.${r}`)).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl className="row mb-0">
        <dt className="col-sm-5">{t('compliance.disciplinare.categorizeWithin')}</dt>
        <dd className="col-sm-7">
          {t('compliance.disciplinare.hours', { n: rules.categorizeWithinHours })}
        </dd>
        <dt className="col-sm-5">{t('compliance.disciplinare.reminders')}</dt>
        <dd className="col-sm-7">
          {reminders.length > 0
            ? t('compliance.disciplinare.remindersValue', { list: reminders.join(', ') })
            : t('compliance.disciplinare.noReminders')}
        </dd>
        <dt className="col-sm-5">{t('compliance.disciplinare.preRecord')}</dt>
        <dd className="col-sm-7">
          {rules.preRecordAllowed
            ? t('compliance.disciplinare.preRecordYes', { s: rules.preRecordSeconds })
            : t('compliance.disciplinare.preRecordNo')}
        </dd>
        <dt className="col-sm-5">{t('compliance.disciplinare.maxClip')}</dt>
        <dd className="col-sm-7">
          {t('compliance.disciplinare.minutes', { n: rules.maxClipMinutes })}
        </dd>
        <dt className="col-sm-5">{t('compliance.disciplinare.notUsable')}</dt>
        <dd className="col-sm-7">
          {rules.notUsableForAdministrativeOffences
            ? t('compliance.disciplinare.yes')
            : t('compliance.disciplinare.no')}
        </dd>
      </dl>
    </div>
  );
}
