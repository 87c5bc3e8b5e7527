import type { Clock } from '../../platform/clock.js';
import type { Logger } from '../../platform/log/logger.js';
import {
  Fmp4Reader,
  type Fmp4Part,
  type InitSegment,
  type MediaFragment,
} from '../../platform/mp4/fmp4-reader.js';

export type StreamKind = 'main' | 'sub';

/** A fragment as viewers get it: with the wall-clock instant its first frame arrived. */
export interface LiveFragment extends MediaFragment {
  /** Seconds on the media timeline (decodeTime / timescale). */
  mediaTime: number;
  /** Server wall clock when the fragment arrived, the capture clock viewers measure against. */
  wallMs: number;
}

/** Someone watching a channel: a WebSocket, a test, a benchmark. */
export interface LiveViewer {
  init(init: InitSegment): void;
  fragment(f: LiveFragment): void;
  status(state: 'online' | 'offline', message: string | null): void;
}

/** Fragments kept since the last keyframe, so a new viewer starts at once. */
const MAX_GOP_FRAGMENTS = 600;
const MAX_GOP_BYTES = 16 * 1024 * 1024;

class Channel {
  init: InitSegment | null = null;
  gop: LiveFragment[] = [];
  gopBytes = 0;
  readonly viewers = new Set<LiveViewer>();
  reader: Fmp4Reader | null = null;
  source: string | null = null;
  online = false;
  broken = false;
}

/**
 * Fan-out of live fragmented MP4 from one upstream per camera stream to any number of
 * viewers. A recorder tap (main stream of a recorded camera: the segment being written)
 * pushes parts, an on-demand ffmpeg (sub-stream, unrecorded camera) pushes raw bytes that the
 * hub splits into the init segment and fragments; the hub keeps the current GOP and sends each
 * viewer the init, then fragments from a keyframe on.
 */
export class LiveHub {
  private readonly channels = new Map<string, Channel>();

  constructor(private readonly d: { clock: Clock; log: Logger }) {}

  private channel(cameraId: string, kind: StreamKind): Channel {
    const key = `${cameraId}:${kind}`;
    let c = this.channels.get(key);
    if (!c) {
      c = new Channel();
      this.channels.set(key, c);
    }
    return c;
  }

  /** Raw bytes from an upstream ffmpeg; `source` identifies the run (a new one resets). */
  feed(cameraId: string, kind: StreamKind, source: string, chunk: Buffer): void {
    const c = this.channel(cameraId, kind);
    this.adopt(c, source);
    if (c.broken) return;
    c.reader ??= new Fmp4Reader();
    let parts;
    try {
      parts = c.reader.push(chunk);
    } catch (err: unknown) {
      // A corrupt live stream must never disturb the recording that shares its ffmpeg.
      c.broken = true;
      this.d.log.warn(
        { err, camera: cameraId, kind },
        'live stream unreadable; dropped until restart',
      );
      return;
    }
    this.feedParts(cameraId, kind, source, parts);
  }

  /** A new upstream run replaces the previous one: its state is dropped. */
  private adopt(c: Channel, source: string): void {
    if (c.source === source) return;
    c.source = source;
    c.reader = null;
    c.broken = false;
    c.init = null;
    c.gop = [];
    c.gopBytes = 0;
  }

  /**
   * Parts already split (the recorder taps read them from the segment being written). The last
   * fragment of a batch arrived now; earlier ones (a GOP read at once when a tap opens) are
   * stamped back by their distance on the media timeline.
   */
  feedParts(cameraId: string, kind: StreamKind, source: string, parts: Fmp4Part[]): void {
    const c = this.channel(cameraId, kind);
    this.adopt(c, source);
    const now = this.d.clock.now();
    let lastDecodeTime = 0;
    for (const p of parts) if (p.kind === 'fragment') lastDecodeTime = p.decodeTime;
    for (const part of parts) {
      if (part.kind === 'init') {
        c.init = part;
        c.gop = [];
        c.gopBytes = 0;
        if (!c.online) this.setOnline(c, true, null);
        for (const v of c.viewers) this.safe(() => v.init(part));
        continue;
      }
      if (!c.init) continue;
      const f: LiveFragment = {
        kind: 'fragment',
        data: part.data,
        keyframe: part.keyframe,
        decodeTime: part.decodeTime,
        mediaTime: part.decodeTime / c.init.timescale,
        wallMs: now - Math.round(((lastDecodeTime - part.decodeTime) / c.init.timescale) * 1000),
      };
      if (f.keyframe || c.gop.length >= MAX_GOP_FRAGMENTS || c.gopBytes > MAX_GOP_BYTES) {
        c.gop = [];
        c.gopBytes = 0;
      }
      if (f.keyframe || c.gop.length > 0) {
        c.gop.push(f);
        c.gopBytes += f.data.length;
      }
      for (const v of c.viewers) this.safe(() => v.fragment(f));
    }
  }

  /** The upstream ended (camera offline, recorder restarting). */
  ended(cameraId: string, kind: StreamKind, source: string, message: string | null): void {
    const c = this.channels.get(`${cameraId}:${kind}`);
    if (!c || c.source !== source) return;
    c.source = null;
    c.reader = null;
    c.init = null;
    c.gop = [];
    c.gopBytes = 0;
    this.setOnline(c, false, message);
  }

  /** Adds a viewer; it gets the init and the current GOP at once when the stream is up. */
  subscribe(cameraId: string, kind: StreamKind, viewer: LiveViewer): () => void {
    const c = this.channel(cameraId, kind);
    c.viewers.add(viewer);
    if (c.init) {
      const init = c.init;
      this.safe(() => viewer.init(init));
      for (const f of c.gop) this.safe(() => viewer.fragment(f));
    } else {
      this.safe(() => viewer.status('offline', null));
    }
    return () => {
      c.viewers.delete(viewer);
    };
  }

  /** The current GOP again (a viewer resuming after a pause, or catching up). */
  replay(cameraId: string, kind: StreamKind, viewer: LiveViewer): void {
    const c = this.channels.get(`${cameraId}:${kind}`);
    if (!c?.init) return;
    for (const f of c.gop) this.safe(() => viewer.fragment(f));
  }

  viewerCount(cameraId: string, kind: StreamKind): number {
    return this.channels.get(`${cameraId}:${kind}`)?.viewers.size ?? 0;
  }

  isLive(cameraId: string, kind: StreamKind): boolean {
    return Boolean(this.channels.get(`${cameraId}:${kind}`)?.init);
  }

  private setOnline(c: Channel, online: boolean, message: string | null): void {
    c.online = online;
    for (const v of c.viewers) this.safe(() => v.status(online ? 'online' : 'offline', message));
  }

  private safe(fn: () => void): void {
    try {
      fn();
    } catch (err: unknown) {
      this.d.log.warn({ err }, 'live viewer failed');
    }
  }
}
