import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { buildLiveArgs } from '../../platform/ffmpeg/record-args.js';
import { stopInStages } from '../../platform/ffmpeg/stop-process.js';
import type { Logger } from '../../platform/log/logger.js';
import type { LiveHub, StreamKind } from './live-hub.js';

interface Source {
  url: string;
  refs: number;
  child: ChildProcess | null;
  stopTimer: NodeJS.Timeout | null;
  restartTimer: NodeJS.Timeout | null;
  attempt: number;
  closed: boolean;
}

/** How long an unwatched on-demand stream stays connected (quick tile switches reuse it). */
const LINGER_MS = 10_000;
const BACKOFF_MS = [1000, 2000, 5000, 10_000];

/**
 * Live streams nobody records (sub-streams, cameras whose recording is off): one ffmpeg per
 * stream, started by the first viewer and stopped a little after the last one leaves, with
 * restarts while anyone watches. Still one upstream connection per stream, whatever the number
 * of viewers.
 */
export class OnDemandSources {
  private readonly sources = new Map<string, Source>();

  constructor(
    private readonly d: { hub: LiveHub; log: Logger; fragmentMs: number; ffmpegPath?: string },
  ) {}

  acquire(cameraId: string, kind: StreamKind, url: string): () => void {
    const key = `${cameraId}:${kind}`;
    let s = this.sources.get(key);
    if (s && s.url !== url) {
      void this.stop(key, s);
      s = undefined;
    }
    if (!s) {
      s = {
        url,
        refs: 0,
        child: null,
        stopTimer: null,
        restartTimer: null,
        attempt: 0,
        closed: false,
      };
      this.sources.set(key, s);
      this.spawn(cameraId, kind, key, s);
    }
    s.refs++;
    if (s.stopTimer) {
      clearTimeout(s.stopTimer);
      s.stopTimer = null;
    }
    const source = s;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      source.refs--;
      if (source.refs <= 0 && !source.closed) {
        source.stopTimer = setTimeout(() => void this.stop(key, source), LINGER_MS);
        source.stopTimer.unref();
      }
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.sources.entries()].map(([key, s]) => this.stop(key, s)));
  }

  private spawn(cameraId: string, kind: StreamKind, key: string, s: Source): void {
    const runId = randomUUID();
    const child = spawn(
      this.d.ffmpegPath ?? 'ffmpeg',
      buildLiveArgs({ inputUrl: s.url, socketTimeoutSeconds: 10, fragmentMs: this.d.fragmentMs }),
      { stdio: ['pipe', 'pipe', 'ignore'] },
    );
    s.child = child;
    child.stdin?.on('error', () => undefined);
    let delivered = false;
    child.stdout?.on('data', (chunk: Buffer) => {
      delivered = true;
      this.d.hub.feed(cameraId, kind, runId, chunk);
    });
    child.once('error', (err) =>
      this.d.log.warn({ err, camera: cameraId, kind }, 'live ffmpeg failed'),
    );
    child.once('close', () => {
      this.d.hub.ended(cameraId, kind, runId, 'Flusso interrotto');
      if (s.closed || this.sources.get(key) !== s) return;
      if (delivered) s.attempt = 0;
      const delay = BACKOFF_MS[Math.min(s.attempt++, BACKOFF_MS.length - 1)] ?? 10_000;
      s.restartTimer = setTimeout(() => {
        if (!s.closed) this.spawn(cameraId, kind, key, s);
      }, delay);
      s.restartTimer.unref();
    });
  }

  private async stop(key: string, s: Source): Promise<void> {
    s.closed = true;
    if (s.stopTimer) clearTimeout(s.stopTimer);
    if (s.restartTimer) clearTimeout(s.restartTimer);
    if (this.sources.get(key) === s) this.sources.delete(key);
    if (s.child) await stopInStages(s.child, 1000);
  }
}
