import { randomUUID } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { isOfflineKind, type RecorderFailure } from '../../platform/ffmpeg/failure.js';
import { probeMedia, type MediaInfo } from '../../platform/ffmpeg/probe.js';
import type { Logger } from '../../platform/log/logger.js';
import type { Storage } from '../../platform/storage/storage.js';
import type { AlarmsService } from '../alarms/alarms.service.js';
import type { CamerasService, RecordingTarget } from '../cameras/cameras.service.js';
import {
  CameraRecorderRun,
  type FinishedSegment,
  type RecorderPosition,
} from './camera-recorder.js';
import { segmentKey } from './segment-key.js';
import { SpoolRecovery } from './spool-recovery.js';
import type { GapCause } from './recording.tables.js';
import type { SegmentRepository } from './segment.repository.js';

export interface RecordingSettings {
  spoolRoot: string;
  quarantineRoot: string;
  segmentSeconds: number;
  socketTimeoutSeconds: number;
  stallMs: number;
  /** Delays between restarts of a failing camera, the last one repeating. */
  backoffMs: number[];
  /** Fragment length inside segments: live view follows the file being written. */
  liveFragmentMs?: number;
  ffmpegPath?: string;
}

interface Deps {
  db: Db;
  segments: SegmentRepository;
  cameras: CamerasService;
  alarms: AlarmsService;
  storage: Storage;
  clock: Clock;
  log: Logger;
  settings: RecordingSettings;
  probe?: (file: string) => Promise<MediaInfo>;
}

interface Slot {
  target: RecordingTarget;
  run: CameraRecorderRun | null;
  stopped: boolean;
  attempt: number;
  wake: (() => void) | null;
  unsupported: boolean;
  done: Promise<void>;
}

/** A gap is anything longer than this between two segments. */
export const GAP_TOLERANCE_MS = 1000;
const UNSUPPORTED_RETRY_MS = 5 * 60_000;

function gapCauseOf(failure: RecorderFailure): GapCause {
  if (failure.kind === 'killed') return 'recorder_down';
  if (failure.kind === 'disk') return 'disk';
  return isOfflineKind(failure.kind) ? 'camera_offline' : 'error';
}

/**
 * Continuous recording: one supervised ffmpeg per enabled camera, segments moved into storage
 * and indexed as they complete, gaps recorded with their cause, status and alarms kept current.
 */
export class RecordingService {
  private readonly slots = new Map<string, Slot>();
  private readonly lastEnd = new Map<string, number>();
  /**
   * Each camera's open gap as this process knows it (only the recorder opens and closes gaps):
   * a stored segment then needs no query to learn whether it closes one. A camera not in the
   * map is looked up once.
   */
  private readonly openGaps = new Map<string, { id: string; startMs: number } | null>();
  private syncTimer: NodeJS.Timeout | null = null;
  private syncing: Promise<void> = Promise.resolve();
  private running = false;
  private demoActive = false;
  private paused: string | null = null;
  private unsubscribe: (() => void) | null = null;

  private readonly spool: SpoolRecovery;

  constructor(private readonly d: Deps) {
    this.spool = new SpoolRecovery({
      storage: d.storage,
      clock: d.clock,
      log: d.log,
      spoolRoot: d.settings.spoolRoot,
      quarantineRoot: d.settings.quarantineRoot,
      probe: d.probe ?? probeMedia,
      index: (cameraId, runId, key, start, end, bytes, codec) =>
        this.index(cameraId, runId, key, start, end, bytes, codec),
    });
  }

  get settings(): RecordingSettings {
    return this.d.settings;
  }

  /** Starts recording every enabled camera and follows registry changes. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    for (const [id, end] of await this.d.segments.lastEnds()) this.lastEnd.set(id, end);
    await this.spool.recoverStaleRuns();
    this.unsubscribe = this.d.cameras.onChange(() => void this.sync());
    this.syncTimer = setInterval(() => void this.sync(), 10_000);
    this.syncTimer.unref();
    await this.sync();
  }

  /** Stops every recorder in stages and marks the time Vedetta was not recording. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.unsubscribe?.();
    if (this.syncTimer) clearInterval(this.syncTimer);
    await this.syncing;
    await Promise.all(
      [...this.slots.keys()].map((id) =>
        this.stopSlot(id, { cause: 'recorder_down', detail: 'Vedetta arrestato' }),
      ),
    );
  }

  /** Demo cameras are recorded only while the simulator runs. */
  setDemoActive(active: boolean): void {
    this.demoActive = active;
    void this.sync();
  }

  /** Stops all recording (disk full) until resumed; the reason becomes each camera's status. */
  async pause(reason: string): Promise<void> {
    if (this.paused) return;
    this.paused = reason;
    await this.sync();
  }

  async resume(): Promise<void> {
    if (!this.paused) return;
    this.paused = null;
    await this.sync();
  }

  get isPaused(): boolean {
    return this.paused !== null;
  }

  /** True while the camera's main stream comes from a recorder run. */
  isRecording(cameraId: string): boolean {
    return Boolean(this.slots.get(cameraId)?.run);
  }

