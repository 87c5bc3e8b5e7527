const HOUR = 3_600_000;

/**
 * Which reminder thresholds (hours before the categorize deadline) have been reached and not yet
 * sent. Only the most urgent reached one is mailed; the earlier ones, reached at the same time
 * (the service was down, or the rules changed), are marked sent with it so the officer gets one
 * message, not a burst. Nothing is due once the deadline has passed (the clip is overdue then).
 */
export function remindersDue(
  dueAt: number,
  hoursBefore: readonly number[],
  sent: ReadonlySet<number>,
  now: number,
): { send: number | null; mark: number[] } {
  if (now >= dueAt) return { send: null, mark: [] };
  const reached = [...new Set(hoursBefore)]
    .filter((h) => !sent.has(h) && now >= dueAt - h * HOUR)
    .sort((a, b) => a - b);
  return { send: reached[0] ?? null, mark: reached };
}
