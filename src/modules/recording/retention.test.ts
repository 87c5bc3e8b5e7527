import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  isExpired,
  isHeld,
  isHoldActive,
  planRetention,
  planSpaceRecovery,
  type HoldSpan,
  type SegmentSpan,
} from './retention.js';

const NOW = Date.UTC(2026, 10, 23, 12);
const CAMERAS = ['a', 'b', 'c'];

const segmentArb = fc
  .record({
    cameraId: fc.constantFrom(...CAMERAS),
    startMs: fc.integer({ min: NOW - 12 * DAY_MS, max: NOW }),
    length: fc.integer({ min: 1, max: 60_000 }),
    bytes: fc.integer({ min: 1, max: 5_000_000 }),
  })
  .map(({ length, ...s }) => ({ ...s, endMs: s.startMs + length }));

const segmentsArb = fc
  .array(segmentArb, { maxLength: 60 })
  .map((list) =>
    list
      .map((s, i): SegmentSpan => ({ ...s, id: `s${i}` }))
      .sort((x, y) => x.startMs - y.startMs || x.id.localeCompare(y.id)),
  );

const holdArb = fc
  .record({
    cameraIds: fc.subarray(CAMERAS, { minLength: 1 }),
    startMs: fc.integer({ min: NOW - 12 * DAY_MS, max: NOW }),
    length: fc.integer({ min: 1, max: 3 * DAY_MS }),
    releasedAt: fc.option(fc.integer({ min: NOW - DAY_MS, max: NOW }), { nil: null }),
    expiresAt: fc.option(fc.integer({ min: NOW - DAY_MS, max: NOW + DAY_MS }), { nil: null }),
  })
  .map(({ length, ...h }) => ({ ...h, endMs: h.startMs + length }));

const retentionArb = fc.record({
  a: fc.integer({ min: 1, max: 10 }),
  b: fc.integer({ min: 1, max: 10 }),
  c: fc.integer({ min: 1, max: 10 }),
});

/** A naive reference: does any active hold overlap the segment on its camera? */
function heldByReference(
  s: SegmentSpan,
  holds: Array<HoldSpan & { releasedAt: number | null; expiresAt: number | null }>,
) {
  for (const h of holds) {
    if (!isHoldActive(h, NOW)) continue;
    if (!h.cameraIds.includes(s.cameraId)) continue;
    if (s.endMs > h.startMs && s.startMs < h.endMs) return true;
  }
  return false;
}

describe('retention rules (property-based)', () => {
  it('purge never deletes a held segment and deletes every expired unheld one', () => {
    fc.assert(
      fc.property(
        segmentsArb,
        fc.array(holdArb, { maxLength: 8 }),
        retentionArb,
        (segments, holds, retention) => {
          const active = holds.filter((h) => isHoldActive(h, NOW));
          const days = (id: string) => retention[id as 'a' | 'b' | 'c'];
          const deleted = new Set(planRetention(segments, active, days, NOW).map((s) => s.id));
          for (const s of segments) {
            const held = heldByReference(s, holds);
            const expired = s.endMs <= NOW - days(s.cameraId) * DAY_MS;
            if (held) expect(deleted.has(s.id)).toBe(false);
            else if (expired) expect(deleted.has(s.id)).toBe(true);
            else expect(deleted.has(s.id)).toBe(false);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('the free-space guard never deletes a held segment and frees the oldest unheld first', () => {
    fc.assert(
      fc.property(
        segmentsArb,
        fc.array(holdArb, { maxLength: 8 }),
        fc.integer({ min: 0, max: 200_000_000 }),
        (segments, holds, need) => {
          const active = holds.filter((h) => isHoldActive(h, NOW));
          const plan = planSpaceRecovery(segments, active, need);
          const chosen = new Set(plan.map((s) => s.id));
          const unheld = segments.filter((s) => !heldByReference(s, holds));
          for (const s of plan) expect(heldByReference(s, holds)).toBe(false);
          const freed = plan.reduce((n, s) => n + s.bytes, 0);
          if (freed < need) {
            // Not enough: everything unheld went.
            expect(plan.length).toBe(unheld.length);
          } else {
            // Enough: no more than needed (the last one crossed the line) and oldest first.
            expect(freed - (plan.at(-1)?.bytes ?? 0)).toBeLessThan(Math.max(need, 1));
            const newestChosen = Math.max(...plan.map((s) => segments.indexOf(s)), -1);
            for (const s of unheld) {
              if (!chosen.has(s.id)) expect(segments.indexOf(s)).toBeGreaterThan(newestChosen);
            }
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('retention rules (examples)', () => {
  const seg = (startMs: number, endMs: number): SegmentSpan => ({
    id: 'x',
    cameraId: 'a',
    startMs,
    endMs,
    bytes: 1,
  });

  it('a segment expires only when its end is older than the retention', () => {
    expect(isExpired(seg(NOW - 7 * DAY_MS - 20_000, NOW - 7 * DAY_MS), NOW, 7)).toBe(true);
    expect(isExpired(seg(NOW - 7 * DAY_MS - 5_000, NOW - 7 * DAY_MS + 5_000), NOW, 7)).toBe(false);
  });

  it('a hold touching only the edge of a segment does not hold it; an overlap does', () => {
    const hold = { cameraIds: ['a'], startMs: 100, endMs: 200 };
    expect(isHeld(seg(200, 300), [hold])).toBe(false);
    expect(isHeld(seg(199, 300), [hold])).toBe(true);
    expect(isHeld({ ...seg(150, 160), cameraId: 'b' }, [hold])).toBe(false);
  });

  it('released and expired holds no longer protect', () => {
    expect(isHoldActive({ releasedAt: null, expiresAt: null }, NOW)).toBe(true);
    expect(isHoldActive({ releasedAt: NOW - 1, expiresAt: null }, NOW)).toBe(false);
    expect(isHoldActive({ releasedAt: null, expiresAt: NOW }, NOW)).toBe(false);
  });
});
