import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { isoOrNull } from '../../platform/db/database.js';
import { Forbidden, NotFound, ValidationFailed } from '../../platform/errors.js';
import { extractThumbnail } from '../../platform/ffmpeg/thumbnail.js';
import type { Storage } from '../../platform/storage/storage.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AuditActor } from '../audit/audit.types.js';
import type { AuthContext } from '../auth/auth-context.js';
import type { CameraViewer, CamerasService } from '../cameras/cameras.service.js';
import type { HoldsService } from './holds.service.js';
import type { PlaybackRepository, PlaybackSessionRow } from './playback.repository.js';
import type { CameraAvailability, NewPlayback, PlaybackSession } from './playback.schemas.js';
import { GAP_TOLERANCE_MS } from './recording.service.js';
import { DAY_MS } from './retention.js';
import type { SegmentRepository, SegmentRow } from './segment.repository.js';

/** A playback session lets its user fetch the window's segments for this long. */
const SESSION_TTL_MS = 4 * 60 * 60 * 1000;
const MAX_PLAYBACK_WINDOW_MS = DAY_MS;
const MAX_AVAILABILITY_WINDOW_MS = 31 * DAY_MS;
const THUMB_WIDTH = 192;

function window(fromIso: string, toIso: string, maxMs: number): { from: number; to: number } {
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  if (!(to > from)) throw new ValidationFailed('la fine del periodo deve seguire l’inizio');
  if (to - from > maxMs) {
    throw new ValidationFailed(
      `periodo troppo lungo: al massimo ${Math.round(maxMs / 3_600_000)} ore`,
    );
  }
  return { from, to };
}

/** Merges segments into continuous ranges (touching within the gap tolerance). */
export function mergeRanges(segments: Array<{ start_ms: number; end_ms: number }>) {
  const out: Array<{ from: number; to: number }> = [];
  for (const s of segments) {
    const last = out[out.length - 1];
    if (last && s.start_ms - last.to <= GAP_TOLERANCE_MS) last.to = Math.max(last.to, s.end_ms);
    else out.push({ from: s.start_ms, to: s.end_ms });
  }
  return out;
}

/**
 * Playback of recorded footage: the availability timeline, audited playback sessions (L1: who,
 * which camera, which window, why), the segments themselves and thumbnails.
 */
export class PlaybackService {
  private thumbsRunning = 0;
  private readonly thumbQueue: Array<() => void> = [];

  constructor(
    private readonly d: {
      db: Db;
      segments: SegmentRepository;
      sessions: PlaybackRepository;
      holds: HoldsService;
      cameras: CamerasService;
      storage: Storage;
      audit: AuditService;
      clock: Clock;
      cacheDir: string;
    },
  ) {}

  async availability(
    viewer: CameraViewer,
    cameraIds: string[],
    fromIso: string,
    toIso: string,
  ): Promise<CameraAvailability[]> {
    const { from, to } = window(fromIso, toIso, MAX_AVAILABILITY_WINDOW_MS);
    const now = this.d.clock.now();
    const cameras = new Map((await this.d.cameras.list(viewer)).map((c) => [c.id, c]));
    const holds = await this.d.holds.active();
    const out: CameraAvailability[] = [];
    for (const id of [...new Set(cameraIds)]) {
      const camera = cameras.get(id);
      if (!camera) throw new NotFound('telecamera', id);
      const [segments, gaps, deleted] = await Promise.all([
        this.d.segments.inWindow(id, from, to),
        this.d.segments.gapsInWindow(id, from, to),
        this.d.segments.deletionsInWindow(id, from, to),
      ]);
      out.push({
        cameraId: id,
        code: camera.code,
        name: camera.name,
        retentionDays: camera.retentionDays,
        expiresBefore: isoOrNull(now - camera.retentionDays * DAY_MS) ?? '',
        recorded: mergeRanges(segments).map((r) => ({
          from: isoOrNull(r.from) ?? '',
          to: isoOrNull(r.to) ?? '',
        })),
        gaps: gaps.map((g) => ({
          from: isoOrNull(g.start_ms) ?? '',
          to: isoOrNull(g.end_ms),
          cause: g.cause,
          detail: g.detail,
        })),
        holds: holds
          .filter((h) => h.cameraIds.includes(id) && h.start_ms < to && h.end_ms > from)
          .map((h) => ({
            id: h.id,
            from: isoOrNull(h.start_ms) ?? '',
            to: isoOrNull(h.end_ms) ?? '',
            reason: h.reason,
            caseRef: h.case_ref,
          })),
        deleted: deleted.map((x) => ({
          from: isoOrNull(x.start_ms) ?? '',
          to: isoOrNull(x.end_ms) ?? '',
          cause: x.cause,
        })),
      });
    }
    return out;
  }

