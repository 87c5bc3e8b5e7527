import { isQuotaError, PlayerFailure } from './failure';
import { SerialSourceBuffer } from './source-buffer';

/** A recorded segment: a self-contained fragmented MP4 whose media time starts at 0. */
export interface PlayerSegment {
  id: string;
  /** Wall-clock start and end, epoch milliseconds. */
  from: number;
  to: number;
}

export interface EngineOptions {
  video: HTMLVideoElement;
  /** Wall-clock instant at media time 0. */
  origin: number;
  /** Wall-clock instant to start playing from. */
  startAt: number;
  /** End of the session window (sets the media duration). */
  end: number;
  segments: readonly PlayerSegment[];
  /** True while the server may still add segments to the window. */
  growing: boolean;
  load: (segmentId: string, signal: AbortSignal) => Promise<ArrayBuffer>;
  onError: (error: unknown) => void;
  /** Playback jumped over an interruption of the recording, from `from` to `to`. */
  onGap: (from: number, to: number) => void;
  /** Playback reached what is recorded so far and waits for the next segment. */
  onEdge?: (waiting: boolean) => void;
}

/** Seconds of footage fetched ahead of the playhead. */
const AHEAD_S = 30;
/** Seconds kept behind the playhead; older data is removed from the buffer. */
const BEHIND_S = 60;
/** Data this far ahead (left after seeking back) is removed too. */
const FAR_AHEAD_S = 120;
/** Removal waits for this much excess so it does not run after every append. */
const EVICT_SLACK_S = 10;
/** Two segments closer than this are contiguous (as the server merges them). */
const CONTIGUOUS_MS = 1000;
/** A hole in the buffer smaller than this is jumped over instead of stalling on it. */
const SMALL_HOLE_S = 2;
const WATCHDOG_MS = 250;
/** Waiting at the end of the recorded footage, the playhead rests this far before its end. */
const EDGE_BACKOFF_S = 0.05;

/**
 * Plays recorded segments through Media Source Extensions, without transcoding: each file is
 * appended whole (init segment and fragments) with `timestampOffset` set to its wall-clock
 * start relative to `origin`, so that media time maps linearly onto wall-clock time. Fetches
 * about 30 s ahead, evicts what lies far behind, reloads from the right segment after a seek
 * and jumps over interruptions of the recording.
 */
export class MseEngine {
  private readonly mediaSource = new MediaSource();
  private readonly url: string;
  private sourceBuffer: SerialSourceBuffer | null = null;
  private segments: PlayerSegment[] = [];
  private growing: boolean;
  private startAt: number;
  private readonly loaded = new Set<string>();
  private readonly failed = new Set<string>();
  private fetching: { segment: PlayerSegment; controller: AbortController } | null = null;
  private opened = false;
  private started = false;
  private running = false;
  private again = false;
  private broken = false;
  private destroyed = false;
  /** Paused by the engine at the end of a window still being recorded. */
  private atEdge = false;
  private watchdog = 0;

  constructor(private readonly o: EngineOptions) {
    this.growing = o.growing;
    this.startAt = o.startAt;
    this.setSegments(o.segments, o.growing);
    this.url = URL.createObjectURL(this.mediaSource);
  }

  /** Attaches the MediaSource to the video element and starts loading. */
  start(): void {
    if (typeof MediaSource === 'undefined') {
      this.fail(new PlayerFailure('unsupported', 'MediaSource'));
      return;
    }
    const { video } = this.o;
    this.mediaSource.addEventListener('sourceopen', this.onSourceOpen);
    video.addEventListener('seeking', this.onSeeking);
    video.addEventListener('timeupdate', this.kick);
    video.addEventListener('error', this.onVideoError);
    video.addEventListener('play', this.onPlay);
    video.src = this.url;
    this.watchdog = window.setInterval(this.check, WATCHDOG_MS);
  }

