import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import { createLogger } from '../../platform/log/logger.js';
import { isHeld, planSpaceRecovery, type HoldSpan, type SegmentSpan } from './retention.js';
import { RetentionService } from './retention.service.js';

// The free-space guard against a modelled disk where evidence originals are hard links to
// recorded segments: deleting a shared segment's name gives nothing back. Fakes stand in for
// the database and the filesystem (unit test); the integration test uses real hard links.

interface Seg extends SegmentSpan {
  key: string;
  /** An evidence package holds another link to the file. */
  shared: boolean;
}

const CAMERAS = ['a', 'b'];

const segsArb = fc
  .array(
    fc.record({
      cameraId: fc.constantFrom(...CAMERAS),
      startMs: fc.integer({ min: 0, max: 1_000_000 }),
      bytes: fc.integer({ min: 1, max: 10_000 }),
      shared: fc.boolean(),
    }),
    { maxLength: 40 },
  )
  .map((list) =>
    list
      .map((s, i): Seg => ({
        ...s,
        id: `s${String(i).padStart(3, '0')}`,
        endMs: s.startMs + 1000,
        key: `recordings/${s.cameraId}/${i}.mp4`,
      }))
      .sort((x, y) => x.startMs - y.startMs || x.id.localeCompare(y.id)),
  );

const holdsArb = fc.array(
  fc
    .record({
      cameraIds: fc.subarray(CAMERAS, { minLength: 1 }),
      startMs: fc.integer({ min: 0, max: 1_000_000 }),
      length: fc.integer({ min: 1, max: 200_000 }),
    })
    .map(({ length, ...h }): HoldSpan => ({ ...h, endMs: h.startMs + length })),
  { maxLength: 3 },
);

/** Runs the real guard on a modelled disk; returns what it deleted and how it ended. */
async function runGuard(segs: Seg[], holds: HoldSpan[], capacity: number, minFree: number) {
  const present = new Map(segs.map((s) => [s.key, s]));
  const other = 5_000; // files that are not footage
  // Shared data stays on disk whatever happens to the segment's name.
  const used = () =>
    other +
    segs.filter((s) => s.shared).reduce((n, s) => n + s.bytes, 0) +
    [...present.values()].filter((s) => !s.shared).reduce((n, s) => n + s.bytes, 0);
  const deleted: Seg[] = [];
  let freeReads = 0;
  let paused: string | null = null;
  const guard = new RetentionService({
    db: { transaction: () => ({ execute: (fn: (tx: unknown) => unknown) => fn({}) }) } as never,
    segments: {
      oldest: (limit: number, after: number) =>
        Promise.resolve(
          [...present.values()]
            .filter((s) => s.startMs > after)
            .sort((x, y) => x.startMs - y.startMs || x.id.localeCompare(y.id))
            .slice(0, limit)
            .map((s) => ({
              id: s.id,
              camera_id: s.cameraId,
              start_ms: s.startMs,
              end_ms: s.endMs,
              bytes: s.bytes,
              storage_key: s.key,
            })),
        ),
      deleteByIds: () => Promise.resolve(),
      insertDeletion: () => Promise.resolve(),
    } as never,
    holds: {
      active: () =>
        Promise.resolve(
          holds.map((h) => ({ cameraIds: h.cameraIds, start_ms: h.startMs, end_ms: h.endMs })),
        ),
    } as never,
    cameras: {} as never,
    storage: {
      delete: (key: string) => {
        const s = present.get(key);
        if (s) deleted.push(s);
        present.delete(key);
        return Promise.resolve();
      },
      reclaimableBytes: (key: string) => {
        const s = present.get(key);
        return Promise.resolve(!s ? 0 : s.shared ? 0 : s.bytes);
      },
    } as never,
    audit: { record: () => Promise.resolve() } as never,
    alarms: { raise: () => Promise.resolve(), clear: () => Promise.resolve() } as never,
    clock: new ManualClock(),
    log: createLogger('silent'),
    defaultRetentionDays: 7,
    minFreeBytes: minFree,
    freeBytes: () => {
      freeReads++;
      return Promise.resolve(capacity - used());
    },
    recorder: {
      pause: (reason: string) => {
        paused = reason;
        return Promise.resolve();
      },
      resume: () => {
        paused = null;
        return Promise.resolve();
      },
      get isPaused() {
        return paused !== null;
      },
    },
  });
  const before = capacity - used();
  const result = await guard.guardSpace();
  return { deleted, before, after: capacity - used(), result, paused, freeReads };
}

