import { randomUUID } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { isoOrNull } from '../../platform/db/database.js';
import type { Logger } from '../../platform/log/logger.js';
import type { Storage } from '../../platform/storage/storage.js';
import type { AlarmsService } from '../alarms/alarms.service.js';
import type { AuditService } from '../audit/audit.service.js';
import { SYSTEM_ACTOR } from '../audit/audit.types.js';
import type { CamerasService } from '../cameras/cameras.service.js';
import type { HoldsService } from './holds.service.js';
import type { DeletionCause } from './recording.tables.js';
import {
  DAY_MS,
  deletionWindows,
  isHeld,
  planRetention,
  planSpaceRecovery,
  reclaimableOf,
  type HoldSpan,
  type SegmentSpan,
} from './retention.js';
import type { SegmentRepository, SegmentRow } from './segment.repository.js';

interface Deps {
  db: Db;
  segments: SegmentRepository;
  holds: HoldsService;
  cameras: CamerasService;
  storage: Storage;
  audit: AuditService;
  alarms: AlarmsService;
  clock: Clock;
  log: Logger;
  /** Retention for footage of a camera no longer in the registry. */
  defaultRetentionDays: number;
  /** Below this many free bytes the guard deletes the oldest unheld footage. */
  minFreeBytes: number;
  /** Free bytes where footage is stored; null when unknown. */
  freeBytes: () => Promise<number | null>;
  /** Recording is paused when only held footage is left and the disk is still too full. */
  recorder?: { pause(reason: string): Promise<void>; resume(): Promise<void>; isPaused: boolean };
}

const BATCH = 500;
const HYSTERESIS = 1.1;

function toSpan(r: SegmentRow): SegmentSpan & { key: string } {
  return {
    id: r.id,
    cameraId: r.camera_id,
    startMs: r.start_ms,
    endMs: r.end_ms,
    bytes: r.bytes,
    key: r.storage_key,
  };
}

