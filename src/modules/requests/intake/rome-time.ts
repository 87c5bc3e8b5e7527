// Wall-clock arithmetic in Europe/Rome without a date library: calendar days are handled as
// UTC dates (no time zone involved), and only the last step, wall clock → instant, asks Intl
// for the offset, so daylight-saving changes fall where the law puts them.

/** A calendar day in Rome, month 1-12. */
export interface LocalDate {
  y: number;
  m: number;
  d: number;
}

const ROME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Rome',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface WallClock extends LocalDate {
  h: number;
  mi: number;
  s: number;
}

function wallClock(ms: number): WallClock {
  const parts: Record<string, number> = {};
  for (const p of ROME.formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    y: parts.year ?? 0,
    m: parts.month ?? 0,
    d: parts.day ?? 0,
    h: parts.hour ?? 0,
    mi: parts.minute ?? 0,
    s: parts.second ?? 0,
  };
}

/** Minutes east of UTC in Rome at an instant: 60 in winter, 120 in summer. */
export function romeOffsetMinutes(ms: number): number {
  const whole = Math.floor(ms / 1000) * 1000;
  const w = wallClock(whole);
  return Math.round((Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi, w.s) - whole) / 60_000);
}

/** The Rome calendar day and minute of the day of an instant. */
export function romeDateOf(ms: number): { date: LocalDate; minutes: number } {
  const w = wallClock(ms);
  return { date: { y: w.y, m: w.m, d: w.d }, minutes: w.h * 60 + w.mi };
}

/**
 * The instant of a Rome wall-clock time. `minutes` may pass 1440 (the next day). In the
 * autumn hour that happens twice, `prefer` picks the first or the second occurrence; a time
 * skipped in spring moves forward by the hour that does not exist.
 */
export function romeToInstant(
  date: LocalDate,
  minutes: number,
  prefer: 'earlier' | 'later' = 'earlier',
): number {
  const naive = Date.UTC(date.y, date.m - 1, date.d, 0, minutes);
  const offsets = new Set([
    romeOffsetMinutes(naive - 3 * 3_600_000),
    romeOffsetMinutes(naive + 3 * 3_600_000),
  ]);
  const valid = [...offsets]
    .map((o) => naive - o * 60_000)
    .filter((t) => romeOffsetMinutes(t) * 60_000 === naive - t)
    .sort((a, b) => a - b);
  if (valid.length === 0) return naive - romeOffsetMinutes(naive - 3 * 3_600_000) * 60_000;
  return prefer === 'earlier' ? valid[0]! : valid[valid.length - 1]!;
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

/** ISO 8601 with the Rome offset, e.g. 2026-11-14T18:10:00+01:00. */
export function formatRomeIso(ms: number): string {
  const w = wallClock(ms);
  const off = romeOffsetMinutes(ms);
  const sign = off < 0 ? '-' : '+';
  return (
    `${w.y}-${pad(w.m)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}` +
    `${sign}${pad(Math.trunc(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`
  );
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const t = new Date(Date.UTC(date.y, date.m - 1, date.d + days));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: LocalDate): number {
  return new Date(Date.UTC(date.y, date.m - 1, date.d)).getUTCDay();
}

/** Negative when a is before b, 0 on the same day. */
export function compareDates(a: LocalDate, b: LocalDate): number {
  return Date.UTC(a.y, a.m - 1, a.d) - Date.UTC(b.y, b.m - 1, b.d);
}

export function isValidDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}
