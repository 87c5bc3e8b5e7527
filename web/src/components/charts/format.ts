import { useMemo } from 'react';
import { LOCALES, useI18n } from '../../i18n';
import type { ValueFormatter } from './types';

/** Integer and decimal formatting in the current language ("1.234", "12,5"). */
export function useNumberFormat(maxFractionDigits = 1): ValueFormatter {
  const { lang } = useI18n();
  return useMemo(() => {
    const format = new Intl.NumberFormat(LOCALES[lang], {
      maximumFractionDigits: maxFractionDigits,
    });
    return (value: number) => format.format(value);
  }, [lang, maxFractionDigits]);
}