describe('free-space guard with hard-linked evidence originals (property-based)', () => {
  it('never deletes held or shared footage, counts only real space, frees just enough, else pauses', async () => {
    await fc.assert(
      fc.asyncProperty(
        segsArb,
        holdsArb,
        fc.integer({ min: 10_000, max: 400_000 }),
        fc.integer({ min: 1_000, max: 150_000 }),
        async (segs, holds, capacity, minFree) => {
          const run = await runGuard(segs, holds, capacity, minFree);
          const target = Math.ceil(minFree * 1.1);
          const eligible = segs.filter((s) => !s.shared && !isHeld(s, holds));
          for (const s of run.deleted) {
            expect(isHeld(s, holds)).toBe(false);
            expect(s.shared).toBe(false);
          }
          // What it says it freed is what the disk gained.
          expect(run.result.bytes).toBe(run.after - run.before);
          if (run.before >= minFree) {
            expect(run.deleted).toEqual([]);
            return;
          }
          // Oldest eligible first: what it deleted is a prefix of the eligible segments.
          expect(run.deleted.map((s) => s.id)).toEqual(
            eligible.slice(0, run.deleted.length).map((s) => s.id),
          );
          if (run.after < target) {
            // Not enough: every eligible segment went, and below the minimum recording pauses.
            expect(run.deleted).toHaveLength(eligible.length);
            if (run.after < minFree) expect(run.paused).toMatch(/Disco pieno/);
          } else {
            // Enough: the last deletion crossed the target, none beyond it.
            const last = run.deleted.at(-1);
            expect(run.after - (last?.bytes ?? 0)).toBeLessThan(target);
            expect(run.paused).toBeNull();
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a disk full of evidence-shared footage pauses recording instead of deleting it for nothing', async () => {
    const segs: Seg[] = [0, 1, 2, 3].map((i) => ({
      id: `s${i}`,
      cameraId: 'a',
      startMs: i * 1000,
      endMs: i * 1000 + 1000,
      bytes: 10_000,
      key: `recordings/a/${i}.mp4`,
      shared: i < 3,
    }));
    // 45 000 used of 50 000; 10 000 wanted. Three oldest segments are shared with evidence.
    const run = await runGuard(segs, [], 50_000, 10_000);
    expect(run.deleted.map((s) => s.id)).toEqual(['s3']);
    expect(run.result).toMatchObject({ segments: 1, bytes: 10_000, freeBytes: 15_000 });
    expect(run.paused).toBeNull();
    const worse = await runGuard(
      segs.map((s) => ({ ...s, shared: true })),
      [],
      50_000,
      10_000,
    );
    expect(worse.deleted).toEqual([]);
    expect(worse.paused).toMatch(/Disco pieno/);
  });

  it('plans by the bytes a deletion gives back, skipping shared segments', () => {
    const span = (id: string, bytes: number, reclaimable?: number): SegmentSpan => ({
      id,
      cameraId: 'a',
      startMs: Number(id.slice(1)),
      endMs: Number(id.slice(1)) + 1,
      bytes,
      ...(reclaimable !== undefined && { reclaimable }),
    });
    const plan = planSpaceRecovery(
      [span('s1', 100, 0), span('s2', 100, 100), span('s3', 100), span('s4', 100, 100)],
      [],
      150,
    );
    expect(plan.map((s) => s.id)).toEqual(['s2', 's3']);
  });
});
