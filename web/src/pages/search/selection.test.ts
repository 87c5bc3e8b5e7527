import { describe, expect, it } from 'vitest';
import { coverageOf, preselect } from './selection';

const MIN = 60_000;
const hit = (code: string, recordedMs: number) => ({
  code,
  totals: { recordedMs, gapMs: 0, expiredMs: 0, futureMs: 0 },
});

describe('preselect', () => {
  it('keeps the order of the results and skips cameras with nothing recorded', () => {
    const items = [hit('A', 0), hit('B', MIN), hit('C', 0), hit('D', 5 * MIN)];
    expect(preselect(items).map((h) => h.code)).toEqual(['B', 'D']);
  });

  it('takes at most four, the first ones', () => {
    const items = ['A', 'B', 'C', 'D', 'E', 'F'].map((c) => hit(c, MIN));
    expect(preselect(items).map((h) => h.code)).toEqual(['A', 'B', 'C', 'D']);
    expect(preselect(items, 2).map((h) => h.code)).toEqual(['A', 'B']);
  });

  it('selects nothing when no camera recorded anything', () => {
    expect(preselect([hit('A', 0), hit('B', 0)])).toEqual([]);
  });
});

describe('coverageOf', () => {
  const totals = (recordedMs: number, gapMs: number, expiredMs = 0, futureMs = 0) => ({
    recordedMs,
    gapMs,
    expiredMs,
    futureMs,
  });

  it('says none when nothing is recorded, whatever the rest', () => {
    expect(coverageOf(totals(0, 2 * MIN))).toEqual({ level: 'none', percent: 0 });
    expect(coverageOf(totals(0, 0, 2 * MIN))).toEqual({ level: 'none', percent: 0 });
    expect(coverageOf(totals(0, 0))).toEqual({ level: 'none', percent: 0 });
  });

  it('says low below half of the window recorded, gap and expired alike', () => {
    expect(coverageOf(totals(49, 51))).toEqual({ level: 'low', percent: 49 });
    expect(coverageOf(totals(30, 0, 70))).toEqual({ level: 'low', percent: 30 });
    expect(coverageOf(totals(1, 100_000))).toEqual({ level: 'low', percent: 1 });
  });

  it('says partial from half, complete from 99 %, and rounds down', () => {
    expect(coverageOf(totals(50, 50))).toEqual({ level: 'partial', percent: 50 });
    expect(coverageOf(totals(989, 11))).toEqual({ level: 'partial', percent: 98 });
    expect(coverageOf(totals(995, 5))).toEqual({ level: 'complete', percent: 99 });
    expect(coverageOf(totals(2 * MIN, 0))).toEqual({ level: 'complete', percent: 100 });
  });
});
