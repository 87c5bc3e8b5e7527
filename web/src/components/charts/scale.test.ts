import { describe, expect, it } from 'vitest';
import { clip, niceMax, roundedPercents, shares, textColorOn, ticks } from './scale';

describe('chart scales', () => {
  it('rounds an axis up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(-3)).toBe(1);
    expect(niceMax(1)).toBe(1);
    expect(niceMax(3)).toBe(5);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(11)).toBe(20);
    expect(niceMax(21)).toBe(25);
    expect(niceMax(26)).toBe(50);
    expect(niceMax(9_999)).toBe(10_000);
    expect(niceMax(0.3)).toBe(0.5);
  });

  it('never draws fractional ticks for counts', () => {
    expect(ticks(20)).toEqual([0, 5, 10, 15, 20]);
    expect(ticks(5)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(ticks(10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(ticks(3)).toEqual([0, 1, 2, 3]);
    expect(ticks(1)).toEqual([0, 1]);
    expect(ticks(2)).toEqual([0, 1, 2]);
    expect(ticks(25)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(ticks(7)).toEqual([0, 7]);
    expect(ticks(2.5, 4, false)).toEqual([0, 0.625, 1.25, 1.875, 2.5]);
  });

  it('stacks shares from zero and treats negative values as zero', () => {
    expect(shares([1, 3])).toEqual([
      { value: 1, fraction: 0.25, offset: 0 },
      { value: 3, fraction: 0.75, offset: 0.25 },
    ]);
    expect(shares([0, 0])).toEqual([
      { value: 0, fraction: 0, offset: 0 },
      { value: 0, fraction: 0, offset: 0 },
    ]);
    expect(shares([-2, 2])[1]).toEqual({ value: 2, fraction: 1, offset: 0 });
  });

  it('gives percentages that add up to exactly 100', () => {
    expect(roundedPercents([1, 1, 1])).toEqual([34, 33, 33]);
    expect(roundedPercents([2, 1])).toEqual([67, 33]);
    expect(roundedPercents([0, 0])).toEqual([0, 0]);
    for (const values of [
      [7, 5, 3, 1],
      [1, 1, 1, 1, 1, 1, 1],
      [999, 1],
    ]) {
      expect(roundedPercents(values).reduce((a, b) => a + b, 0)).toBe(100);
    }
  });

  it('cuts long labels with an ellipsis', () => {
    expect(clip('sinistro stradale', 40)).toBe('sinistro stradale');
    expect(clip('nessuna telecamera inquadra il luogo', 12)).toBe('nessuna tel…');
    expect(clip('nessuna telecamera inquadra il luogo', 12)).toHaveLength(12);
  });

  it('writes white on dark fills and black on light ones', () => {
    expect(textColorOn('#0066cc')).toBe('#fff');
    expect(textColorOn('#008055')).toBe('#fff');
    expect(textColorOn('#c5cfd9')).toBe('#000');
    expect(textColorOn('#ffffff')).toBe('#000');
    expect(textColorOn('not a colour')).toBe('#fff');
  });
});
