import type { InitSegment } from '../../platform/mp4/fmp4-reader.js';
import {
  readAvcConfig,
  readFragmentSamples,
  type AvcConfig,
} from '../../platform/mp4/fmp4-samples.js';
import { accessUnitNalus, rtpTimestamp } from '../../platform/rtp/h264-rtp.js';
import type { LiveFragment } from './live-hub.js';

/** Where access units go: the WebRTC sender (or a test). */
export interface AccessUnitSink {
  send(nalus: readonly Buffer[], timestamp: number): void;
}

/** An RTP timestamp with the server's wall clock when its fragment arrived (the tile's clock). */
export interface ClockMark {
  rtpTime: number;
  wallMs: number;
}

const WRAP = 2 ** 32;
const wrap = (n: number) => ((n % WRAP) + WRAP) % WRAP;

/**
 * Live fragmented MP4 to H.264 access units with 90 kHz RTP timestamps, for one WebRTC viewer:
 * samples out of each fragment, SPS/PPS from the init segment before every IDR picture,
 * starting at a keyframe. Timestamps run on across a restarted stream (a new init), so the
 * receiver sees one continuous stream. Fragments marked as backlog (the GOP replayed to a
 * viewer that joins or resumes) go out at once with timestamps packed just before the newest,
 * so the browser decodes through them to the live edge instead of playing them out late.
 */
export class RtpStreamer {
  private config: AvcConfig | null = null;
  private needKeyframe = true;
  private offset = 0;
  private rebase = true;
  private last: { ts: number; duration: number } | null = null;
  private backlog: Array<{ nalus: Buffer[]; ts: number }> | null = null;

  constructor(
    private readonly sink: AccessUnitSink,
    private readonly onClock: (mark: ClockMark) => void,
  ) {}

  /**
   * A new init segment. Returns false when the stream is not H.264 (WebRTC cannot carry it
   * as it is). Throws Mp4FormatError when it cannot be read.
   */
  init(init: InitSegment): boolean {
    this.config = readAvcConfig(init.data);
    this.needKeyframe = true;
    this.rebase = true;
    return this.config !== null;
  }

  get profileLevelId(): string | null {
    return this.config?.profileLevelId ?? null;
  }

  /** Waits for the next keyframe (after a pause, a drop or a damaged fragment). */
  resync(): void {
    this.needKeyframe = true;
  }

  /** One fragment; throws Mp4FormatError when it cannot be read (then resyncs). */
  fragment(f: LiveFragment): void {
    const config = this.config;
    if (!config) return;
    if (this.needKeyframe && !f.keyframe) return;
    let samples;
    try {
      samples = readFragmentSamples(f.data, config);
    } catch (err: unknown) {
      this.needKeyframe = true;
      throw err;
    }
    let first = true;
    for (const sample of samples) {
      if (this.needKeyframe && !sample.keyframe) continue;
      this.needKeyframe = false;
      const raw = rtpTimestamp(sample.presentationTime, config.timescale);
      if (this.rebase) {
        this.rebase = false;
        this.offset = this.last ? wrap(this.last.ts + this.last.duration - raw) : 0;
      }
      const ts = wrap(raw + this.offset);
      const duration = Math.max(1, Math.round((sample.duration * 90_000) / config.timescale));
      this.last = { ts, duration };
      const nalus = accessUnitNalus(sample.nalus, config);
      if (this.backlog) {
        this.backlog.push({ nalus, ts });
        continue;
      }
      if (first) this.onClock({ rtpTime: ts, wallMs: f.wallMs });
      first = false;
      this.sink.send(nalus, ts);
    }
  }

  /** Fragments from here to endBacklog are old: sent packed, see the class comment. */
  beginBacklog(): void {
    this.backlog = [];
  }

  endBacklog(): void {
    const units = this.backlog ?? [];
    this.backlog = null;
    const newest = units[units.length - 1];
    if (!newest) return;
    units.forEach((u, i) => this.sink.send(u.nalus, wrap(newest.ts - (units.length - 1 - i))));
  }
}
