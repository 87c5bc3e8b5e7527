import { describe, expect, it } from 'vitest';
import { monthKey, monthPeriod, previousMonthKey, resolvePeriod, romeMidnight } from './period.js';

describe('Rome periods', () => {
  it('starts months at Rome midnight, winter and summer time', () => {
    expect(new Date(romeMidnight(2026, 11, 1)).toISOString()).toBe('2026-10-31T23:00:00.000Z');
    expect(new Date(romeMidnight(2026, 7, 1)).toISOString()).toBe('2026-06-30T22:00:00.000Z');
    // The days of the clock changes (29 March and 25 October 2026).
    expect(new Date(romeMidnight(2026, 3, 29)).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(romeMidnight(2026, 3, 30)).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(new Date(romeMidnight(2026, 10, 26)).toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('covers a month whose summer time ends inside it', () => {
    const p = monthPeriod('2026-10');
    expect(p.to - p.from).toBe((31 * 24 + 1) * 3_600_000);
    expect(p.label).toBe('ottobre 2026');
  });

  it('names the month an instant falls in and the one before', () => {
    expect(monthKey(Date.parse('2026-11-30T23:30:00Z'))).toBe('2026-12');
    expect(previousMonthKey(Date.parse('2026-11-30T23:30:00Z'))).toBe('2026-11');
    expect(previousMonthKey(Date.parse('2027-01-01T10:00:00Z'))).toBe('2026-12');
  });

  it('resolves the query forms', () => {
    const now = Date.parse('2026-11-23T08:00:00Z');
    expect(resolvePeriod({}, now).month).toBe('2026-11');
    const days = resolvePeriod({ from: '2026-11-01', to: '2026-11-15' }, now);
    expect(days.month).toBeNull();
    expect(days.label).toBe('01/11/2026 – 15/11/2026');
    expect(new Date(days.to).toISOString()).toBe('2026-11-15T23:00:00.000Z');
    expect(resolvePeriod({ from: '2026-11-01', to: '2026-11-30' }, now).month).toBe('2026-11');
  });

  it('refuses bad periods with a clear error', () => {
    const now = 0;
    expect(() => resolvePeriod({ month: '2026-13' }, now)).toThrow(/Mese non valido/);
    expect(() => resolvePeriod({ from: '2026-02-30', to: '2026-03-01' }, now)).toThrow(
      /Data non valida/,
    );
    expect(() => resolvePeriod({ from: '2026-11-10', to: '2026-11-01' }, now)).toThrow(/precede/);
    expect(() => resolvePeriod({ from: '2026-11-10' }, now)).toThrow(/sia la data/);
    expect(() => resolvePeriod({ month: '2026-11', from: '2026-11-01' }, now)).toThrow(
      /non entrambi/,
    );
    expect(() => resolvePeriod({ from: '2024-01-01', to: '2026-01-01' }, now)).toThrow(
      /troppo lungo/,
    );
  });
});

describe('romeStamp', () => {
  it('prints Rome wall time like the evidence documents, across the clock changes', async () => {
    const { romeHuman } = await import('../evidence/rome-time.js');
    const { romeStamp } = await import('./period.js');
    const start = Date.parse('2026-03-28T00:00:00Z');
    for (let ms = start; ms < start + 220 * 86_400_000; ms += 3 * 3_600_000 + 7_777) {
      expect(romeStamp(ms)).toBe(romeHuman(ms));
    }
    expect(romeStamp(Date.parse('2026-10-25T00:59:59Z'))).toBe('25/10/2026 02:59:59');
    expect(romeStamp(Date.parse('2026-10-25T01:00:00Z'))).toBe('25/10/2026 02:00:00');
  });
});
