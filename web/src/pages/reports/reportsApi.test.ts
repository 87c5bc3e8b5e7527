import { describe, expect, it } from 'vitest';
import { filterToParams, previousMonth, readFilter, romeMonth, romeToday } from './reportsApi';

// 31 Dec 2026 23:30 UTC is already 1 Jan 2027 in Rome.
const NEW_YEAR_IN_ROME = Date.UTC(2026, 11, 31, 23, 30);

describe('report period in the address', () => {
  it('reads the calendar in Rome, not in the browser’s zone', () => {
    expect(romeToday(NEW_YEAR_IN_ROME)).toBe('2027-01-01');
    expect(romeMonth(NEW_YEAR_IN_ROME)).toBe('2027-01');
  });

  it('reads a month, a span of days and the unit', () => {
    expect(readFilter(new URLSearchParams('month=2026-11'))).toEqual({
      mode: 'month',
      month: '2026-11',
      unit: '',
    });
    expect(
      readFilter(new URLSearchParams('from=2026-11-01&to=2026-11-15&unit=Reparto Infortunistica')),
    ).toEqual({
      mode: 'range',
      from: '2026-11-01',
      to: '2026-11-15',
      unit: 'Reparto Infortunistica',
    });
  });

  it('falls back to this month on anything unreadable', () => {
    for (const query of [
      '',
      'month=2026-13',
      'month=nov',
      'from=2026-11-15&to=2026-11-01',
      'from=2026-11-01',
    ]) {
      expect(readFilter(new URLSearchParams(query), NEW_YEAR_IN_ROME)).toEqual({
        mode: 'month',
        month: '2027-01',
        unit: '',
      });
    }
  });

  it('writes back only what the API takes, and round-trips', () => {
    expect(filterToParams({ mode: 'month', month: '2026-11', unit: '' })).toEqual({
      month: '2026-11',
    });
    const range = { mode: 'range', from: '2026-11-01', to: '2026-11-15', unit: 'PG' } as const;
    expect(filterToParams(range)).toEqual({ from: '2026-11-01', to: '2026-11-15', unit: 'PG' });
    expect(readFilter(new URLSearchParams(filterToParams(range)))).toEqual(range);
  });

  it('steps back one month across the year', () => {
    expect(previousMonth('2026-11')).toBe('2026-10');
    expect(previousMonth('2026-10')).toBe('2026-09');
    expect(previousMonth('2027-01')).toBe('2026-12');
  });
});
