import { describe, expect, it } from 'vitest';
import { findGaps, planRuns, type ExportSegment } from './clip-plan.js';

const seg = (start: number, end: number): ExportSegment => ({
  id: `s${start}`,
  startMs: start,
  endMs: end,
  bytes: 100,
  storageKey: `k/${start}`,
});

describe('clip plan', () => {
  it('splits the window into continuous runs, one clip each', () => {
    const segs = [seg(0, 10_000), seg(10_000, 20_000), seg(20_500, 30_000), seg(50_000, 60_000)];
    const runs = planRuns(segs, 5_000, 55_000, 1000);
    expect(runs.map((r) => [r.from, r.to, r.segments.length])).toEqual([
      [5_000, 30_000, 3],
      [50_000, 55_000, 1],
    ]);
    expect(planRuns(segs, 31_000, 49_000, 1000)).toEqual([]);
  });

  it('names each hole of the window with the cause the recorder logged', () => {
    const runs = [
      { from: 10_000, to: 30_000 },
      { from: 50_000, to: 60_000 },
    ];
    expect(
      findGaps(runs, 0, 70_000, [
        { from: 29_000, to: 52_000, cause: 'camera_offline' },
        { from: -100_000, to: 5_000, cause: 'deleted' },
      ]),
    ).toEqual([
      { from: 0, to: 10_000, cause: 'deleted' },
      { from: 30_000, to: 50_000, cause: 'camera_offline' },
      { from: 60_000, to: 70_000, cause: 'not_recorded' },
    ]);
    expect(findGaps([{ from: 0, to: 10_000 }], 0, 10_500, [])).toEqual([]);
  });
});