  destroy(): void {
    this.destroyed = true;
    window.clearInterval(this.watchdog);
    this.fetching?.controller.abort();
    const { video } = this.o;
    this.mediaSource.removeEventListener('sourceopen', this.onSourceOpen);
    video.removeEventListener('seeking', this.onSeeking);
    video.removeEventListener('timeupdate', this.kick);
    video.removeEventListener('error', this.onVideoError);
    video.removeEventListener('play', this.onPlay);
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(this.url);
  }

  /** New segment list (a growing window polled again); keeps what is already buffered. */
  setSegments(segments: readonly PlayerSegment[], growing: boolean): void {
    const byId = new Map(this.segments.map((s) => [s.id, s]));
    for (const s of segments) byId.set(s.id, s);
    this.segments = [...byId.values()].sort((a, b) => a.from - b.from);
    this.growing = growing;
    this.kick();
  }

  /** Moves the playhead to a wall-clock instant. */
  seekTo(wall: number): void {
    if (!this.started) {
      this.startAt = wall;
      this.kick();
      return;
    }
    this.o.video.currentTime = Math.max(0, this.media(wall));
  }

  /** Wall-clock instant of a media time. */
  wallAt(mediaTime: number): number {
    return this.o.origin + mediaTime * 1000;
  }

  private media(wall: number): number {
    return (wall - this.o.origin) / 1000;
  }

  private position(): number {
    return this.started ? this.wallAt(this.o.video.currentTime) : this.startAt;
  }

  /** The segment covering `wall` (a sub-second seam between two counts as the next). */
  private segmentAt(wall: number): PlayerSegment | null {
    const seg = this.segments.find((s) => wall < s.to);
    return seg && seg.from - CONTIGUOUS_MS <= wall ? seg : null;
  }

  private nextAfter(wall: number): PlayerSegment | null {
    return this.segments.find((s) => s.from > wall && !this.failed.has(s.id)) ?? null;
  }

  /** The first segment of the look-ahead window that is neither buffered nor failed. */
  private nextToLoad(): PlayerSegment | null {
    let pos = this.position();
    // In an interruption (or before the first segment) playback resumes at the next segment.
    if (!this.segmentAt(pos)) pos = this.nextAfter(pos)?.from ?? pos;
    const horizon = pos + AHEAD_S * 1000;
    for (const seg of this.segments) {
      if (seg.to <= pos) continue;
      if (seg.from > horizon) break;
      if (!this.loaded.has(seg.id) && !this.failed.has(seg.id)) return seg;
    }
    return null;
  }

  private isBuffered(t: number): boolean {
    const b = this.o.video.buffered;
    for (let i = 0; i < b.length; i++) {
      if (b.start(i) <= t + 0.05 && b.end(i) > t + 0.02) return true;
    }
    return false;
  }

  /** True while the playhead has buffered frames under it (not at the very end of a range). */
  private inBuffer(t: number): boolean {
    const b = this.o.video.buffered;
    for (let i = 0; i < b.length; i++) {
      if (b.start(i) <= t + 0.01 && t < b.end(i) - 0.03) return true;
    }
    return false;
  }

  private nextBufferedStart(t: number): number | null {
    const b = this.o.video.buffered;
    for (let i = 0; i < b.length; i++) if (b.start(i) > t) return b.start(i);
    return null;
  }

  private readonly onSourceOpen = () => {
    // Appending after endOfStream() reopens the source and fires this again.
    if (this.opened) return;
    this.opened = true;
    this.kick();
  };

  private readonly onVideoError = () => {
    const error = this.o.video.error;
    if (!error || this.destroyed) return;
    this.fail(new PlayerFailure('media', error.message || `MediaError ${error.code}`));
  };

