import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Clock } from '../../platform/clock.js';
import { classifyFailure, type RecorderFailure } from '../../platform/ffmpeg/failure.js';
import {
  buildRecordArgs,
  parseSegmentListLine,
  segmentFileName,
} from '../../platform/ffmpeg/record-args.js';
import { stopInStages } from '../../platform/ffmpeg/stop-process.js';
import type { Logger } from '../../platform/log/logger.js';
import { redactUrlCredentials } from '../../platform/log/redact.js';

export interface FinishedSegment {
  cameraId: string;
  runId: string;
  /** Absolute path of the finished file in the spool folder. */
  file: string;
  startMs: number;
  endMs: number;
  /** 0 for the first segment of a run. */
  index: number;
}

export interface RecorderHandlers {
  /** A segment is complete: move it into storage and index it. Called in order. */
  segment(seg: FinishedSegment): Promise<void>;
  /**
   * A file ffmpeg left unfinished (crash, kill): the handler salvages what plays or quarantines
   * it. `startMs` is where it must begin: the end of the last finished segment of the run.
   */
  leftover(cameraId: string, runId: string, file: string, startMs: number | null): Promise<void>;
}

/** Where a run is writing now: live view follows this file as it grows. */
export interface RecorderPosition {
  runId: string;
  /** Absolute path of the segment file being written. */
  file: string;
  /** Its number in the run, 0 first. */
  index: number;
  /**
   * Stream time (seconds) where it starts. Each segment's timestamps restart near zero
   * (`-reset_timestamps`): adding this joins them into one timeline. 0 for the first.
   */
  startSeconds: number;
}

export interface RecorderOptions {
  cameraId: string;
  url: string;
  spoolRoot: string;
  segmentSeconds: number;
  socketTimeoutSeconds: number;
  /** Without a finished segment for this long, ffmpeg is stopped as stalled. */
  stallMs: number;
  /** Fragments of this length, flushed at once, so that live view can follow the file. */
  fragmentMs?: number;
  ffmpegPath?: string;
  clock: Clock;
  log: Logger;
  handlers: RecorderHandlers;
}

export interface RunResult {
  runId: string;
  segments: number;
  failure: RecorderFailure;
  /** End of the last segment this run delivered. */
  lastEndMs: number | null;
}

const ANCHOR_WINDOW = 6;

/**
 * One ffmpeg run for one camera. Maps stream time to wall time with the smallest recent
 * (arrival time − stream end) offset: a segment is announced as soon as the first packet of the
 * next arrives, so the smallest offset is the closest to the real one, and a sliding window
 * follows a camera clock that drifts.
 */
export class CameraRecorderRun {
  readonly runId = randomUUID();
  readonly spoolDir: string;
  private child: ChildProcess | null = null;
  private stderrTail: string[] = [];
  private offsets: number[] = [];
  private segments = 0;
  private lastEndMs: number | null = null;
  /** Stream time (seconds) where the last finished segment ended. */
  private lastEndStream: number | null = null;
  private exited = false;
  private lastProgressAt = 0;
  private stoppedBy: 'stalled' | 'request' | 'abort' | null = null;
  private chain: Promise<void> = Promise.resolve();
  private handled = new Set<string>();
  private watchdog: NodeJS.Timeout | null = null;

