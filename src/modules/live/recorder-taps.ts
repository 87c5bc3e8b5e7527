import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Logger } from '../../platform/log/logger.js';
import {
  Fmp4Reader,
  setDecodeTime,
  type Fmp4Part,
  type InitSegment,
  type MediaFragment,
} from '../../platform/mp4/fmp4-reader.js';
import type { RecorderPosition } from '../recording/camera-recorder.js';
import type { LiveHub } from './live-hub.js';

export interface RecorderTapOptions {
  hub: LiveHub;
  log: Logger;
  /** The recorder's current position for a camera; null while it is not recording. */
  position: (cameraId: string) => RecorderPosition | null;
  /** How often a watched camera's file is checked for new fragments. */
  pollMs?: number;
  /** How long a tap stays open after its last viewer left (quick tile switches reuse it). */
  lingerMs?: number;
}

/** The most read from a file in one call (a 10-second segment of a 4K camera fits). */
const MAX_READ = 16 * 1024 * 1024;

/**
 * Live view of recorded cameras without a second output: the recorder writes each segment as
 * short fragments flushed at once, and a tap follows the segment being written, from the
 * first viewer until a little after the last. Nobody watching costs nothing: no pipe, no
 * bytes through Node. Reads are synchronous on purpose: the data was written a moment ago
 * and sits in the page cache, and a small read is cheaper than a trip through the thread pool.
 *
 * Each segment restarts its timestamps near zero and begins with its own init segment: the tap
 * shifts fragment decode times by the segment's start in stream time, so viewers see one
 * continuous timeline, and passes an init on only when it differs (the camera changed its
 * encoding).
 */
export class RecorderTaps {
  private readonly taps = new Map<string, Tap>();

  constructor(private readonly o: RecorderTapOptions) {}

  /** Starts following the camera's recording (if not already); returns the release. */
  acquire(cameraId: string): () => void {
    let tap = this.taps.get(cameraId);
    if (!tap) {
      tap = new Tap(cameraId, this.o);
      this.taps.set(cameraId, tap);
    }
    tap.ref();
    const t = tap;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      t.unref(() => {
        if (this.taps.get(cameraId) === t) this.taps.delete(cameraId);
      });
    };
  }

  /** For tests and diagnostics: cameras whose recording is being followed. */
  active(): string[] {
    return [...this.taps.keys()];
  }

  close(): void {
    for (const t of this.taps.values()) t.close();
    this.taps.clear();
  }
}

class Tap {
  private refs = 0;
  private timer: NodeJS.Timeout | null = null;
  private lingerTimer: NodeJS.Timeout | null = null;
  private runId: string | null = null;
  private fd: number | null = null;
  private fileIndex = -1;
  private readAt = 0;
  private reader = new Fmp4Reader();
  /** Added to the decode times of the current file; -1 until its init is read. */
  private offsetTicks = -1;
  /** Stream time where the current file starts. */
  private fileStart = 0;
  /** The next read starts viewers at the last keyframe (a run joined midway). */
  private catchUp = true;
  private init: InitSegment | null = null;
  private lastDecodeTime = -1;
  private broken = false;
  private closed = false;

  constructor(
    private readonly cameraId: string,
    private readonly o: RecorderTapOptions,
  ) {}

  ref(): void {
    this.refs++;
    if (this.lingerTimer) {
      clearTimeout(this.lingerTimer);
      this.lingerTimer = null;
    }
    if (!this.timer) {
      // The first look is synchronous: a viewer subscribing right after finds the picture.
      this.tick();
      this.timer = setInterval(() => this.tick(), this.o.pollMs ?? 40);
    }
  }

  unref(onClosed: () => void): void {
    this.refs--;
    if (this.refs > 0 || this.closed) return;
    this.lingerTimer = setTimeout(() => {
      if (this.refs > 0) return;
      this.close();
      onClosed();
    }, this.o.lingerMs ?? 10_000);
    this.lingerTimer.unref();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.timer = null;
    this.lingerTimer = null;
    this.endRun(null);
  }

  private tick(): void {
    try {
      this.step();
    } catch (err: unknown) {
      // Whatever goes wrong here must never reach the recorder: drop this run's live view.
      this.o.log.warn({ err, camera: this.cameraId }, 'live view of the recording failed');
      this.broken = true;
      this.closeFile();
    }
  }

