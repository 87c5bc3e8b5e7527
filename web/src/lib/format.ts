import { useMemo } from 'react';
import { LOCALES, useI18n, type Lang } from '../i18n';

/** The corps works on Italian time whatever the browser's zone. */
export const TIME_ZONE = 'Europe/Rome';

function dateTimeFormatter(lang: Lang): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone: TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

export function formatDateTime(value: string | null | undefined, lang: Lang): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return dateTimeFormatter(lang).format(date);
}

/** Date formatting bound to the current language. */
export function useFormat(): { dateTime: (value: string | null | undefined) => string } {
  const { lang } = useI18n();
  return useMemo(() => {
    const formatter = dateTimeFormatter(lang);
    return {
      dateTime: (value) => {
        if (!value) return '';
        const date = new Date(value);
        return Number.isNaN(date.getTime()) ? value : formatter.format(date);
      },
    };
  }, [lang]);
}

/** Offset of Europe/Rome from UTC at `instant`, in milliseconds. */
function romeOffset(instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * Converts a `datetime-local` value ("2025-03-01T14:30"), read as Italian wall-clock
 * time, to an ISO instant. Returns undefined for an empty or invalid value.
 */
export function romeLocalToIso(local: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match;
  const wall = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s ?? 0),
  );
  let instant = wall - romeOffset(wall);
  // Second pass settles instants next to a daylight-saving change.
  instant = wall - romeOffset(instant);
  return new Date(instant).toISOString();
}
