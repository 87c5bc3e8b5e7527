import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DISCIPLINARE } from '../disciplinare/disciplinare-defaults.js';
import {
  clipFlags,
  HOUR_MS,
  isOverdue,
  planClipPurge,
  retainUntilFor,
  uncategorizedRetentionHours,
  type PurgeCandidate,
} from './clip-rules.js';

const rules = DEFAULT_DISCIPLINARE.rules;
const T = Date.UTC(2026, 10, 23, 8);

describe('clip flags', () => {
  const base = {
    recordedStart: T,
    recordedEnd: T + 10 * 60_000,
    durationMs: 10 * 60_000,
    deviceKnown: true,
    issue: { issuedAt: T - HOUR_MS, returnedAt: T + 5 * HOUR_MS },
    maxClipMinutes: 60,
    now: T + 6 * HOUR_MS,
  };
  it('a short clip within an issue has no flag', () => expect(clipFlags(base)).toEqual([]));
  it('flags clips outside any issue, too long, or covering most of a shift', () => {
    expect(clipFlags({ ...base, issue: null, deviceKnown: false })).toEqual([
      'unknown_device',
      'outside_issue',
    ]);
    expect(clipFlags({ ...base, durationMs: 61 * 60_000 })).toEqual(['too_long']);
    expect(clipFlags({ ...base, durationMs: 5 * HOUR_MS, maxClipMinutes: 600 })).toEqual([
      'whole_shift',
    ]);
  });
});

describe('retention by category', () => {
  it('gives each category its retention and legal hold none', () => {
    const [none, relevant, proof] = rules.categories;
    expect(retainUntilFor(none!, T)).toBe(T + 7 * 24 * HOUR_MS);
    expect(retainUntilFor(relevant!, T)).toBe(T + 183 * 24 * HOUR_MS);
    expect(retainUntilFor(proof!, T)).toBeNull();
    expect(uncategorizedRetentionHours(rules)).toBe(183 * 24);
  });

  it('overdue only when uncategorized past the deadline', () => {
    expect(isOverdue({ category: null, categorizeDueAt: T }, T + 1)).toBe(true);
    expect(isOverdue({ category: 'rilevante', categorizeDueAt: T }, T + 1)).toBe(false);
    expect(isOverdue({ category: null, categorizeDueAt: T }, T)).toBe(false);
  });

  const candidate = fc.record({
    id: fc.uuid(),
    retainUntil: fc.option(
      fc.integer({ min: T - 400 * 24 * HOUR_MS, max: T + 400 * 24 * HOUR_MS }),
    ),
    legalHold: fc.boolean(),
    deleted: fc.boolean(),
  });

  it('property: nothing held is deleted, everything expired and unheld is', () => {
    fc.assert(
      fc.property(
        fc.array(candidate, { maxLength: 60 }),
        fc.integer({ min: T - 10 * 24 * HOUR_MS, max: T + 500 * 24 * HOUR_MS }),
        (drawn: PurgeCandidate[], now) => {
          const clips = drawn.map((c, i) => ({ ...c, id: String(i) }));
          const planned = new Set(planClipPurge(clips, now));
          for (const c of clips) {
            if (c.legalHold || c.deleted || c.retainUntil === null)
              expect(planned.has(c.id)).toBe(false);
            else expect(planned.has(c.id)).toBe(c.retainUntil <= now);
          }
        },
      ),
      { numRuns: 5000 },
    );
  });
});
