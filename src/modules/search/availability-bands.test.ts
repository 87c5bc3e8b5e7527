import { describe, expect, it } from 'vitest';
import { availabilityBands, bandTotals, coveredMs, summarize } from './availability-bands.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 20, 8, 0, 0);
const at = (minutes: number) => T0 + minutes * MIN;

describe('availabilityBands', () => {
  it('splits a window into recorded, gap with cause, unexplained gap and future', () => {
    const bands = availabilityBands({
      from: at(0),
      to: at(60),
      now: at(50),
      expiresBefore: at(-1000),
      recorded: [
        { from: at(-5), to: at(10) },
        { from: at(20), to: at(30) },
      ],
      gaps: [{ from: at(10), to: at(20), cause: 'camera_offline' }],
      deleted: [],
    });
    expect(bands.map((b) => [(b.from - T0) / MIN, (b.to - T0) / MIN, b.kind, b.cause])).toEqual([
      [0, 10, 'recorded', null],
      [10, 20, 'gap', 'camera_offline'],
      [20, 30, 'recorded', null],
      [30, 50, 'gap', null],
      [50, 60, 'future', null],
    ]);
    expect(bandTotals(bands)).toEqual({
      recorded: 20 * MIN,
      gap: 30 * MIN,
      expired: 0,
      future: 10 * MIN,
    });
  });

  it('marks what is older than the retention or was deleted as expired; footage not yet purged stays recorded', () => {
    const bands = availabilityBands({
      from: at(0),
      to: at(40),
      now: at(1000),
      expiresBefore: at(30),
      recorded: [{ from: at(25), to: at(40) }],
      gaps: [{ from: at(0), to: null, cause: 'recorder_down' }],
      deleted: [{ from: at(0), to: at(10), cause: 'disk_space' }],
    });
    expect(bands.map((b) => [(b.from - T0) / MIN, (b.to - T0) / MIN, b.kind, b.cause])).toEqual([
      [0, 10, 'expired', 'disk_space'],
      [10, 25, 'expired', 'retention'],
      [25, 40, 'recorded', null],
    ]);
  });

  it('an open gap runs to now', () => {
    const bands = availabilityBands({
      from: at(0),
      to: at(10),
      now: at(5),
      expiresBefore: at(-100),
      recorded: [],
      gaps: [{ from: at(-3), to: null, cause: 'error' }],
      deleted: [],
    });
    expect(bands.map((b) => [b.kind, b.cause])).toEqual([
      ['gap', 'error'],
      ['future', null],
    ]);
  });

  it('returns nothing for an empty window', () => {
    expect(
      availabilityBands({
        from: at(5),
        to: at(5),
        now: at(0),
        expiresBefore: 0,
        recorded: [],
        gaps: [],
        deleted: [],
      }),
    ).toEqual([]);
  });
});

describe('summarize', () => {
  const totals = (recorded: number, gap: number, expired: number, future = 0) => ({
    recorded,
    gap,
    expired,
    future,
  });
  it('calls a window complete from 99 % recorded, partial below, future excluded', () => {
    expect(summarize(totals(99, 1, 0, 500))).toBe('complete');
    expect(summarize(totals(98, 2, 0))).toBe('partial');
    expect(summarize(totals(1, 99, 0))).toBe('partial');
  });
  it('with nothing recorded, says expired when deletion or retention explains most of it', () => {
    expect(summarize(totals(0, 10, 0))).toBe('none');
    expect(summarize(totals(0, 10, 10))).toBe('expired');
    expect(summarize(totals(0, 11, 10))).toBe('none');
    expect(summarize(totals(0, 0, 0, 60))).toBe('none');
  });
});

describe('coveredMs', () => {
  it('counts the part of the window under any range once, overlaps and outside parts left out', () => {
    expect(
      coveredMs(
        [
          { from: at(-10), to: at(5) },
          { from: at(3), to: at(8) },
          { from: at(20), to: at(25) },
          { from: at(21), to: at(22) },
          { from: at(50), to: at(70) },
        ],
        at(0),
        at(60),
      ),
    ).toBe(8 * MIN + 5 * MIN + 10 * MIN);
    expect(coveredMs([], at(0), at(60))).toBe(0);
    expect(coveredMs([{ from: at(60), to: at(70) }], at(0), at(60))).toBe(0);
  });
});