  private readonly onSeeking = () => {
    if (!this.started || this.destroyed) return;
    const t = this.o.video.currentTime;
    if (this.isBuffered(t)) {
      this.kick();
      return;
    }
    const wall = this.wallAt(t);
    const seg = this.segmentAt(wall);
    if (!seg || this.failed.has(seg.id)) {
      this.jumpGap(wall);
      return;
    }
    // Not buffered after all (evicted, or cut by an aborted append): load it again.
    this.loaded.delete(seg.id);
    const need = this.nextToLoad();
    if (this.fetching && need && this.fetching.segment.id !== need.id) {
      this.fetching.controller.abort();
    }
    this.kick();
  };

  /** Jumps from inside an interruption to the start of the next segment, if any. */
  private jumpGap(wall: number): boolean {
    const next = this.nextAfter(wall);
    if (!next) return false;
    this.o.onGap(wall, next.from);
    this.o.video.currentTime = this.media(next.from) + 0.001;
    return true;
  }

  /**
   * Periodic check while playing: keeps loading ahead and gets over holes and gaps. It looks at
   * the buffer, not at readyState: Chrome plays on through a hole in a video-only buffer for a
   * while, showing the last frame, before it reports starvation.
   */
  private readonly check = () => {
    const v = this.o.video;
    if (!this.started || this.broken || v.paused || v.seeking || v.ended) return;
    this.kick();
    const t = v.currentTime;
    if (this.inBuffer(t)) return;
    const pending = (s: PlayerSegment) => !this.loaded.has(s.id) && !this.failed.has(s.id);
    const ahead = this.nextBufferedStart(t);
    if (ahead !== null && ahead - t < SMALL_HOLE_S) {
      // The media of a segment can end a few frames before the next one starts.
      const loading = this.segments.some(
        (s) => pending(s) && this.media(s.to) > t && this.media(s.from) < ahead,
      );
      if (!loading) {
        v.currentTime = ahead + 0.001;
        return;
      }
    }
    const wall = this.wallAt(t);
    const seg = this.segmentAt(wall);
    if (!seg || this.failed.has(seg.id)) {
      if (!this.jumpGap(seg ? seg.to : wall)) this.waitAtEdge(t);
      return;
    }
    if (pending(seg)) return; // being loaded
    if (wall < seg.to - CONTIGUOUS_MS) {
      // Loaded, yet not in the buffer: load it again.
      this.loaded.delete(seg.id);
      this.kick();
      return;
    }
    // Past the end of this segment's media: wait for a contiguous one, or jump the gap.
    if (!this.segmentAt(seg.to) && !this.jumpGap(seg.to)) this.waitAtEdge(t);
  };

  /**
   * At the end of what is recorded so far: pause on the last frame (instead of letting the
   * clock run on over nothing) until the next segment is in.
   */
  private waitAtEdge(t: number): void {
    if (!this.growing || this.atEdge) return;
    const v = this.o.video;
    let end: number | null = null;
    for (let i = 0; i < v.buffered.length; i++)
      if (v.buffered.end(i) <= t + 0.05) end = v.buffered.end(i);
    this.atEdge = true;
    v.pause();
    if (end !== null && t > end - EDGE_BACKOFF_S) v.currentTime = Math.max(0, end - EDGE_BACKOFF_S);
    this.o.onEdge?.(true);
  }

  private readonly onPlay = () => {
    if (!this.atEdge) return;
    // The operator pressed play: no automatic resume any more.
    this.atEdge = false;
    this.o.onEdge?.(false);
  };

  private readonly kick = () => {
    if (!this.opened || this.broken || this.destroyed) return;
    void this.loop();
  };

