import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Fmp4Reader,
  type InitSegment,
  type MediaFragment,
} from '../../platform/mp4/fmp4-reader.js';
import { NAL, nalType } from '../../platform/rtp/h264-rtp.js';
import { makeTestClip } from '../../test-support/media-fixtures.js';
import type { LiveFragment } from './live-hub.js';
import { RtpStreamer, type ClockMark } from './rtp-streamer.js';

const run = promisify(execFile);

describe('RtpStreamer on ffmpeg live fragments', () => {
  let dir: string;
  let init: InitSegment;
  let fragments: LiveFragment[];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vedetta-rtp-'));
    const clip = await makeTestClip({ dir, seconds: 4, fps: 10, keyframeSeconds: 1 });
    const out = path.join(dir, 'live.mp4');
    await run('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-i', clip, '-map', '0:v:0', '-c', 'copy'],
      ...['-f', 'mp4', '-movflags', '+frag_keyframe+empty_moov+default_base_moof'],
      ...['-frag_duration', '200000', out],
    ]);
    const parts = new Fmp4Reader().push(await readFile(out));
    init = parts[0] as InitSegment;
    fragments = (parts.slice(1) as MediaFragment[]).map((f, i) => ({
      kind: 'fragment',
      data: f.data,
      keyframe: f.keyframe,
      decodeTime: f.decodeTime,
      mediaTime: f.decodeTime / init.timescale,
      wallMs: 1_700_000_000_000 + i * 200,
    }));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  function streamer() {
    const sent: Array<{ types: number[]; ts: number }> = [];
    const clocks: ClockMark[] = [];
    const s = new RtpStreamer(
      { send: (nalus, ts) => sent.push({ types: nalus.map(nalType), ts }) },
      (m) => clocks.push(m),
    );
    return { s, sent, clocks };
  }

  it('starts at a keyframe with its parameter sets, 90 kHz timestamps, one clock mark per fragment', () => {
    const { s, sent, clocks } = streamer();
    expect(s.init(init)).toBe(true);
    // Joining mid-GOP: nothing until the next keyframe.
    const firstKey = fragments.findIndex((f, i) => i > 0 && f.keyframe);
    for (const f of fragments.slice(1)) s.fragment(f);
    expect(sent[0]!.types).toEqual(expect.arrayContaining([NAL.sps, NAL.pps, NAL.idr]));
    expect(sent[0]!.ts).toBe(Math.round(fragments[firstKey]!.mediaTime * 90_000));
    for (let i = 1; i < sent.length; i++) expect(sent[i]!.ts - sent[i - 1]!.ts).toBe(9000);
    expect(sent).toHaveLength(40 - 10 * fragments[firstKey]!.mediaTime);
    expect(clocks.length).toBe(fragments.length - firstKey);
    expect(clocks[0]).toEqual({ rtpTime: sent[0]!.ts, wallMs: fragments[firstKey]!.wallMs });
  });

  it('runs timestamps on across a restarted stream', () => {
    const { s, sent } = streamer();
    s.init(init);
    for (const f of fragments) s.fragment(f);
    const before = sent.length;
    s.init(init); // the camera came back: media time starts again at 0
    for (const f of fragments.slice(0, 5)) s.fragment(f);
    expect(sent[before]!.ts).toBe(sent[before - 1]!.ts + 9000);
  });

  it('sends a backlog at once with timestamps packed just before the newest frame', () => {
    const { s, sent, clocks } = streamer();
    s.init(init);
    s.beginBacklog();
    for (const f of fragments.slice(0, 5)) s.fragment(f); // one GOP: 10 frames
    expect(sent).toHaveLength(0);
    s.endBacklog();
    expect(clocks).toHaveLength(0);
    const newest = Math.round(9 * 9000);
    expect(sent.map((u) => u.ts)).toEqual(Array.from({ length: 10 }, (_, i) => newest - 9 + i));
    expect(sent[0]!.types).toContain(NAL.idr);
    // Live frames follow at their own timestamps.
    s.fragment(fragments[5]!);
    expect(sent[10]!.ts).toBe(10 * 9000);
  });

  it('skips to the next keyframe after a damaged fragment', () => {
    const { s, sent } = streamer();
    s.init(init);
    const damaged = { ...fragments[0]!, data: fragments[0]!.data.subarray(0, 100) };
    expect(() => s.fragment(damaged)).toThrow();
    s.fragment(fragments[1]!); // not a keyframe: skipped
    expect(sent).toHaveLength(0);
    s.fragment(fragments[5]!);
    expect(sent[0]!.types).toContain(NAL.idr);
  });
});
