// The arithmetic of the indicators, kept pure so that it is tested alone and the same
// numbers reach the dashboard, the PDF and the spreadsheet.

const HOUR_MS = 3_600_000;

/**
 * The p-th percentile (0..1) with linear interpolation between closest ranks, as Excel's
 * PERCENTILE.INC and LibreOffice's PERCENTILE compute it: the commander can check a
 * printed median against the rows of the spreadsheet. Null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (p < 0 || p > 1 || Number.isNaN(p)) throw new RangeError(`percentile out of range: ${p}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] ?? 0;
  const b = sorted[hi] ?? a;
  return a + (b - a) * (rank - lo);
}

/** One decimal, half away from zero (as printed; -0 becomes 0). */
export function round1(n: number): number {
  const r = (Math.sign(n) * Math.round(Math.abs(n) * 10)) / 10;
  return r === 0 ? 0 : r;
}

/** Four decimals for ratios (0..1), enough for a percentage with two decimals. */
export function round4(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

/** Hours between two instants, unrounded (negative when `to` precedes `from`). */
export function hoursBetween(from: number, to: number): number {
  return (to - from) / HOUR_MS;
}

export interface TurnaroundStats {
  count: number;
  medianHours: number | null;
  p90Hours: number | null;
}

/**
 * Receipt → acquisition, in hours: median and 90th percentile of the exact durations,
 * rounded once at the end (rounding each duration first would move the result).
 */
export function turnaround(durationsMs: readonly number[]): TurnaroundStats {
  const hours = durationsMs.map((d) => d / HOUR_MS);
  const median = percentile(hours, 0.5);
  const p90 = percentile(hours, 0.9);
  return {
    count: hours.length,
    medianHours: median === null ? null : round1(median),
    p90Hours: p90 === null ? null : round1(p90),
  };
}

export const TURNAROUND_BUCKETS = [
  { key: 'lt4h', label: '< 4 ore', maxHours: 4 },
  { key: '4to24h', label: '4–24 ore', maxHours: 24 },
  { key: '1to3d', label: '1–3 giorni', maxHours: 72 },
  { key: '3to7d', label: '3–7 giorni', maxHours: 168 },
  { key: 'gt7d', label: '> 7 giorni', maxHours: Infinity },
] as const;

/** How many durations fall in each bucket (upper bound excluded). */
export function turnaroundBuckets(
  durationsMs: readonly number[],
): Array<{ key: string; label: string; count: number }> {
  const counts = TURNAROUND_BUCKETS.map(() => 0);
  for (const d of durationsMs) {
    const h = d / HOUR_MS;
    const i = TURNAROUND_BUCKETS.findIndex((b) => h < b.maxHours);
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return TURNAROUND_BUCKETS.map((b, i) => ({ key: b.key, label: b.label, count: counts[i] ?? 0 }));
}

/** Total length of the intervals inside [from, to), overlaps between intervals merged. */
export function coveredMs(
  intervals: ReadonlyArray<{ start: number; end: number }>,
  from: number,
  to: number,
): number {
  const clipped = intervals
    .map((i) => ({ start: Math.max(i.start, from), end: Math.min(i.end, to) }))
    .filter((i) => i.end > i.start)
    .sort((a, b) => a.start - b.start);
  let total = 0;
  let curStart = -Infinity;
  let curEnd = -Infinity;
  for (const i of clipped) {
    if (i.start > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = i.start;
      curEnd = i.end;
    } else if (i.end > curEnd) {
      curEnd = i.end;
    }
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}

/** `a / b`, or null when there is nothing to divide by. */
export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : round4(a / b);
}
