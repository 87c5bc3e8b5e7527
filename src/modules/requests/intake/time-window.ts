import { findDateMentions, type DateMention } from './dates.js';
import { periodOf, type DayPeriod } from './italian.js';
import type { TimeWindow } from './parsed-request.schema.js';
import { addDays, formatRomeIso, romeDateOf, romeToInstant, type LocalDate } from './rome-time.js';
import { findMargin, findTimeMentions, type TimeMention, type TimeOfDay } from './times.js';

// The time window of a request: the time mention that names the event, the day mention that
// goes with it, the part of the day that disambiguates "alle 5", and the margin asked for.

export interface WindowOptions {
  /** A single time becomes a window of ± this many minutes. */
  singleTimeMarginMinutes: number;
}

export interface WindowContext {
  /** The reference instant (message date, or the forwarded original's) for an offset. */
  refAt(pos: number): number | null;
  /** Which forwarded/quoted part an offset is in: day and time are paired within one part. */
  partAt(pos: number): number;
}

export interface WindowResult {
  window: TimeWindow | null;
  confidence: number;
  spans: Array<{ start: number; end: number }>;
}

const MINUTE = 60_000;

/** Default windows for a part of the day without a time (minutes from the day's midnight). */
const PERIOD_WINDOW: Record<DayPeriod | 'giorno', [number, number]> = {
  mattina: [6 * 60, 12 * 60],
  pomeriggio: [12 * 60, 18 * 60],
  sera: [18 * 60, 24 * 60],
  notte: [22 * 60, 30 * 60],
  giorno: [0, 24 * 60],
};

/** "alle 5" in the afternoon or evening is 17:00. */
function clockMinutes(t: TimeOfDay, period: DayPeriod | null): number {
  const h = Math.floor(t.minutes / 60);
  if ((period === 'pomeriggio' || period === 'sera') && h >= 1 && h < 12) return t.minutes + 720;
  return t.minutes;
}

export interface WindowParts {
  date: LocalDate;
  night: boolean;
  from: TimeOfDay;
  to: TimeOfDay | null;
  period: DayPeriod | null;
  margin: { before: number; after: number } | null;
}

/** The window for a day, one or two times, and a margin. DST-correct. */
export function assembleWindow(p: WindowParts, opts: WindowOptions): TimeWindow {
  const fromPeriod = p.from.period ?? p.to?.period ?? p.period;
  let fromMin = clockMinutes(p.from, fromPeriod);
  if (fromMin === 24 * 60 && p.to && !p.night) fromMin = 0; // "da mezzanotte alle 6"
  // a night starts in the evening: early hours belong to the next day
  const day = p.night && fromMin < 12 * 60 ? addDays(p.date, 1) : p.date;
  if (!p.to) {
    const centre = romeToInstant(day, fromMin, 'earlier');
    const before = p.margin?.before ?? opts.singleTimeMarginMinutes;
    const after = p.margin?.after ?? opts.singleTimeMarginMinutes;
    return {
      from: formatRomeIso(centre - before * MINUTE),
      to: formatRomeIso(centre + after * MINUTE),
    };
  }
  const toMin = endMinutes(fromMin, p.to, p.to.period ?? p.from.period ?? p.period);
  const from = romeToInstant(day, fromMin, 'earlier') - (p.margin?.before ?? 0) * MINUTE;
  const to = romeToInstant(day, toMin, 'later') + (p.margin?.after ?? 0) * MINUTE;
  return { from: formatRomeIso(from), to: formatRomeIso(to) };
}

/**
 * The end of a range, after its start: across midnight when needed, and "alle 5" read as 17:00
 * only when that makes the shorter window ("dalle 3 alle 5 del pomeriggio", but "dalle 21
 * alle 3" in the evening ends at 3 at night).
 */
function endMinutes(fromMin: number, to: TimeOfDay, period: DayPeriod | null): number {
  const after = (m: number) => {
    while (m <= fromMin) m += 24 * 60;
    return m;
  };
  const twelveHour = to.minutes >= 60 && to.minutes < 720 ? [after(to.minutes + 720)] : [];
  return Math.min(after(to.minutes), after(clockMinutes(to, period)), ...twelveHour);
}

/** A whole day, or the part of it the requester names. */
export function dayWindow(date: LocalDate, night: boolean, period: DayPeriod | null): TimeWindow {
  const [a, b] = PERIOD_WINDOW[night ? 'notte' : (period ?? 'giorno')];
  return {
    from: formatRomeIso(romeToInstant(date, a, 'earlier')),
    to: formatRomeIso(romeToInstant(date, b, 'later')),
  };
}

