/** What a camera holds for one stretch of the searched window. */
export type BandKind = 'recorded' | 'gap' | 'expired' | 'future';

export interface Band {
  from: number;
  to: number;
  kind: BandKind;
  /** For gaps: the recorder's cause (camera offline…), null when nothing was noted. For expired: retention or disk_space. */
  cause: string | null;
}

export interface BandInput {
  from: number;
  to: number;
  now: number;
  /** Footage that ended before this instant is past the camera's retention. */
  expiresBefore: number;
  recorded: ReadonlyArray<{ from: number; to: number }>;
  gaps: ReadonlyArray<{ from: number; to: number | null; cause: string }>;
  deleted: ReadonlyArray<{ from: number; to: number; cause: string }>;
}

const covering = <T extends { from: number; to: number | null }>(
  list: readonly T[],
  at: number,
): T | undefined => list.find((r) => r.from <= at && (r.to === null || at < r.to));

/**
 * Splits a window into contiguous bands: recorded footage wins; then the future; then what
 * was deleted (retention, disk space) or is older than the retention; then gaps, with their
 * cause when the recorder noted one (a stretch with no segment and no gap row, e.g. before
 * the camera was added, is a gap with no cause).
 */
export function availabilityBands(input: BandInput): Band[] {
  const { from, to } = input;
  if (!(to > from)) return [];
  const cuts = new Set<number>([from, to]);
  const add = (t: number | null) => {
    if (t !== null && t > from && t < to) cuts.add(t);
  };
  add(input.now);
  add(input.expiresBefore);
  for (const r of [...input.recorded, ...input.gaps, ...input.deleted]) {
    add(r.from);
    add(r.to);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const bands: Band[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    const mid = a + (b - a) / 2;
    let kind: BandKind;
    let cause: string | null = null;
    if (covering(input.recorded, mid)) kind = 'recorded';
    else if (mid >= input.now) kind = 'future';
    else {
      const deleted = covering(input.deleted, mid);
      if (deleted) {
        kind = 'expired';
        cause = deleted.cause;
      } else if (mid < input.expiresBefore) {
        kind = 'expired';
        cause = 'retention';
      } else {
        kind = 'gap';
        cause = covering(input.gaps, mid)?.cause ?? null;
      }
    }
    const last = bands[bands.length - 1];
    if (last && last.kind === kind && last.cause === cause) last.to = b;
    else bands.push({ from: a, to: b, kind, cause });
  }
  return bands;
}

/** Milliseconds of each kind in the bands. */
export function bandTotals(bands: readonly Band[]): Record<BandKind, number> {
  const totals: Record<BandKind, number> = { recorded: 0, gap: 0, expired: 0, future: 0 };
  for (const b of bands) totals[b.kind] += b.to - b.from;
  return totals;
}

/** The share of the window's past that must be recorded to call it complete. */
export const COMPLETE_SHARE = 0.99;

export type AvailabilitySummary = 'complete' | 'partial' | 'none' | 'expired';

/**
 * One word for a camera's window: complete (the past is recorded), partial, none (nothing
 * recorded, mostly gap) or expired (nothing recorded, mostly deleted or past retention).
 */
export function summarize(totals: Record<BandKind, number>): AvailabilitySummary {
  const past = totals.recorded + totals.gap + totals.expired;
  if (totals.recorded === 0) {
    return totals.expired > 0 && totals.expired >= totals.gap ? 'expired' : 'none';
  }
  return totals.recorded >= past * COMPLETE_SHARE ? 'complete' : 'partial';
}

/** Milliseconds of [from, to) inside at least one of the ranges (overlaps counted once). */
export function coveredMs(
  ranges: ReadonlyArray<{ from: number; to: number }>,
  from: number,
  to: number,
): number {
  const clipped = ranges
    .map((r) => ({ from: Math.max(from, r.from), to: Math.min(to, r.to) }))
    .filter((r) => r.to > r.from)
    .sort((a, b) => a.from - b.from);
  let total = 0;
  let end = -Infinity;
  for (const r of clipped) {
    if (r.to <= end) continue;
    total += r.to - Math.max(r.from, end);
    end = r.to;
  }
  return total;
}
