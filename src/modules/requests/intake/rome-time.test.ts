import { describe, expect, it } from 'vitest';
import { addDays, formatRomeIso, romeDateOf, romeToInstant, weekday } from './rome-time.js';

describe('Europe/Rome wall clock', () => {
  it('formats instants with the offset in force', () => {
    expect(formatRomeIso(Date.UTC(2026, 10, 14, 17, 10))).toBe('2026-11-14T18:10:00+01:00');
    expect(formatRomeIso(Date.UTC(2026, 6, 4, 8, 15))).toBe('2026-07-04T10:15:00+02:00');
  });

  it('turns wall-clock times into instants on both sides of the autumn change', () => {
    const day = { y: 2026, m: 10, d: 25 };
    expect(formatRomeIso(romeToInstant(day, 60))).toBe('2026-10-25T01:00:00+02:00');
    expect(formatRomeIso(romeToInstant(day, 4 * 60))).toBe('2026-10-25T04:00:00+01:00');
    // 02:30 happens twice: the first is summer time, the second winter time
    expect(formatRomeIso(romeToInstant(day, 150, 'earlier'))).toBe('2026-10-25T02:30:00+02:00');
    expect(formatRomeIso(romeToInstant(day, 150, 'later'))).toBe('2026-10-25T02:30:00+01:00');
  });

  it('moves a time skipped in spring forward by the missing hour', () => {
    expect(formatRomeIso(romeToInstant({ y: 2026, m: 3, d: 29 }, 150))).toBe(
      '2026-03-29T03:30:00+02:00',
    );
  });

  it('handles minutes past midnight and calendar arithmetic', () => {
    expect(formatRomeIso(romeToInstant({ y: 2026, m: 12, d: 31 }, 24 * 60 + 30))).toBe(
      '2027-01-01T00:30:00+01:00',
    );
    expect(addDays({ y: 2026, m: 3, d: 1 }, -1)).toEqual({ y: 2026, m: 2, d: 28 });
    expect(weekday({ y: 2026, m: 11, d: 16 })).toBe(1);
    expect(romeDateOf(Date.UTC(2026, 10, 15, 23, 30))).toEqual({
      date: { y: 2026, m: 11, d: 16 },
      minutes: 30,
    });
  });
});
