import { useT } from '../../i18n';
import { dayIt, type RecordRef } from './complianceApi';

/** "DPIA videosorveglianza v2.0 del 01/11/2026 · Prot. 2026/987". */
export function RecordRefText({ value }: { value: RecordRef }) {
  const t = useT();
  return (
    <>
      {t('compliance.refLine', {
        title: value.title,
        version: value.version,
        date: dayIt(value.documentDate),
      })}
      {value.reference ? <span className="text-secondary"> · {value.reference}</span> : null}
    </>
  );
}
