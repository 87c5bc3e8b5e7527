import { DAY, HOUR, MINUTE, SECOND, romeOffset } from './rome';

export interface TimeRange {
  from: number;
  to: number;
}

/** Zoom presets offered as buttons, widest first. */
export const ZOOM_PRESETS: ReadonlyArray<{ span: number; label: string }> = [
  { span: DAY, label: '24 h' },
  { span: 6 * HOUR, label: '6 h' },
  { span: HOUR, label: '1 h' },
  { span: 10 * MINUTE, label: '10 min' },
];

export const MIN_SPAN = MINUTE;
export const MAX_SPAN = 7 * DAY;

const TICK_STEPS = [
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
];

/** The smallest tick step that leaves at least `minPx` between two labels. */
export function tickStep(span: number, widthPx: number, minPx = 72): number {
  const width = Math.max(widthPx, 1);
  return TICK_STEPS.find((step) => (step / span) * width >= minPx) ?? DAY;
}

/**
 * Tick instants between `from` and `to`, on round values of the Rome wall clock
 * (every hour on the hour, midnight for days), following daylight-saving changes.
 */
export function ticks(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  let offset = romeOffset(from);
  let t = Math.ceil((from + offset) / step) * step - offset;
  while (t <= to && out.length < 500) {
    const here = romeOffset(t);
    if (here !== offset) {
      offset = here;
      t = Math.ceil((t + offset) / step) * step - offset;
      if (t > to) break;
    }
    out.push(t);
    t += step;
  }
  return out;
}

/** True when `instant` is midnight in Rome. */
export function isRomeMidnight(instant: number): boolean {
  return (instant + romeOffset(instant)) % DAY === 0;
}

export function clampSpan(span: number): number {
  return Math.min(MAX_SPAN, Math.max(MIN_SPAN, span));
}

/** The view of `span` ms that keeps `anchor` at the same fraction of the width. */
export function zoomAround(view: TimeRange, span: number, anchor: number): TimeRange {
  const next = clampSpan(span);
  const current = view.to - view.from;
  const fraction = current > 0 ? (anchor - view.from) / current : 0.5;
  const from = anchor - fraction * next;
  return { from, to: from + next };
}

export function shift(view: TimeRange, delta: number): TimeRange {
  return { from: view.from + delta, to: view.to + delta };
}

/** Part of `range` inside `view`, as left/width percentages; null when outside. */
export function placement(
  range: TimeRange,
  view: TimeRange,
): { left: number; width: number } | null {
  const span = view.to - view.from;
  const from = Math.max(range.from, view.from);
  const to = Math.min(range.to, view.to);
  if (!(to > from) || span <= 0) return null;
  return { left: ((from - view.from) / span) * 100, width: ((to - from) / span) * 100 };
}

export function percentOf(instant: number, view: TimeRange): number {
  return ((instant - view.from) / (view.to - view.from)) * 100;
}