/** The day mention that goes with a time: the closest before it in the same part, else after. */
function dateFor(time: TimeMention, dates: DateMention[], ctx: WindowContext): DateMention | null {
  let best: DateMention | null = null;
  let bestScore = Infinity;
  for (const d of dates) {
    let score = d.end <= time.start ? time.start - d.end : (d.start - time.end) * 3;
    if (score < 0) score = 0;
    if (d.weak) score += 2000;
    if (ctx.partAt(d.start) !== ctx.partAt(time.start)) score += 5000;
    if (score < bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

/** "dalle ore 20.00 del 7 novembre alle ore 02.00 dell'8 novembre": each end has its day. */
function spanningWindow(
  time: TimeMention,
  dates: DateMention[],
  margin: { start: number; end: number; before: number; after: number } | null,
): WindowResult | null {
  if (!time.to || time.fromDayAt === undefined || time.toDayAt === undefined) return null;
  const at = (pos: number) => dates.find((d) => d.start >= pos && d.start <= pos + 2);
  const d1 = at(time.fromDayAt);
  const d2 = at(time.toDayAt);
  if (!d1 || !d2) return null;
  const from =
    romeToInstant(d1.date, clockMinutes(time.from, time.from.period ?? d1.period), 'earlier') -
    (margin?.before ?? 0) * MINUTE;
  const to =
    romeToInstant(d2.date, clockMinutes(time.to, time.to.period ?? d2.period), 'later') +
    (margin?.after ?? 0) * MINUTE;
  if (to <= from) return null;
  const spans = [time, d1, d2, ...(margin ? [margin] : [])].map((x) => ({
    start: x.start,
    end: x.end,
  }));
  return { window: { from: formatRomeIso(from), to: formatRomeIso(to) }, confidence: 0.95, spans };
}

const PERIOD_NEAR =
  /(?<![\p{L}])(mattin[ao]|mattinata|pomeriggio|sera|serata|notte|nottata)[^.\n]{0,25}$/iu;

export function extractWindow(work: string, ctx: WindowContext, opts: WindowOptions): WindowResult {
  const dates = findDateMentions(work, (pos) => {
    const ref = ctx.refAt(pos);
    return ref === null ? null : romeDateOf(ref).date;
  });
  // times are looked for where no day was found: "14.11.2026" is not 14:11
  let masked = '';
  let at = 0;
  for (const d of dates) {
    masked += work.slice(at, d.start) + ' '.repeat(d.end - d.start);
    at = d.end;
  }
  masked += work.slice(at);
  const times = findTimeMentions(masked);
  const time = times.find((t) => t.to) ?? times[0] ?? null;
  const margin = findMargin(masked);

  if (!time) {
    const day = dates.find((d) => !d.weak) ?? dates[0];
    if (!day) return { window: null, confidence: 0, spans: [] };
    return {
      window: dayWindow(day.date, day.night, day.period),
      confidence: day.period || day.night ? 0.6 : 0.5,
      spans: [{ start: day.start, end: day.end }],
    };
  }

  const spanning = spanningWindow(time, dates, margin);
  if (spanning) return spanning;

  const day = dateFor(time, dates, ctx);
  const near = PERIOD_NEAR.exec(masked.slice(Math.max(0, time.start - 40), time.start));
  const period = day?.period ?? (near ? periodOf(near[1]!) : null);
  const spans = [{ start: time.start, end: time.end }];
  if (margin) spans.push({ start: margin.start, end: margin.end });
  const parts = {
    night: day?.night ?? period === 'notte',
    from: time.from,
    to: time.to,
    period,
    margin: margin ? { before: margin.before, after: margin.after } : null,
  };

  if (day) {
    spans.push({ start: day.start, end: day.end });
    let confidence = time.to ? 0.95 : 0.9;
    if (day.weak) confidence -= 0.2;
    return { window: assembleWindow({ ...parts, date: day.date }, opts), confidence, spans };
  }

  // No day named: the latest such time before the message, flagged with a low confidence.
  const ref = ctx.refAt(time.start);
  if (ref === null) return { window: null, confidence: 0, spans: [] };
  const today = romeDateOf(ref).date;
  const night = parts.night ? addDays(today, -1) : today;
  let window = assembleWindow({ ...parts, date: night }, opts);
  if (Date.parse(window.from) > ref)
    window = assembleWindow({ ...parts, date: addDays(night, -1) }, opts);
  return { window, confidence: 0.5, spans };
}
