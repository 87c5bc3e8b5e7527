// Pure rules for bodycam clips: flags at ingest (B2: no continuous recording), retention by
// category (B4) and which clips the purge may delete.
import type { ClipFlag } from '../bodycams.tables.js';
import type { Category, DisciplinareRules } from '../disciplinare/disciplinare.schemas.js';

export const HOUR_MS = 3_600_000;

/** A clip covering at least this share of its shift is flagged as possible continuous recording. */
export const WHOLE_SHIFT_SHARE = 0.8;

export interface FlagInput {
  durationMs: number;
  recordedStart: number;
  recordedEnd: number;
  deviceKnown: boolean;
  issue: { issuedAt: number; returnedAt: number | null } | null;
  maxClipMinutes: number;
  now: number;
}

/** Flags for the privacy officer and for the register: who is unknown, what is too long. */
export function clipFlags(c: FlagInput): ClipFlag[] {
  const flags: ClipFlag[] = [];
  if (!c.deviceKnown) flags.push('unknown_device');
  if (!c.issue) flags.push('outside_issue');
  if (c.durationMs > c.maxClipMinutes * 60_000) flags.push('too_long');
  if (c.issue) {
    const shiftEnd = c.issue.returnedAt ?? Math.max(c.now, c.recordedEnd);
    const shift = shiftEnd - c.issue.issuedAt;
    if (shift > 0 && c.durationMs >= WHOLE_SHIFT_SHARE * shift) flags.push('whole_shift');
  }
  return flags;
}

/** How long an uncategorized clip is kept: the longest non-hold category, so nothing is lost before the officer decides. */
export function uncategorizedRetentionHours(rules: DisciplinareRules): number {
  return Math.max(...rules.categories.map((c) => c.retentionHours ?? 0), 24);
}

/** The retention a category gives a clip: an instant, or null under legal hold. */
export function retainUntilFor(category: Category, recordedEnd: number): number | null {
  return category.legalHold || category.retentionHours === null
    ? null
    : recordedEnd + category.retentionHours * HOUR_MS;
}

export interface PurgeCandidate {
  id: string;
  retainUntil: number | null;
  legalHold: boolean;
  deleted: boolean;
}

/** A clip may be deleted once its retention has passed, unless a legal hold protects it. */
export function isPurgeable(c: PurgeCandidate, now: number): boolean {
  return !c.deleted && !c.legalHold && c.retainUntil !== null && c.retainUntil <= now;
}

/** The clips the purge deletes now. */
export function planClipPurge(clips: readonly PurgeCandidate[], now: number): string[] {
  return clips.filter((c) => isPurgeable(c, now)).map((c) => c.id);
}

/** True when the categorization deadline has passed and the clip is still uncategorized. */
export function isOverdue(
  c: { category: string | null; categorizeDueAt: number },
  now: number,
): boolean {
  return c.category === null && c.categorizeDueAt < now;
}
