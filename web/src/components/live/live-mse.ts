import type { FragmentMessage } from './protocol';

export type LiveMediaErrorCode = 'unsupported' | 'codec' | 'append' | 'media' | 'quota' | 'play';

/** A failure of the browser's media stack (the stream itself may be fine). */
export class LiveMediaError extends Error {
  constructor(
    readonly code: LiveMediaErrorCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'LiveMediaError';
  }
}

/** One point of the media timeline with the server's wall clock when it arrived. */
export interface WallMapping {
  mediaTime: number;
  wallMs: number;
}

/** Detail of the `livefragment` event the video element fires for each fragment appended. */
export interface LiveFragmentDetail {
  mediaTime: number;
  wallMs: number;
  keyframe: boolean;
}

export const LIVE_FRAGMENT_EVENT = 'livefragment';

interface LiveMseOptions {
  onError: (error: LiveMediaError) => void;
  /** Frames reach the screen (first time after each init). */
  onPlaying?: () => void;
}

type Op =
  | { kind: 'append'; data: ArrayBuffer; fragment: FragmentMessage | null }
  | { kind: 'remove'; start: number; end: number };

/** Behind the newest frame by more than this, the playhead jumps forward... */
const MAX_LAG_S = 1.0;
/** ...to this far behind it (as go2rtc and Frigate do, instead of a growing delay). */
const TARGET_LAG_S = 0.3;
/**
 * Between the two, a tile that settled further behind (a stall, a slow start) plays this much
 * faster until it is back at the target: no jump, hardly visible.
 */
const CATCH_UP_RATE = 1.1;
const CATCH_UP_ABOVE_S = TARGET_LAG_S + 0.25;
/** Seconds kept behind the playhead; older data is removed. */
const KEEP_BEHIND_S = 10;
/** Removal waits for this much excess so it does not run after every append. */
const TRIM_SLACK_S = 2;
/** After a quota error, all but this much behind the playhead goes. */
const QUOTA_KEEP_S = 1;
/** More than this waiting to be appended: drop it and start again at the next keyframe. */
const MAX_QUEUED_BYTES = 8 * 1024 * 1024;
const CHECK_MS = 250;

const isQuotaError = (error: unknown) =>
  error instanceof DOMException && error.name === 'QuotaExceededError';

/**
 * Live fragmented MP4 into Media Source Extensions: a fresh MediaSource for each init segment
 * (a camera that comes back may restart its timestamps or change codec), appends queued while
 * the SourceBuffer is busy, mode `segments` (timestamps come from the stream), latency kept
 * near TARGET_LAG_S (start at the live edge, jump forward past MAX_LAG_S as go2rtc and Frigate
 * do, play slightly faster in between), the buffer trimmed to the last KEEP_BEHIND_S.
 */