  /** Where the camera's recorder is writing now (live view follows it); null when it is not. */
  livePosition(cameraId: string): RecorderPosition | null {
    return this.slots.get(cameraId)?.run?.position() ?? null;
  }

  /** For tests and diagnostics: the ffmpeg of a camera's current run. */
  currentRun(cameraId: string): CameraRecorderRun | null {
    return this.slots.get(cameraId)?.run ?? null;
  }

  sync(): Promise<void> {
    this.syncing = this.syncing
      .then(() => this.doSync())
      .catch((err: unknown) => {
        this.d.log.error({ err }, 'recorder sync failed');
      });
    return this.syncing;
  }

  private async doSync(): Promise<void> {
    if (!this.running) return;
    const targets = await this.d.cameras.recordingTargets();
    const wanted = new Map(
      targets
        .filter((t) => t.enabled && (!t.demo || this.demoActive) && !this.paused)
        .map((t) => [t.id, t]),
    );
    for (const [id, slot] of this.slots) {
      const t = wanted.get(id);
      if (!t) {
        await this.stopSlot(
          id,
          this.paused
            ? { cause: 'disk', detail: this.paused }
            : { cause: 'recorder_down', detail: 'Registrazione disattivata' },
        );
        if (this.paused) {
          await this.d.cameras.setStatus(id, { state: 'error', message: this.paused });
        }
      } else if (t.revision !== slot.target.revision || t.url !== slot.target.url) {
        await this.stopSlot(id, null);
      }
    }
    for (const t of targets) {
      if (!wanted.has(t.id) && t.demo && !this.demoActive && t.enabled) {
        await this.d.cameras.setStatus(t.id, {
          state: 'offline',
          message: 'Telecamera dimostrativa: simulatore non attivo',
        });
      }
    }
    for (const [id, t] of wanted) {
      if (!this.slots.has(id)) this.startSlot(t);
    }
  }

  private startSlot(target: RecordingTarget): void {
    const slot: Slot = {
      target,
      run: null,
      stopped: false,
      attempt: 0,
      wake: null,
      unsupported: false,
      done: Promise.resolve(),
    };
    this.slots.set(target.id, slot);
    slot.done = this.loop(slot).catch((err: unknown) => {
      this.d.log.error({ err, camera: target.code }, 'recorder loop failed');
    });
  }

  private async stopSlot(
    id: string,
    gap: { cause: GapCause; detail: string } | null,
  ): Promise<void> {
    const slot = this.slots.get(id);
    if (!slot) return;
    slot.stopped = true;
    slot.wake?.();
    await slot.run?.stop();
    await slot.done;
    this.slots.delete(id);
    if (gap) await this.openGap(id, gap.cause, gap.detail);
  }

  private async loop(slot: Slot): Promise<void> {
    const { target } = slot;
    await this.d.cameras.setStatus(target.id, {
      state: 'starting',
      message: 'Connessione in corso',
    });
    while (!slot.stopped) {
      const run = new CameraRecorderRun({
        cameraId: target.id,
        url: target.url,
        spoolRoot: this.d.settings.spoolRoot,
        segmentSeconds: this.d.settings.segmentSeconds,
        socketTimeoutSeconds: this.d.settings.socketTimeoutSeconds,
        stallMs: this.d.settings.stallMs,
        ffmpegPath: this.d.settings.ffmpegPath,
        fragmentMs: this.d.settings.liveFragmentMs,
        clock: this.d.clock,
        log: this.d.log,
        handlers: {
          segment: (seg) => this.ingest(slot, seg),
          leftover: (cameraId, runId, file, startMs) =>
            this.spool.salvage(cameraId, runId, file, startMs),
        },
      });
      slot.run = run;
      const result = await run.run();
      slot.run = null;
      if (slot.stopped || run.stopRequested) break;
      if (result.segments > 0) slot.attempt = 0;
      const failure: RecorderFailure = slot.unsupported
        ? { kind: 'unsupported_codec', message: 'Codec non supportato', detail: null }
        : result.failure;
      if (!slot.unsupported) await this.onRunFailed(target, failure);
      const delays = this.d.settings.backoffMs;
      const delay = slot.unsupported
        ? UNSUPPORTED_RETRY_MS
        : (delays[Math.min(slot.attempt, delays.length - 1)] ?? 5000);
      slot.attempt++;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        slot.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      slot.wake = null;
      slot.unsupported = false;
    }
  }

  private async onRunFailed(target: RecordingTarget, failure: RecorderFailure): Promise<void> {
    const offline = isOfflineKind(failure.kind) || failure.kind === 'killed';
    this.d.log.warn(
      { camera: target.code, kind: failure.kind, message: failure.message },
      'camera not recording',
    );
    await this.d.cameras.setStatus(target.id, {
      state: offline ? 'offline' : 'error',
      message: failure.message,
    });
    await this.openGap(target.id, gapCauseOf(failure), failure.message);
    await this.d.alarms.raise(
      'camera_not_recording',
      target.id,
      'warning',
      `${target.code} ${target.name}: ${failure.message}`,
    );
  }