function formatBytes(n: number): string {
  return n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GiB` : `${Math.round(n / 1024 ** 2)} MiB`;
}

/**
 * Retention (C1) and the free-space guard: automatic, logged deletion of footage that has
 * outlived its camera's retention, or of the oldest footage when the disk runs low. Footage a
 * hold covers (C2) is never deleted by either.
 */
export class RetentionService {
  constructor(private readonly d: Deps) {}

  private async activeHoldSpans(): Promise<HoldSpan[]> {
    return (await this.d.holds.active()).map((h) => ({
      cameraIds: h.cameraIds,
      startMs: h.start_ms,
      endMs: h.end_ms,
    }));
  }

  /** Deletes every expired segment no hold covers. */
  async purge(): Promise<{ segments: number; bytes: number }> {
    const now = this.d.clock.now();
    const holds = await this.activeHoldSpans();
    const days = new Map((await this.d.cameras.list()).map((c) => [c.id, c.retentionDays]));
    const cameraIds = new Set([...days.keys(), ...(await this.d.segments.cameraIds())]);
    let segments = 0;
    let bytes = 0;
    for (const cameraId of cameraIds) {
      const retention = days.get(cameraId) ?? this.d.defaultRetentionDays;
      const cutoff = now - retention * DAY_MS;
      let after = -1;
      for (;;) {
        const batch = await this.d.segments.endedBefore(cameraId, cutoff, BATCH, after);
        if (batch.length === 0) break;
        after = batch[batch.length - 1]?.start_ms ?? after;
        const plan = planRetention(batch.map(toSpan), holds, () => retention, now);
        const done = await this.remove(plan as Array<SegmentSpan & { key: string }>, 'retention');
        segments += done.segments;
        bytes += done.bytes;
        if (batch.length < BATCH) break;
      }
    }
    if (segments > 0) this.d.log.info({ segments, bytes }, 'retention purge');
    return { segments, bytes };
  }

  /** Keeps free space above the minimum, deleting oldest unheld footage first. */
  async guardSpace(): Promise<{ segments: number; bytes: number; freeBytes: number | null }> {
    const min = this.d.minFreeBytes;
    let free = await this.d.freeBytes();
    if (free === null) return { segments: 0, bytes: 0, freeBytes: null };
    if (free >= min) {
      await this.d.alarms.clear('disk_low', 'storage');
      if (this.d.recorder?.isPaused) {
        await this.d.recorder.resume();
        await this.d.alarms.clear('disk_full', 'storage');
      }
      return { segments: 0, bytes: 0, freeBytes: free };
    }
    // Deletes until the measured free space reaches the target: what a deletion gives back is
    // measured (a segment hard-linked into an evidence package frees nothing and is skipped),
    // and free space is read again from the filesystem after each batch, never assumed.
    const target = Math.ceil(min * HYSTERESIS);
    const holds = await this.activeHoldSpans();
    let segments = 0;
    let bytes = 0;
    let after = -1;
    while (free !== null && free < target) {
      const batch = await this.d.segments.oldest(BATCH, after);
      if (batch.length === 0) break;
      after = batch[batch.length - 1]?.start_ms ?? after;
      let spans = await this.measured(batch.map(toSpan), holds);
      // Planned from the measured sizes, then checked against the filesystem: when a deletion
      // gave back less than expected, the next oldest go, until the target or the batch's end.
      while (free !== null && free < target) {
        const plan = planSpaceRecovery(spans, holds, target - free) as typeof spans;
        if (plan.length === 0) break;
        const done = await this.remove(plan, 'disk_space');
        segments += done.segments;
        bytes += done.reclaimed;
        if (done.segments === 0) break;
        const chosen = new Set(plan.map((p) => p.id));
        spans = spans.filter((x) => !chosen.has(x.id));
        free = await this.d.freeBytes();
      }
      if (batch.length < BATCH) break;
    }
    free = await this.d.freeBytes();
    const message = `Spazio libero sotto il minimo (${formatBytes(free ?? 0)} liberi, minimo ${formatBytes(min)}): eliminate ${segments} registrazioni non bloccate, le più vecchie`;
    await this.d.alarms.raise('disk_low', 'storage', 'warning', message);
    this.d.log.warn({ segments, bytes, free, min }, 'free-space guard deleted footage');
    if (free !== null && free < min) {
      const reason =
        'Disco pieno: restano solo registrazioni bloccate o conservate nei reperti, la registrazione è sospesa';
      await this.d.alarms.raise('disk_full', 'storage', 'critical', reason);
      await this.d.recorder?.pause(reason);
    }
    return { segments, bytes, freeBytes: free };
  }

  /** Unheld segments with what deleting each would give back (held ones are never deleted). */
  private async measured(
    spans: Array<SegmentSpan & { key: string }>,
    holds: readonly HoldSpan[],
  ): Promise<Array<SegmentSpan & { key: string }>> {
    return Promise.all(
      spans.map(async (s) => {
        if (isHeld(s, holds)) return s;
        const reclaimable = await this.d.storage.reclaimableBytes(s.key).catch(() => null);
        return reclaimable === null ? s : { ...s, reclaimable };
      }),
    );
  }

  /** Deletes files first, then index rows, log and audit together: never a row without a file. */
  private async remove(
    plan: Array<SegmentSpan & { key: string }>,
    cause: DeletionCause,
  ): Promise<{ segments: number; bytes: number; reclaimed: number }> {
    if (plan.length === 0) return { segments: 0, bytes: 0, reclaimed: 0 };
    const gone: typeof plan = [];
    for (const s of plan) {
      try {
        await this.d.storage.delete(s.key);
        gone.push(s);
      } catch (err: unknown) {
        this.d.log.error({ err, segment: s.id }, 'segment file could not be deleted');
      }
    }
    const now = this.d.clock.now();
    await this.d.db.transaction().execute(async (tx) => {
      await this.d.segments.deleteByIds(
        gone.map((s) => s.id),
        tx,
      );
      for (const w of deletionWindows(gone)) {
        await this.d.segments.insertDeletion(
          {
            id: randomUUID(),
            camera_id: w.cameraId,
            start_ms: w.startMs,
            end_ms: w.endMs,
            segments: w.segments,
            bytes: w.bytes,
            cause,
            deleted_at: now,
          },
          tx,
        );
        await this.d.audit.record(tx, SYSTEM_ACTOR, {
          action: 'recording.delete',
          objectType: 'camera',
          objectId: w.cameraId,
          reason: cause === 'retention' ? 'Conservazione scaduta' : 'Spazio disco insufficiente',
          details: {
            from: isoOrNull(w.startMs),
            to: isoOrNull(w.endMs),
            segments: w.segments,
            bytes: w.bytes,
            cause,
          },
        });
      }
    });
    return {
      segments: gone.length,
      bytes: gone.reduce((n, s) => n + s.bytes, 0),
      reclaimed: gone.reduce((n, s) => n + reclaimableOf(s), 0),
    };
  }
}
