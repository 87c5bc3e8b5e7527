import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestClip } from '../../test-support/media-fixtures.js';
import { accessUnitNalus, NAL, nalType } from '../rtp/h264-rtp.js';
import { Fmp4Reader, type InitSegment, type MediaFragment } from './fmp4-reader.js';
import { Mp4FormatError, readAvcConfig, readFragmentSamples } from './fmp4-samples.js';

const run = promisify(execFile);

/** NAL units of an Annex B byte stream (start codes 00 00 01 / 00 00 00 01). */
function annexB(bytes: Buffer): Buffer[] {
  const starts: Array<{ at: number; len: number }> = [];
  for (let i = 0; i + 3 <= bytes.length; i++) {
    if (bytes[i] === 0 && bytes[i + 1] === 0 && bytes[i + 2] === 1) {
      const four = i > 0 && bytes[i - 1] === 0;
      starts.push({ at: four ? i - 1 : i, len: four ? 4 : 3 });
      i += 2;
    }
  }
  return starts.map((s, k) => bytes.subarray(s.at + s.len, starts[k + 1]?.at ?? bytes.length));
}

describe('H.264 samples out of ffmpeg live fragments', () => {
  let dir: string;
  let init: InitSegment;
  let fragments: MediaFragment[];
  let elementary: Buffer[];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vedetta-fmp4s-'));
    const clip = await makeTestClip({ dir, seconds: 6, fps: 10, keyframeSeconds: 2 });
    const out = path.join(dir, 'live.mp4');
    const common = [
      '-hide_banner',
      '-loglevel',
      'error',
      '-i',
      clip,
      '-map',
      '0:v:0',
      '-c',
      'copy',
    ];
    await run('ffmpeg', [
      ...common,
      '-f',
      'mp4',
      '-movflags',
      '+frag_keyframe+empty_moov+default_base_moof',
      '-frag_duration',
      '200000',
      out,
    ]);
    const h264 = path.join(dir, 'live.h264');
    await run('ffmpeg', [...common, '-bsf:v', 'h264_mp4toannexb', '-f', 'h264', h264]);
    elementary = annexB(await readFile(h264));
    const parts = new Fmp4Reader().push(await readFile(out));
    init = parts[0] as InitSegment;
    fragments = parts.slice(1) as MediaFragment[];
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads the decoder configuration from the avcC', () => {
    const config = readAvcConfig(init.data);
    expect(config).not.toBeNull();
    expect(config!.nalLengthSize).toBe(4);
    expect(config!.sps.map(nalType)).toEqual([NAL.sps]);
    expect(config!.pps.map(nalType)).toEqual([NAL.pps]);
    expect(`avc1.${config!.profileLevelId}`).toBe(init.codec);
    expect(config!.timescale).toBe(init.timescale);
  });

  it('gives every sample with its timing, keyframes at the GOP starts, the same NAL units as ffmpeg', () => {
    const config = readAvcConfig(init.data)!;
    const samples = fragments.flatMap((f) => readFragmentSamples(f.data, config));
    expect(samples).toHaveLength(60); // 6 s at 10 fps
    expect(samples.filter((s) => s.keyframe)).toHaveLength(3);
    expect(samples[0]!.keyframe).toBe(true);
    const step = config.timescale / 10;
    samples.forEach((s, i) => {
      expect(s.decodeTime).toBe(i * step);
      expect(s.duration).toBe(step);
    });
    // Every keyframe is an IDR picture; with the parameter sets put in front, and the access
    // unit delimiters dropped, the units are exactly those of ffmpeg's Annex B stream.
    const ours = samples.flatMap((s) => accessUnitNalus(s.nalus, config));
    const theirs = elementary.filter((n) => nalType(n) !== NAL.aud);
    expect(ours.length).toBe(theirs.length);
    ours.forEach((n, i) => expect(n.equals(theirs[i]!)).toBe(true));
    for (const s of samples) expect(s.nalus.some((n) => nalType(n) === NAL.idr)).toBe(s.keyframe);
  });

  it('refuses a damaged fragment with a clear error', () => {
    const config = readAvcConfig(init.data)!;
    const damaged = Buffer.from(fragments[0]!.data.subarray(0, 200));
    expect(() => readFragmentSamples(damaged, config)).toThrow(Mp4FormatError);
    expect(() => readFragmentSamples(Buffer.from('not an mp4 at all'), config)).toThrow(
      Mp4FormatError,
    );
  });
});