  /** Opens a gap at the end of the camera's footage, unless one is already open. */
  private async openGap(cameraId: string, cause: GapCause, detail: string): Promise<void> {
    const opened = await this.d.db.transaction().execute(async (tx) => {
      const open = await this.findOpenGap(cameraId, tx);
      if (open) return open;
      const now = this.d.clock.now();
      const gap = {
        id: randomUUID(),
        camera_id: cameraId,
        start_ms: this.lastEnd.get(cameraId) ?? now,
        end_ms: null,
        cause,
        detail,
        created_at: now,
      };
      await this.d.segments.insertGap(gap, tx);
      return { id: gap.id, startMs: gap.start_ms };
    });
    this.openGaps.set(cameraId, opened);
  }

  private async findOpenGap(
    cameraId: string,
    tx: Tx,
  ): Promise<{ id: string; startMs: number } | null> {
    const known = this.openGaps.get(cameraId);
    if (known !== undefined) return known;
    const row = await this.d.segments.findOpenGap(cameraId, tx);
    return row ? { id: row.id, startMs: row.start_ms } : null;
  }

  private async ingest(slot: Slot, seg: FinishedSegment): Promise<void> {
    const key = segmentKey(seg.cameraId, seg.startMs, seg.runId, seg.index);
    let bytes: number;
    try {
      ({ bytes } = await this.d.storage.adopt(key, seg.file));
    } catch (err: unknown) {
      await this.d.alarms.raise(
        'storage_write_failed',
        'storage',
        'critical',
        `Impossibile salvare le registrazioni: ${err instanceof Error ? err.message : String(err)}`,
      );
      throw err;
    }
    let info: MediaInfo | null = null;
    if (seg.index === 0) {
      const file = this.d.storage.localPath(key);
      if (file) {
        try {
          info = await (this.d.probe ?? probeMedia)(file);
        } catch (err: unknown) {
          this.d.log.warn({ err, camera: slot.target.code }, 'ffprobe failed on a segment');
        }
      }
    }
    const unsupported = Boolean(info?.codec && info.codec !== 'h264');
    // One transaction a segment (index, status, alarm): each commit costs a disk sync, and a
    // recorder with a hundred cameras stores ten segments a second.
    await this.index(
      seg.cameraId,
      seg.runId,
      key,
      seg.startMs,
      seg.endMs,
      bytes,
      info?.codec ?? null,
      async (tx) => {
        // Segments still arriving while an unsupported stream is being stopped are kept, silently.
        if (slot.unsupported || unsupported) return;
        await this.d.cameras.setStatus(
          seg.cameraId,
          {
            state: 'online',
            message: null,
            lastSegmentAt: seg.endMs,
            ...(info && {
              codec: info.codec,
              width: info.width,
              height: info.height,
              bitrate: info.bitrate,
            }),
          },
          tx,
        );
        // The alarm is raised only when a run fails: the first segment of the next run clears it.
        if (seg.index === 0) await this.d.alarms.clear('camera_not_recording', seg.cameraId, tx);
      },
    );
    if (slot.unsupported || !unsupported || !info) return;
    slot.unsupported = true;
    const message = `Flusso ${info.codec}, non H.264: impostare la telecamera in H.264`;
    await this.d.cameras.setStatus(seg.cameraId, { state: 'error', message, ...info });
    await this.openGap(seg.cameraId, 'error', message);
    await this.d.alarms.raise(
      'camera_not_recording',
      seg.cameraId,
      'warning',
      `${slot.target.code}: ${message}`,
    );
    // The run ends; the loop retries after a long pause in case the camera is reconfigured.
    void slot.run?.abort();
  }

  /** Indexes a stored segment, closing the gap before it (or recording one nobody saw open). */
  private async index(
    cameraId: string,
    runId: string,
    key: string,
    startMs: number,
    endMs: number,
    bytes: number,
    codec: string | null,
    /** More work for the same transaction. */
    also?: (tx: Tx) => Promise<void>,
  ): Promise<void> {
    const now = this.d.clock.now();
    await this.d.db.transaction().execute(async (tx) => {
      await this.d.segments.insert(
        {
          id: randomUUID(),
          camera_id: cameraId,
          start_ms: startMs,
          end_ms: endMs,
          bytes,
          storage_key: key,
          codec,
          run_id: runId,
          created_at: now,
        },
        tx,
      );
      const open = await this.findOpenGap(cameraId, tx);
      const previousEnd = this.lastEnd.get(cameraId);
      if (open) {
        await this.d.segments.closeGap(open.id, Math.max(open.startMs, startMs), tx);
      } else if (previousEnd !== undefined && startMs - previousEnd > GAP_TOLERANCE_MS) {
        await this.d.segments.insertGap(
          {
            id: randomUUID(),
            camera_id: cameraId,
            start_ms: previousEnd,
            end_ms: startMs,
            cause: 'recorder_down',
            detail: 'Vedetta non registrava',
            created_at: now,
          },
          tx,
        );
      }
      await also?.(tx);
    });
    // Committed: no gap is open any more.
    this.openGaps.set(cameraId, null);
    this.lastEnd.set(cameraId, Math.max(endMs, this.lastEnd.get(cameraId) ?? 0));
  }
}
