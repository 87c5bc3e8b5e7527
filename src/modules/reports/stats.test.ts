import { describe, expect, it } from 'vitest';
import { coveredMs, percentile, ratio, round1, turnaround, turnaroundBuckets } from './stats.js';

const H = 3_600_000;

describe('percentile (PERCENTILE.INC)', () => {
  it('interpolates between closest ranks', () => {
    // Excel: PERCENTILE.INC({1,2,3,4}, 0.5) = 2.5; 0.9 → 3.7
    expect(percentile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(percentile([4, 1, 3, 2], 0.9)).toBeCloseTo(3.7, 10);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 10);
  });

  it('handles the edges', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([3, 9], 0)).toBe(3);
    expect(percentile([3, 9], 1)).toBe(9);
    expect(() => percentile([1], 1.5)).toThrow(RangeError);
  });

  it('does not reorder the caller’s array', () => {
    const values = [3, 1, 2];
    percentile(values, 0.5);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('turnaround', () => {
  it('gives median and p90 in hours, rounded once at the end', () => {
    // 1 h, 2 h, 10 h, 26 h 30 min, 49 h: p90 rank 3.6 → 26.5 + 0.6 × 22.5 = 40
    const t = turnaround([1 * H, 2 * H, 10 * H, 26.5 * H, 49 * H]);
    expect(t).toEqual({ count: 5, medianHours: 10, p90Hours: 40 });
  });

  it('an even count takes the mean of the middle two', () => {
    expect(turnaround([1 * H, 2 * H]).medianHours).toBe(1.5);
    // 0.04 h + 0.05 h: each would round to 0 or 0.1, the exact mean 0.045 rounds to 0
    expect(turnaround([0.04 * H, 0.05 * H]).medianHours).toBe(0);
  });

  it('is null when nothing was fulfilled', () => {
    expect(turnaround([])).toEqual({ count: 0, medianHours: null, p90Hours: null });
  });

  it('puts each duration in one bucket, upper bound excluded', () => {
    const b = turnaroundBuckets([0, 3.99 * H, 4 * H, 24 * H, 71 * H, 72 * H, 200 * H]);
    expect(b.map((x) => x.count)).toEqual([2, 1, 2, 1, 1]);
    expect(b.map((x) => x.key)).toEqual(['lt4h', '4to24h', '1to3d', '3to7d', 'gt7d']);
  });
});

describe('coveredMs', () => {
  it('merges overlaps and clips to the window', () => {
    const gaps = [
      { start: 0, end: 10 },
      { start: 5, end: 15 },
      { start: 20, end: 30 },
      { start: 95, end: 200 },
    ];
    expect(coveredMs(gaps, 0, 100)).toBe(15 + 10 + 5);
    expect(coveredMs(gaps, 12, 25)).toBe(3 + 5);
    expect(coveredMs([], 0, 100)).toBe(0);
  });
});

describe('rounding and ratios', () => {
  it('rounds half away from zero', () => {
    expect(round1(2.25)).toBe(2.3);
    expect(round1(-2.25)).toBe(-2.3);
    expect(round1(-0.01)).toBe(0);
  });
  it('is null without a denominator', () => {
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(2, 3)).toBe(0.6667);
  });
});
