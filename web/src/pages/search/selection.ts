/** Synchronized playback shows at most this many cameras together. */
export const MAX_SYNC = 4;

/** Below this share of the window recorded, an acquisition asks for a deliberate confirmation. */
export const LOW_COVERAGE_SHARE = 0.5;
/** From this share the window counts as complete (the server's search summary uses the same). */
const COMPLETE_SHARE = 0.99;

interface Totals {
  recordedMs: number;
  gapMs: number;
  expiredMs: number;
  futureMs: number;
}

/**
 * The cameras a search opened from a request starts with: in the order of the results
 * (nearest first, or the best street match first), those that recorded something in the
 * window, at most `max` (what synchronized playback shows together).
 */
export function preselect<T extends { totals: Totals }>(items: readonly T[], max = MAX_SYNC): T[] {
  return items.filter((h) => h.totals.recordedMs > 0).slice(0, max);
}

export type CoverageLevel = 'complete' | 'partial' | 'low' | 'none';

/**
 * How well a camera covers a window: none (nothing recorded: it cannot be acquired), low
 * (less than half recorded), partial, or complete; with the recorded percentage, rounded
 * down so that a window with a gap never shows 100 %, and at least 1 when anything is recorded.
 */
export function coverageOf(totals: Totals): { level: CoverageLevel; percent: number } {
  const window = totals.recordedMs + totals.gapMs + totals.expiredMs + totals.futureMs;
  if (totals.recordedMs <= 0 || window <= 0) return { level: 'none', percent: 0 };
  const share = totals.recordedMs / window;
  const percent = Math.max(1, Math.floor(share * 100));
  const level: CoverageLevel =
    share >= COMPLETE_SHARE ? 'complete' : share < LOW_COVERAGE_SHARE ? 'low' : 'partial';
  return { level, percent };
}
