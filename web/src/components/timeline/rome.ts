/**
 * Wall-clock helpers for Europe/Rome: the corps reads every time in Italian time,
 * whatever the zone of the workstation's browser.
 */
export const ROME_TIME_ZONE = 'Europe/Rome';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface RomeParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const partsFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: ROME_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Calendar fields of an instant as read on a clock in Rome. */
export function romeParts(instant: number): RomeParts {
  const parts = partsFormatter.formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour') % 24,
    minute: get('minute'),
    second: get('second'),
  };
}

/** Offset of Rome from UTC at `instant`, in milliseconds (+1 h or +2 h). */
export function romeOffset(instant: number): number {
  const p = romeParts(instant);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant / SECOND) * SECOND;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** "13/03/2026 10:42:05". */
export function formatClock(instant: number): string {
  const p = romeParts(instant);
  return `${pad(p.day)}/${pad(p.month)}/${p.year} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** "10:42" or, with seconds, "10:42:05". */
export function formatTimeOfDay(instant: number, withSeconds = false): string {
  const p = romeParts(instant);
  const base = `${pad(p.hour)}:${pad(p.minute)}`;
  return withSeconds ? `${base}:${pad(p.second)}` : base;
}

/** "13/03". */
export function formatDayMonth(instant: number): string {
  const p = romeParts(instant);
  return `${pad(p.day)}/${pad(p.month)}`;
}

/** The value of a `datetime-local` input showing `instant` in Rome: "2026-03-13T10:42". */
export function toRomeLocalInput(instant: number): string {
  const p = romeParts(instant);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** A duration as "1 h 05 min", "12 min 30 s", "8 s". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / SECOND));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h} h ${pad(m)} min`;
  if (m > 0) return s > 0 ? `${m} min ${pad(s)} s` : `${m} min`;
  return `${s} s`;
}
