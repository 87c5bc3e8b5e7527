import { describe, expect, it } from 'vitest';
import { eventWindowProblems, WINDOW_CLOCK_SKEW_MS } from './event-window.js';

const now = Date.UTC(2026, 10, 23, 8, 0, 0); // 09:00 in Rome
const min = 60_000;
const hour = 60 * min;

describe('eventWindowProblems', () => {
  it('accepts a window in the past, one ending now, and one inside the clock skew', () => {
    expect(eventWindowProblems({ from: now - 2 * hour, to: now - hour }, now, 24)).toEqual({});
    expect(eventWindowProblems({ from: now - 10 * min, to: now }, now, 24)).toEqual({});
    expect(eventWindowProblems({ from: now, to: now + WINDOW_CLOCK_SKEW_MS }, now, 24)).toEqual({});
  });

  it('refuses a start in the future beyond the skew, naming the clock in Rome time', () => {
    const late = now + WINDOW_CLOCK_SKEW_MS + 1000;
    expect(eventWindowProblems({ from: late, to: late + hour }, now, 24)).toEqual({
      'window.from': 'L’inizio non può essere nel futuro (ora della centrale: 23/11/2026 09:00)',
    });
  });

  it('lets the end run ahead of the clock, an event reported while it goes on', () => {
    expect(eventWindowProblems({ from: now - hour, to: now + hour }, now, 24)).toEqual({});
  });

  it('refuses a window longer than the maximum, and accepts one of exactly the maximum', () => {
    expect(eventWindowProblems({ from: now - 24 * hour, to: now }, now, 24)).toEqual({});
    expect(eventWindowProblems({ from: now - 25 * hour, to: now - hour + 1 }, now, 24)).toEqual({
      'window.to':
        'Il periodo non può superare 24 ore: indicare l’intervallo in cui è avvenuto l’evento',
    });
    expect(Object.keys(eventWindowProblems({ from: now - 7 * hour, to: now }, now, 6))).toEqual([
      'window.to',
    ]);
  });
});