  private step(): void {
    const pos = this.o.position(this.cameraId);
    if (!pos) {
      if (this.runId) this.endRun('Registrazione interrotta');
      return;
    }
    if (pos.runId !== this.runId) {
      if (this.runId) this.endRun(null);
      this.startRun(pos);
      return;
    }
    if (this.broken) return;
    if (this.fd === null) {
      // The file was not there yet (ffmpeg creates it with its first packet).
      if (pos.index === this.fileIndex) this.openFile(pos);
      else {
        this.endRun(null);
        this.startRun(pos);
      }
      return;
    }
    // Everything written so far; when ffmpeg has moved on, that is the whole file (a segment is
    // announced once closed, and the position was read before this).
    this.drain();
    if (pos.index > this.fileIndex) {
      this.closeFile();
      if (pos.index === this.fileIndex + 1) {
        this.fileIndex = pos.index;
        this.openFile(pos);
      } else {
        // Far behind (a stalled event loop): start again at the live edge.
        this.endRun(null);
        this.startRun(pos);
      }
    }
  }

  private startRun(pos: RecorderPosition): void {
    this.runId = pos.runId;
    this.init = null;
    this.lastDecodeTime = -1;
    this.broken = false;
    this.catchUp = true;
    this.fileIndex = pos.index;
    this.openFile(pos);
  }

  private endRun(message: string | null): void {
    this.closeFile();
    if (this.runId) this.o.hub.ended(this.cameraId, 'main', this.runId, message);
    this.runId = null;
    this.init = null;
  }

  /** Opens the segment file `fileIndex` at `pos` (retried next time when not created yet). */
  private openFile(pos: RecorderPosition): void {
    try {
      this.fd = openSync(pos.file, 'r');
    } catch (err: unknown) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    this.readAt = 0;
    this.reader = new Fmp4Reader();
    this.offsetTicks = -1;
    this.fileStart = pos.startSeconds;
    this.drain();
  }

  private closeFile(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  /** Reads what ffmpeg has added to the file and passes it on. */
  private drain(): void {
    if (this.fd === null || !this.runId) return;
    const size = fstatSync(this.fd).size;
    const parts: Fmp4Part[] = [];
    while (this.readAt < size) {
      const length = Math.min(size - this.readAt, MAX_READ);
      // A fresh buffer each time: parts keep referring to it without a copy.
      const chunk = Buffer.allocUnsafe(length);
      const n = readSync(this.fd, chunk, 0, length, this.readAt);
      if (n <= 0) break;
      this.readAt += n;
      for (const part of this.reader.push(chunk.subarray(0, n))) parts.push(part);
    }
    if (parts.length === 0) return;
    const out: Fmp4Part[] = [];
    for (const part of parts) {
      if (part.kind === 'init') {
        if (this.offsetTicks < 0) this.offsetTicks = Math.round(this.fileStart * part.timescale);
        if (this.init?.data.equals(part.data)) continue;
        this.init = part;
        out.push(part);
        continue;
      }
      if (!this.init) continue;
      out.push(this.shifted(part));
    }
    const fed = this.catchUp ? fromLastKeyframe(out) : out;
    if (this.catchUp && fed.some((p) => p.kind === 'fragment')) this.catchUp = false;
    if (fed.length > 0) this.o.hub.feedParts(this.cameraId, 'main', this.runId, fed);
  }

  /** The fragment on the run's continuous timeline. */
  private shifted(f: MediaFragment): MediaFragment {
    let decodeTime = f.decodeTime + Math.max(0, this.offsetTicks);
    // Never backwards: a rounding step between segments must not make viewers stall.
    if (decodeTime <= this.lastDecodeTime) decodeTime = this.lastDecodeTime + 1;
    this.lastDecodeTime = decodeTime;
    if (decodeTime === f.decodeTime) return f;
    const data = f.data;
    setDecodeTime(data, decodeTime);
    return { kind: 'fragment', data, keyframe: f.keyframe, decodeTime };
  }
}

/** The init segments, then the fragments from the last keyframe on (the current GOP). */
export function fromLastKeyframe(parts: Fmp4Part[]): Fmp4Part[] {
  let last = -1;
  parts.forEach((p, i) => {
    if (p.kind === 'fragment' && p.keyframe) last = i;
  });
  if (last < 0) return parts.filter((p) => p.kind === 'init');
  return [...parts.slice(0, last).filter((p) => p.kind === 'init'), ...parts.slice(last)];
}
