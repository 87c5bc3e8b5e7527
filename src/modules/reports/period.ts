import { ValidationFailed } from '../../platform/errors.js';
import type { Period } from './reports.schemas.js';

// Reporting periods are Europe/Rome calendar days and months: a month starts at local
// midnight of its 1st (23:00 or 22:00 UTC the day before, depending on summer time).

export const MONTH_NAMES = [
  'gennaio',
  'febbraio',
  'marzo',
  'aprile',
  'maggio',
  'giugno',
  'luglio',
  'agosto',
  'settembre',
  'ottobre',
  'novembre',
  'dicembre',
] as const;

const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Rome',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export interface RomeDate {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** The Rome wall-clock date of an instant. */
export function romeDate(ms: number): RomeDate {
  const p: Record<string, number> = {};
  for (const part of PARTS.formatToParts(new Date(ms))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return {
    year: p.year ?? 0,
    month: p.month ?? 0,
    day: p.day ?? 0,
    hour: p.hour ?? 0,
    minute: p.minute ?? 0,
  };
}

function romeOffsetMs(ms: number): number {
  const d = romeDate(ms);
  const sec = new Date(ms).getUTCSeconds();
  return Date.UTC(d.year, d.month - 1, d.day, d.hour, d.minute, sec) - Math.floor(ms / 1000) * 1000;
}

const offsetByHour = new Map<number, number>();

/**
 * `23/11/2026 09:00:00` in Rome, as the evidence documents print it, without an Intl call per
 * instant: the offset is looked up once per UTC hour (summer time changes on the hour). A
 * monthly report formats tens of thousands of instants.
 */
export function romeStamp(ms: number): string {
  const hour = Math.floor(ms / 3_600_000);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    offset = romeOffsetMs(hour * 3_600_000);
    if (offsetByHour.size > 100_000) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  const d = new Date(ms + offset);
  const p2 = (n: number) => (n < 10 ? `0${n}` : String(n));
  return (
    `${p2(d.getUTCDate())}/${p2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ` +
    `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`
  );
}

/** The instant of local midnight starting a Rome calendar day (month 1–12; overflow allowed). */
export function romeMidnight(year: number, month: number, day: number): number {
  const wall = Date.UTC(year, month - 1, day);
  const first = wall - romeOffsetMs(wall);
  // Summer time changes at 02:00/03:00, never at midnight: one correction is enough.
  const offset = romeOffsetMs(first);
  return wall - offset;
}

/** `2026-11` for an instant (Rome). */
export function monthKey(ms: number): string {
  const d = romeDate(ms);
  return `${d.year}-${String(d.month).padStart(2, '0')}`;
}

/** The month before the one `ms` falls in (Rome): the month the 1st's job reports on. */
export function previousMonthKey(ms: number): string {
  const d = romeDate(ms);
  const y = d.month === 1 ? d.year - 1 : d.year;
  const m = d.month === 1 ? 12 : d.month - 1;
  return `${y}-${String(m).padStart(2, '0')}`;
}

export interface ResolvedPeriod {
  from: number;
  to: number;
  month: string | null;
  label: string;
}

function ddmmyyyy(year: number, month: number, day: number): string {
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
}

/** One calendar month, `2026-11`. */
export function monthPeriod(key: string): ResolvedPeriod {
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  const year = Number(m?.[1]);
  const month = Number(m?.[2]);
  if (!m || month < 1 || month > 12) {
    throw new ValidationFailed('Mese non valido: usare AAAA-MM', { field: 'month' });
  }
  return {
    from: romeMidnight(year, month, 1),
    to: romeMidnight(year, month + 1, 1),
    month: key,
    label: `${MONTH_NAMES[month - 1]} ${year}`,
  };
}

/** A whole year (Rome). */
export function yearPeriod(year: number): ResolvedPeriod {
  return {
    from: romeMidnight(year, 1, 1),
    to: romeMidnight(year + 1, 1, 1),
    month: null,
    label: `anno ${year}`,
  };
}

function parseDay(s: string, field: string): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const year = Number(m?.[1]);
  const month = Number(m?.[2]);
  const day = Number(m?.[3]);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (
    !m ||
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day
  ) {
    throw new ValidationFailed(`Data non valida in ${field}: usare AAAA-MM-GG`, { field });
  }
  return { year, month, day };
}

/** The longest span one report covers: a year and a bit (a year summary uses yearPeriod). */
const MAX_DAYS = 400;

/**
 * `{ month }`, `{ from, to }` (days, both included) or nothing (the month `now` falls in).
 * A span that is exactly one calendar month is reported as that month.
 */
export function resolvePeriod(
  q: { month?: string | undefined; from?: string | undefined; to?: string | undefined },
  now: number,
): ResolvedPeriod {
  if (q.month !== undefined) {
    if (q.from !== undefined || q.to !== undefined) {
      throw new ValidationFailed('Indicare il mese oppure le date, non entrambi', {
        field: 'month',
      });
    }
    return monthPeriod(q.month);
  }
  if (q.from === undefined && q.to === undefined) return monthPeriod(monthKey(now));
  if (q.from === undefined || q.to === undefined) {
    throw new ValidationFailed('Indicare sia la data iniziale sia quella finale', {
      field: q.from === undefined ? 'from' : 'to',
    });
  }
  const a = parseDay(q.from, 'from');
  const b = parseDay(q.to, 'to');
  const from = romeMidnight(a.year, a.month, a.day);
  const to = romeMidnight(b.year, b.month, b.day + 1);
  if (to <= from) {
    throw new ValidationFailed('La data finale precede quella iniziale', { field: 'to' });
  }
  if (to - from > MAX_DAYS * 86_400_000) {
    throw new ValidationFailed(`Periodo troppo lungo: al massimo ${MAX_DAYS} giorni`, {
      field: 'to',
    });
  }
  if (a.day === 1 && romeMidnight(a.year, a.month + 1, 1) === to) {
    return monthPeriod(`${a.year}-${String(a.month).padStart(2, '0')}`);
  }
  return {
    from,
    to,
    month: null,
    label: `${ddmmyyyy(a.year, a.month, a.day)} – ${ddmmyyyy(b.year, b.month, b.day)}`,
  };
}

export function periodOut(p: ResolvedPeriod): Period {
  return {
    from: new Date(p.from).toISOString(),
    to: new Date(p.to).toISOString(),
    month: p.month,
    label: p.label,
  };
}
