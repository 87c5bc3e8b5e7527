import { romeLabel } from './acknowledgement.js';

/**
 * How far ahead of the server's clock an event window may reach: the officer's phone or PC may
 * run a few minutes fast, and "alle 17:05" typed at 17:03 is no request for the future.
 */
export const WINDOW_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The clock's rules on the window of a request entered by a person, as messages by field
 * (`window.from`, `window.to`; empty when it is acceptable). A request is about an event that has
 * happened: a window starting in the future would "preserve" footage that does not exist yet.
 * Its end may still run a little ahead (an event reported while it goes on, whose footage is
 * being recorded), but never beyond `maxHours` from its start: a longer window would hold hours
 * of every nearby camera for one event, so the requester narrows it. The order of the ends is
 * the schema's rule.
 */
export function eventWindowProblems(
  window: { from: number; to: number },
  now: number,
  maxHours: number,
): Record<string, string> {
  const problems: Record<string, string> = {};
  const clock = `ora della centrale: ${romeLabel(new Date(now).toISOString())}`;
  if (window.from > now + WINDOW_CLOCK_SKEW_MS) {
    problems['window.from'] = `L’inizio non può essere nel futuro (${clock})`;
  }
  if (window.to - window.from > maxHours * 3_600_000) {
    problems['window.to'] =
      `Il periodo non può superare ${maxHours} ore: indicare l’intervallo in cui è avvenuto l’evento`;
  }
  return problems;
}
