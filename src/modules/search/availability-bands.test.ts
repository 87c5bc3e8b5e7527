import { describe, expect, it } from 'vitest';
import { availabilityBands, bandTotals } from './availability-bands.js';

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