  constructor(private readonly o: RecorderOptions) {
    this.spoolDir = path.join(o.spoolRoot, o.cameraId, this.runId);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Runs ffmpeg until it ends; resolves with why it ended. Never rejects. */
  async run(): Promise<RunResult> {
    try {
      await mkdir(this.spoolDir, { recursive: true });
    } catch (err: unknown) {
      return this.result({
        kind: 'disk',
        message: 'Cartella di registrazione non scrivibile',
        detail: String(err),
      });
    }
    const args = buildRecordArgs({
      inputUrl: this.o.url,
      spoolDir: this.spoolDir,
      segmentSeconds: this.o.segmentSeconds,
      socketTimeoutSeconds: this.o.socketTimeoutSeconds,
      fragmentMs: this.o.fragmentMs,
    });
    const child = spawn(this.o.ffmpegPath ?? 'ffmpeg', args, {
      stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.lastProgressAt = this.o.clock.now();
    let spawnError: Error | null = null;
    child.once('error', (err) => {
      spawnError = err;
    });
    child.stdin?.on('error', () => undefined);
    if (child.pid) {
      // Lets a later start find and stop an ffmpeg this process left behind after a crash.
      await writeFile(path.join(this.spoolDir, 'ffmpeg.pid'), String(child.pid)).catch(
        () => undefined,
      );
    }
    const list = child.stdio[3] as Readable | null;
    if (list) {
      createInterface({ input: list }).on('line', (line) => this.onListLine(line));
    }
    if (child.stderr) {
      createInterface({ input: child.stderr }).on('line', (line) => {
        this.stderrTail.push(line);
        if (this.stderrTail.length > 30) this.stderrTail.shift();
      });
    }
    // One timer per run, pushed back by every finished segment (`refresh`, no system call): a
    // healthy camera never wakes the process for it, and a stall is caught when it is due.
    const onQuiet = () => {
      const quietMs = this.o.clock.now() - this.lastProgressAt;
      if (quietMs < this.o.stallMs) {
        this.watchdog = setTimeout(onQuiet, this.o.stallMs - quietMs);
        this.watchdog.unref();
      } else if (!this.stoppedBy) {
        this.o.log.warn({ camera: this.o.cameraId }, 'recorder stalled: stopping ffmpeg');
        this.stoppedBy = 'stalled';
        void stopInStages(child);
      }
    };
    this.watchdog = setTimeout(onQuiet, this.o.stallMs);
    this.watchdog.unref();

    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
      (resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve({ code: child.exitCode, signal: child.signalCode });
        } else child.once('close', (code, signal) => resolve({ code, signal }));
      },
    );
    this.exited = true;
    if (this.watchdog) clearTimeout(this.watchdog);
    await this.chain;
    await this.collectLeftovers();
    if (spawnError) {
      return this.result({
        kind: 'unknown',
        message: 'ffmpeg non avviabile',
        detail: String(spawnError),
      });
    }
    const failure = classifyFailure({
      ...exit,
      stderr: this.stderrTail,
      stoppedByUs: this.stoppedBy === 'stalled' ? 'stalled' : null,
    });
    if (failure.detail) {
      this.o.log.info(
        { camera: this.o.cameraId, kind: failure.kind, detail: failure.detail },
        'recorder ended',
      );
    }
    return this.result(failure);
  }

  /** Asks ffmpeg to finish (q, SIGTERM, SIGKILL); the run then resolves. */
  async stop(): Promise<void> {
    this.stoppedBy ??= 'request';
    if (this.child) await stopInStages(this.child);
  }

  /** Ends this run without ending the camera's recording: the supervisor decides what next. */
  async abort(): Promise<void> {
    this.stoppedBy ??= 'abort';
    if (this.child) await stopInStages(this.child);
  }

  /** For tests: kills ffmpeg outright, as a crash would. */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.child?.kill(signal);
  }

  /** The segment ffmpeg is writing now; null before it started or once it has ended. */
  position(): RecorderPosition | null {
    if (!this.child?.pid || this.exited) return null;
    return {
      runId: this.runId,
      file: path.join(this.spoolDir, segmentFileName(this.segments)),
      index: this.segments,
      startSeconds: this.lastEndStream ?? 0,
    };
  }

  get stopRequested(): boolean {
    return this.stoppedBy === 'request';
  }

  private result(failure: RecorderFailure): RunResult {
    return { runId: this.runId, segments: this.segments, failure, lastEndMs: this.lastEndMs };
  }

  private onListLine(line: string): void {
    const entry = parseSegmentListLine(line);
    if (!entry) {
      this.o.log.warn(
        { camera: this.o.cameraId, line: redactUrlCredentials(line) },
        'unexpected segment list line',
      );
      return;
    }
    const now = this.o.clock.now();
    this.lastProgressAt = now;
    this.watchdog?.refresh();
    this.offsets.push(now - entry.end * 1000);
    if (this.offsets.length > ANCHOR_WINDOW) this.offsets.shift();
    const anchor = Math.min(...this.offsets);
    let startMs = Math.round(anchor + entry.start * 1000);
    const endMs = Math.round(anchor + entry.end * 1000);
    // Consecutive segments of one run are contiguous by construction; a small anchor move
    // must not open a hole or an overlap between them.
    if (this.lastEndMs !== null && Math.abs(startMs - this.lastEndMs) < 1000)
      startMs = this.lastEndMs;
    const file = path.join(this.spoolDir, path.basename(entry.file));
    this.handled.add(path.basename(entry.file));
    const seg: FinishedSegment = {
      cameraId: this.o.cameraId,
      runId: this.runId,
      file,
      startMs,
      endMs: Math.max(endMs, startMs + 1),
      index: this.segments,
    };
    this.segments++;
    this.lastEndMs = seg.endMs;
    this.lastEndStream = entry.end;
    this.chain = this.chain
      .then(() => this.o.handlers.segment(seg))
      .catch((err: unknown) => {
        this.o.log.error({ err, camera: this.o.cameraId }, 'segment could not be stored');
      });
  }

  private async collectLeftovers(): Promise<void> {
    let names: string[] = [];
    try {
      names = await readdir(this.spoolDir);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      if (!name.endsWith('.mp4') || this.handled.has(name)) continue;
      try {
        await this.o.handlers.leftover(
          this.o.cameraId,
          this.runId,
          path.join(this.spoolDir, name),
          this.lastEndMs,
        );
      } catch (err: unknown) {
        this.o.log.error({ err, camera: this.o.cameraId, file: name }, 'leftover not handled');
      }
    }
    await rm(path.join(this.spoolDir, 'ffmpeg.pid'), { force: true });
    // Removes the folder only when nothing is left in it: a quarantined file stays visible.
    await rmdir(this.spoolDir).catch(() => undefined);
  }
}
