/** Pure rules of retention and of the free-space guard: which segments may go, and which never. */

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface SegmentSpan {
  id: string;
  cameraId: string;
  startMs: number;
  endMs: number;
  bytes: number;
  /**
   * What deleting the segment's file gives back, when known: 0 when its data is shared (an
   * evidence original hard-linked to it), else its size. Unknown: its size is assumed.
   */
  reclaimable?: number;
}

export interface HoldSpan {
  cameraIds: readonly string[];
  startMs: number;
  endMs: number;
}

export interface HoldState {
  releasedAt: number | null;
  expiresAt: number | null;
}

/** A hold protects footage until it is released or its expiry passes. */
export function isHoldActive(h: HoldState, now: number): boolean {
  return h.releasedAt === null && (h.expiresAt === null || h.expiresAt > now);
}

/** True when any hold covers part of the segment: the whole segment is then kept. */
export function isHeld(seg: SegmentSpan, holds: readonly HoldSpan[]): boolean {
  return holds.some(
    (h) => h.cameraIds.includes(seg.cameraId) && seg.startMs < h.endMs && seg.endMs > h.startMs,
  );
}

/** The instant before which a camera's footage has outlived its retention. */
export function retentionCutoff(now: number, retentionDays: number): number {
  return now - retentionDays * DAY_MS;
}

/** True when the whole segment is older than the camera's retention. */
export function isExpired(seg: SegmentSpan, now: number, retentionDays: number): boolean {
  return seg.endMs <= retentionCutoff(now, retentionDays);
}

/** The segments retention must delete: expired and not held. */
export function planRetention(
  segments: readonly SegmentSpan[],
  holds: readonly HoldSpan[],
  retentionDaysOf: (cameraId: string) => number,
  now: number,
): SegmentSpan[] {
  return segments.filter(
    (s) => isExpired(s, now, retentionDaysOf(s.cameraId)) && !isHeld(s, holds),
  );
}

/**
 * The segments the free-space guard deletes to free `bytesNeeded`: oldest first, never a held
 * one, and never one whose deletion frees nothing (its data is shared with an evidence package:
 * deleting it would lose recorded footage and gain no space). Counts what each deletion really
 * gives back. `oldestFirst` must be sorted by start time. Returns less than asked for when only
 * held or shared footage is left.
 */
export function planSpaceRecovery(
  oldestFirst: readonly SegmentSpan[],
  holds: readonly HoldSpan[],
  bytesNeeded: number,
): SegmentSpan[] {
  const out: SegmentSpan[] = [];
  let freed = 0;
  for (const s of oldestFirst) {
    if (freed >= bytesNeeded) break;
    if (isHeld(s, holds)) continue;
    const gain = reclaimableOf(s);
    if (gain <= 0) continue;
    out.push(s);
    freed += gain;
  }
  return out;
}

/** What deleting the segment gives back (its size when not measured). */
export const reclaimableOf = (s: SegmentSpan): number => s.reclaimable ?? s.bytes;

/** Groups deleted segments of one camera into windows for the deletion log. */
export function deletionWindows(
  segments: readonly SegmentSpan[],
): Array<{ cameraId: string; startMs: number; endMs: number; segments: number; bytes: number }> {
  const byCamera = new Map<string, SegmentSpan[]>();
  for (const s of segments) byCamera.set(s.cameraId, [...(byCamera.get(s.cameraId) ?? []), s]);
  return [...byCamera.entries()].map(([cameraId, list]) => ({
    cameraId,
    startMs: Math.min(...list.map((s) => s.startMs)),
    endMs: Math.max(...list.map((s) => s.endMs)),
    segments: list.length,
    bytes: list.reduce((n, s) => n + s.bytes, 0),
  }));
}