  private async loop(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        for (;;) {
          if (this.destroyed || this.broken) return;
          const next = this.nextToLoad();
          if (!next) {
            this.maybeEnd();
            break;
          }
          await this.loadSegment(next);
        }
      } while (this.again);
    } catch (error: unknown) {
      this.fail(error);
    } finally {
      this.running = false;
    }
  }

  private async loadSegment(seg: PlayerSegment): Promise<void> {
    const controller = new AbortController();
    this.fetching = { segment: seg, controller };
    let data: ArrayBuffer;
    try {
      data = await this.o.load(seg.id, controller.signal);
    } catch (error: unknown) {
      if (controller.signal.aborted || this.destroyed) return;
      // Reported once; playback goes on past this segment as past an interruption.
      this.failed.add(seg.id);
      this.o.onError(error);
      return;
    } finally {
      if (this.fetching?.controller === controller) this.fetching = null;
    }
    if (this.destroyed) return;
    if (!this.sourceBuffer) this.createSourceBuffer(data);
    await this.evict(false);
    try {
      await this.append(seg, data);
    } catch (error: unknown) {
      if (!isQuotaError(error)) throw error;
      await this.evict(true);
      await this.append(seg, data);
    }
    this.loaded.add(seg.id);
    if (!this.started) this.begin();
    else if (this.atEdge) {
      this.atEdge = false;
      this.o.onEdge?.(false);
      this.o.video.play().catch(() => undefined);
    }
  }

  private createSourceBuffer(data: ArrayBuffer): void {
    this.sourceBuffer = SerialSourceBuffer.create(this.mediaSource, data);
    const last = this.segments[this.segments.length - 1];
    this.mediaSource.duration = Math.max(this.media(this.o.end), last ? this.media(last.to) : 0);
  }

  private async append(seg: PlayerSegment, data: ArrayBuffer): Promise<void> {
    if (this.destroyed) return;
    await this.sourceBuffer?.append(data, this.media(seg.from));
  }

  /** Removes a stretch of the buffer; the segments it touched must be loaded again. */
  private async remove(from: number, to: number): Promise<void> {
    if (this.destroyed || !this.sourceBuffer) return;
    await this.sourceBuffer.remove(from, to);
    for (const seg of this.segments) {
      if (this.media(seg.from) < to && this.media(seg.to) > from) this.loaded.delete(seg.id);
    }
  }

  /** Removes buffered data far from the playhead (all but a few seconds when `tight`). */
  private async evict(tight: boolean): Promise<void> {
    const sb = this.sourceBuffer;
    if (!sb || sb.buffered.length === 0) return;
    const t = this.o.video.currentTime;
    const behind = tight ? 5 : BEHIND_S;
    const ahead = tight ? AHEAD_S : FAR_AHEAD_S;
    const slack = tight ? 0 : EVICT_SLACK_S;
    const start = sb.buffered.start(0);
    const end = sb.buffered.end(sb.buffered.length - 1);
    if (start < t - behind - slack) await this.remove(start, t - behind);
    if (end > t + ahead + slack) await this.remove(t + ahead, end);
  }

  /** First data is in: move to the starting instant and play. */
  private begin(): void {
    this.started = true;
    let target = this.startAt;
    if (!this.segmentAt(target)) target = this.nextAfter(target)?.from ?? target;
    const { video } = this.o;
    video.currentTime = Math.max(0, this.media(target));
    // Without a user gesture the browser may refuse; the play button is there.
    video.play().catch(() => undefined);
  }

  /** Ends the stream once the last segment of a closed window is buffered. */
  private maybeEnd(): void {
    const sb = this.sourceBuffer;
    const last = this.segments[this.segments.length - 1];
    if (this.growing || !sb || sb.updating || !last || !this.loaded.has(last.id)) return;
    if (this.mediaSource.readyState !== 'open') return;
    try {
      this.mediaSource.endOfStream();
    } catch {
      // Another operation started meanwhile; the next pass ends it.
    }
  }

  /** A failure of the media stack: reported, and loading stops (the element is unusable). */
  private fail(error: unknown): void {
    if (this.destroyed || this.broken) return;
    this.broken = true;
    this.fetching?.controller.abort();
    if (error instanceof PlayerFailure) this.o.onError(error);
    else if (error instanceof DOMException) {
      this.o.onError(new PlayerFailure(isQuotaError(error) ? 'quota' : 'append', error.message));
    } else {
      this.o.onError(
        new PlayerFailure('append', error instanceof Error ? error.message : String(error)),
      );
    }
  }
}
