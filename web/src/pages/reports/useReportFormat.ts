import { useMemo } from 'react';
import { LOCALES, isMessageKey, useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import type { Count } from './reportsApi';

/** Where the English names of the server's keys live, per kind of count. */
const KEY_PREFIXES = {
  channels: ['requests.channels'],
  eventTypes: ['requests.eventTypes', 'reports.keys'],
  requesterTypes: ['requests.requesterTypes'],
  negativeReasons: ['requests.negativeReasons'],
  buckets: ['reports.keys'],
} as const;

export type CountKind = keyof typeof KEY_PREFIXES;

export interface ReportFormat {
  locale: string;
  /** What stands for a missing value: "—". */
  none: string;
  count: (value: number) => string;
  /** A 0..1 ratio as "99,3%"; "—" when there is nothing to measure. */
  percent: (ratio: number | null | undefined) => string;
  /** Hours with one decimal, "20,5 h"; "—" when unknown. */
  hours: (value: number | null | undefined) => string;
  dateTime: (iso: string | null | undefined) => string;
  /** Date and minutes, "01/12/2026 01:00". */
  minute: (iso: string | null | undefined) => string;
  /** A month "2026-11" as "novembre 2026" / "November 2026"; with `withYear` false, "novembre". */
  month: (month: string, withYear?: boolean) => string;
  /** A period's name: its month in the current language, else the server's label (dates). */
  period: (period: { month: string | null; label: string }) => string;
  /** A date without time, "01/12/2026". */
  date: (iso: string | null | undefined) => string;
  /**
   * The name of a counted category. In Italian it is the server's label, the very
   * words printed in the PDF; in English the key's translation when known.
   */
  label: (kind: CountKind, count: Count) => string;
}

export function useReportFormat(): ReportFormat {
  const { lang, t } = useI18n();
  return useMemo(() => {
    const locale = LOCALES[lang];
    const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    const decimal = new Intl.NumberFormat(locale, {
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    });
    const dayFormat = new Intl.DateTimeFormat(locale, {
      timeZone: 'Europe/Rome',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    });
    const minuteFormat = new Intl.DateTimeFormat(locale, {
      timeZone: 'Europe/Rome',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });
    const monthYear = new Intl.DateTimeFormat(locale, {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    const monthOnly = new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' });
    const monthName = (month: string, withYear = true) => {
      const [y, m] = month.split('-').map(Number) as [number, number];
      const date = new Date(Date.UTC(y, m - 1, 15));
      return (withYear ? monthYear : monthOnly).format(date);
    };
    const none = t('reports.none');
    return {
      locale,
      none,
      count: (value) => integer.format(value),
      percent: (ratio) =>
        ratio === null || ratio === undefined ? none : `${decimal.format(ratio * 100)}%`,
      hours: (value) =>
        value === null || value === undefined
          ? none
          : t('reports.hours', { hours: decimal.format(value) }),
      dateTime: (iso) => (iso ? formatDateTime(iso, lang) : none),
      minute: (iso) => (iso ? minuteFormat.format(new Date(iso)).replace(',', '') : none),
      month: monthName,
      period: (period) => (period.month ? monthName(period.month) : period.label),
      date: (iso) => (iso ? dayFormat.format(new Date(iso)) : none),
      label: (kind, count) => {
        if (lang === 'it') return count.label;
        for (const prefix of KEY_PREFIXES[kind]) {
          const key = `${prefix}.${count.key}`;
          if (isMessageKey(key)) return t(key);
        }
        return count.label;
      },
    };
  }, [lang, t]);
}