export class LiveMse {
  private mediaSource: MediaSource | null = null;
  private sourceBuffer: SourceBuffer | null = null;
  private queue: Op[] = [];
  private queuedBytes = 0;
  private generation = 0;
  private mapping: WallMapping | null = null;
  private needKeyframe = true;
  private removing = false;
  private broken = false;
  private playing = false;
  /** The playhead has been put at the live edge once since the last init. */
  private started = false;
  private readonly timer: number;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly o: LiveMseOptions,
  ) {
    video.addEventListener('error', this.onVideoError);
    video.addEventListener('playing', this.onVideoPlaying);
    this.timer = window.setInterval(this.maintain, CHECK_MS);
  }

  /** Starts over with a new init segment: new MediaSource, empty buffer, no mapping. */
  reset(codec: string, init: ArrayBuffer): void {
    this.detach();
    const generation = ++this.generation;
    this.mapping = null;
    this.needKeyframe = true;
    this.broken = false;
    this.playing = false;
    this.started = false;
    if (typeof MediaSource === 'undefined') {
      this.fail(new LiveMediaError('unsupported', 'MediaSource'));
      return;
    }
    const mime = `video/mp4; codecs="${codec}"`;
    if (!MediaSource.isTypeSupported(mime)) {
      this.fail(new LiveMediaError('codec', codec));
      return;
    }
    const mediaSource = new MediaSource();
    this.mediaSource = mediaSource;
    this.queue = [{ kind: 'append', data: init, fragment: null }];
    this.queuedBytes = init.byteLength;
    const url = URL.createObjectURL(mediaSource);
    mediaSource.addEventListener(
      'sourceopen',
      () => {
        URL.revokeObjectURL(url);
        if (generation !== this.generation) return;
        try {
          const sb = mediaSource.addSourceBuffer(mime);
          sb.mode = 'segments';
          sb.addEventListener('updateend', this.onUpdateEnd);
          sb.addEventListener('error', this.onBufferError);
          this.sourceBuffer = sb;
        } catch (error: unknown) {
          this.fail(new LiveMediaError('codec', `${codec}: ${describe(error)}`));
          return;
        }
        this.pump();
      },
      { once: true },
    );
    this.video.src = url;
  }

  /** Queues a fragment; the first after an init (or after a drop) must be a keyframe. */
  append(fragment: FragmentMessage, data: ArrayBuffer): void {
    if (!this.mediaSource || this.broken) return;
    if (this.needKeyframe && !fragment.keyframe) return;
    if (this.queuedBytes + data.byteLength > MAX_QUEUED_BYTES) {
      // The browser cannot keep up: skip to the next keyframe rather than fall behind.
      this.queue = this.queue.filter((op) => op.kind === 'append' && op.fragment === null);
      this.queuedBytes = this.queue.reduce(
        (n, op) => n + (op.kind === 'append' ? op.data.byteLength : 0),
        0,
      );
      this.needKeyframe = true;
      if (!fragment.keyframe) return;
    }
    this.needKeyframe = false;
    this.queue.push({ kind: 'append', data, fragment });
    this.queuedBytes += data.byteLength;
    this.pump();
  }

  /** Wall-clock instant (server clock, epoch ms) of a media time, from the latest mapping. */
  wallAt(mediaTime: number): number | null {
    const m = this.mapping;
    return m ? m.wallMs + (mediaTime - m.mediaTime) * 1000 : null;
  }

  /** Seconds between the newest buffered frame and the playhead. */
  lag(): number | null {
    const b = this.video.buffered;
    return b.length ? b.end(b.length - 1) - this.video.currentTime : null;
  }

  destroy(): void {
    this.generation++;
    window.clearInterval(this.timer);
    this.video.removeEventListener('error', this.onVideoError);
    this.video.removeEventListener('playing', this.onVideoPlaying);
    this.detach();
    this.video.removeAttribute('src');
    this.video.load();
  }

  private detach(): void {
    const sb = this.sourceBuffer;
    if (sb) {
      sb.removeEventListener('updateend', this.onUpdateEnd);
      sb.removeEventListener('error', this.onBufferError);
    }
    this.sourceBuffer = null;
    this.mediaSource = null;
    this.queue = [];
    this.queuedBytes = 0;
    this.removing = false;
  }

  private pump(): void {
    const sb = this.sourceBuffer;
    if (!sb || sb.updating || this.broken) return;
    const op = this.queue.shift();
    if (!op) return;
    try {
      if (op.kind === 'remove') {
        this.removing = true;
        sb.remove(op.start, op.end);
        return;
      }
      this.queuedBytes -= op.data.byteLength;
      sb.appendBuffer(op.data);
      if (op.fragment) {
        this.mapping = { mediaTime: op.fragment.mediaTime, wallMs: op.fragment.wallMs };
        const detail: LiveFragmentDetail = {
          mediaTime: op.fragment.mediaTime,
          wallMs: op.fragment.wallMs,
          keyframe: op.fragment.keyframe,
        };
        this.video.dispatchEvent(new CustomEvent(LIVE_FRAGMENT_EVENT, { detail }));
      }
    } catch (error: unknown) {
      if (op.kind === 'append' && isQuotaError(error)) {
        // The buffer is full: free all but the last second, then append this fragment again.
        this.queue.unshift(op);
        this.queuedBytes += op.data.byteLength;
        const b = this.video.buffered;
        const until = this.video.currentTime - QUOTA_KEEP_S;
        if (b.length && until > b.start(0) && !this.removing) {
          this.removing = true;
          sb.remove(b.start(0), until);
          return;
        }
        this.fail(new LiveMediaError('quota', describe(error)));
        return;
      }
      this.fail(new LiveMediaError('append', describe(error)));
    }
  }

  private readonly onUpdateEnd = () => {
    this.removing = false;
    this.maintain();
    this.pump();
  };

  private readonly onBufferError = () => {
    this.fail(new LiveMediaError('append', 'SourceBuffer error'));
  };

  private readonly onVideoError = () => {
    const error = this.video.error;
    if (!error || !this.mediaSource) return;
    this.fail(new LiveMediaError('media', error.message || `MediaError ${error.code}`));
  };

  private readonly onVideoPlaying = () => {
    if (this.playing) return;
    this.playing = true;
    this.o.onPlaying?.();
  };

  /** Keeps the playhead near the live edge and the buffer short. */
  private readonly maintain = () => {
    const v = this.video;
    const sb = this.sourceBuffer;
    if (!sb || this.broken || v.seeking) return;
    const b = v.buffered;
    if (!b.length) return;
    const last = b.length - 1;
    const end = b.end(last);
    const t = v.currentTime;
    const lag = end - t;
    if (!this.started || lag > MAX_LAG_S) {
      // The server starts a viewer at the last keyframe, up to a GOP behind: begin at the edge.
      this.started = true;
      v.currentTime = Math.max(b.start(last), end - TARGET_LAG_S);
    } else if (!inRange(b, t)) {
      // Before the first frame, or in a hole left by a pause: go on at the next data.
      for (let i = 0; i < b.length; i++) {
        if (b.start(i) > t) {
          v.currentTime = b.start(i);
          break;
        }
      }
    }
    const rate = lag > CATCH_UP_ABOVE_S ? CATCH_UP_RATE : lag <= TARGET_LAG_S ? 1 : v.playbackRate;
    if (v.playbackRate !== rate) v.playbackRate = rate;
    if (v.paused) {
      v.play().catch((error: unknown) => {
        // A new source interrupted the play request: not an error.
        if (error instanceof DOMException && error.name === 'AbortError') return;
        this.fail(new LiveMediaError('play', describe(error)));
      });
    }
    const start = b.start(0);
    const trimTo = v.currentTime - KEEP_BEHIND_S;
    if (!this.removing && trimTo - start > TRIM_SLACK_S) {
      this.removing = true;
      this.queue.unshift({ kind: 'remove', start, end: trimTo });
      this.pump();
    }
  };

  private fail(error: LiveMediaError): void {
    if (this.broken) return;
    this.broken = true;
    this.o.onError(error);
  }
}

function inRange(b: TimeRanges, t: number): boolean {
  for (let i = 0; i < b.length; i++) if (b.start(i) <= t + 0.01 && t < b.end(i)) return true;
  return false;
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