  /** Opens an audited playback session for one camera and window. */
  async start(auth: AuthContext, actor: AuditActor, input: NewPlayback): Promise<PlaybackSession> {
    const { from, to } = window(input.from, input.to, MAX_PLAYBACK_WINDOW_MS);
    const camera = await this.d.cameras.get(input.cameraId, auth);
    const now = this.d.clock.now();
    const row: PlaybackSessionRow = {
      id: randomUUID(),
      user_id: auth.userId,
      camera_id: camera.id,
      from_ms: from,
      to_ms: to,
      reason: input.reason,
      created_at: now,
      expires_at: now + SESSION_TTL_MS,
    };
    await this.d.db.transaction().execute(async (tx) => {
      await this.d.sessions.insert(row, tx);
      await this.d.audit.record(tx, actor, {
        action: 'recording.playback',
        objectType: 'camera',
        objectId: camera.id,
        reason: input.reason,
        caseRef: input.caseRef,
        details: { code: camera.code, from: input.from, to: input.to, session: row.id },
      });
    });
    return this.present(row);
  }

  /** The session with the segments recorded so far (the window may still be filling). */
  async get(auth: AuthContext, sessionId: string): Promise<PlaybackSession> {
    return this.present(await this.requireSession(auth, sessionId));
  }

  /** A segment file of the session's camera and window. */
  async segment(
    auth: AuthContext,
    sessionId: string,
    segmentId: string,
  ): Promise<{ stream: Readable; bytes: number }> {
    const session = await this.requireSession(auth, sessionId);
    const seg = await this.requireSegment(session, segmentId);
    return { stream: await this.d.storage.get(seg.storage_key), bytes: seg.bytes };
  }

  /** A JPEG frame near `atIso`, extracted once and cached. */
  async thumbnail(auth: AuthContext, sessionId: string, atIso: string): Promise<Buffer> {
    const session = await this.requireSession(auth, sessionId);
    const at = Date.parse(atIso);
    if (!(at >= session.from_ms && at <= session.to_ms)) {
      throw new ValidationFailed('istante fuori dal periodo della sessione');
    }
    return this.frameAt(session.camera_id, at);
  }

  /**
   * A JPEG frame of a camera near an instant, extracted once and cached. Callers authorize
   * and audit: a playback session above, a signed link from an audited search elsewhere.
   */
  async frameAt(cameraId: string, at: number): Promise<Buffer> {
    const atIso = isoOrNull(at) ?? String(at);
    const [seg] = await this.d.segments.inWindow(cameraId, at, at + 1);
    if (!seg) throw new NotFound('registrazione', atIso);
    const offset = Math.max(0, Math.floor((at - seg.start_ms) / 1000));
    const cacheFile = path.join(
      this.d.cacheDir,
      'thumbnails',
      seg.camera_id,
      `${seg.id}-${offset}.jpg`,
    );
    try {
      return await readFile(cacheFile);
    } catch {
      // not cached yet
    }
    const file = this.d.storage.localPath(seg.storage_key);
    if (!file) throw new NotFound('registrazione', atIso);
    const jpeg = await this.limited(() => extractThumbnail(file, offset, THUMB_WIDTH));
    await mkdir(path.dirname(cacheFile), { recursive: true });
    const tmp = `${cacheFile}.${randomUUID()}.tmp`;
    await writeFile(tmp, jpeg);
    await rename(tmp, cacheFile);
    return jpeg;
  }

  async purgeExpiredSessions(): Promise<number> {
    return this.d.sessions.deleteExpired(this.d.clock.now());
  }

  /** Two extractions at a time: thumbnails must never starve the recorders of CPU. */
  private async limited<T>(fn: () => Promise<T>): Promise<T> {
    if (this.thumbsRunning >= 2) await new Promise<void>((r) => this.thumbQueue.push(r));
    this.thumbsRunning++;
    try {
      return await fn();
    } finally {
      this.thumbsRunning--;
      this.thumbQueue.shift()?.();
    }
  }

  private async requireSession(auth: AuthContext, id: string): Promise<PlaybackSessionRow> {
    const row = await this.d.sessions.findById(id);
    if (!row) throw new NotFound('sessione di riproduzione', id);
    if (row.user_id !== auth.userId)
      throw new Forbidden('Sessione di riproduzione di un altro utente');
    if (row.expires_at <= this.d.clock.now())
      throw new Forbidden('Sessione di riproduzione scaduta');
    return row;
  }

  private async requireSegment(
    session: PlaybackSessionRow,
    segmentId: string,
  ): Promise<SegmentRow> {
    const seg = await this.d.segments.findById(segmentId);
    if (
      !seg ||
      seg.camera_id !== session.camera_id ||
      seg.start_ms >= session.to_ms ||
      seg.end_ms <= session.from_ms
    ) {
      throw new NotFound('registrazione', segmentId);
    }
    return seg;
  }

  private async present(row: PlaybackSessionRow): Promise<PlaybackSession> {
    const segments = await this.d.segments.inWindow(row.camera_id, row.from_ms, row.to_ms);
    return {
      id: row.id,
      cameraId: row.camera_id,
      from: isoOrNull(row.from_ms) ?? '',
      to: isoOrNull(row.to_ms) ?? '',
      expiresAt: isoOrNull(row.expires_at) ?? '',
      segments: segments.map((s) => ({
        id: s.id,
        from: isoOrNull(s.start_ms) ?? '',
        to: isoOrNull(s.end_ms) ?? '',
        bytes: s.bytes,
      })),
    };
  }
}
