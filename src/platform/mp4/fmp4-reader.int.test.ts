import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestClip } from '../../test-support/media-fixtures.js';
import { Fmp4Reader, type Fmp4Part } from './fmp4-reader.js';

const run = promisify(execFile);

describe('Fmp4Reader on ffmpeg output', () => {
  let dir: string;
  let bytes: Buffer;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vedetta-fmp4-'));
    const clip = await makeTestClip({ dir, seconds: 10, fps: 10, keyframeSeconds: 2 });
    const out = path.join(dir, 'live.mp4');
    await run('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-i',
      clip,
      '-map',
      '0:v:0',
      '-c',
      'copy',
      '-f',
      'mp4',
      '-movflags',
      '+frag_keyframe+empty_moov+default_base_moof',
      '-frag_duration',
      '200000',
      out,
    ]);
    bytes = await readFile(out);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  function readAll(chunkSize: number): Fmp4Part[] {
    const reader = new Fmp4Reader();
    const parts: Fmp4Part[] = [];
    for (let i = 0; i < bytes.length; i += chunkSize) {
      parts.push(...reader.push(bytes.subarray(i, i + chunkSize)));
    }
    return parts;
  }

  it('finds the init segment with its codec, then fragments with keyframes every GOP', () => {
    const parts = readAll(4096);
    const [init, ...fragments] = parts;
    expect(init?.kind).toBe('init');
    expect(init?.kind === 'init' ? init.codec : null).toMatch(/^avc1\.[0-9a-f]{6}$/);
    expect(fragments.every((p) => p.kind === 'fragment')).toBe(true);
    const frags = fragments.flatMap((p) => (p.kind === 'fragment' ? [p] : []));
    // 10 s with a keyframe every 2 s, fragments of 0.2 s.
    expect(frags.filter((f) => f.keyframe)).toHaveLength(5);
    expect(frags.length).toBeGreaterThan(20);
    expect(frags[0]?.keyframe).toBe(true);
    const times = frags.map((f) => f.decodeTime);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('returns the same parts however the stream is chunked', () => {
    const a = readAll(1).map((p) => p.data.toString('hex'));
    const b = readAll(65536).map((p) => p.data.toString('hex'));
    expect(a).toEqual(b);
    // Nothing lost: the parts add up to the file, less the index (mfra) a file ends with.
    const joined = Buffer.concat(readAll(777).map((p) => p.data));
    expect(joined.length).toBeGreaterThan(bytes.length * 0.95);
    expect(bytes.subarray(0, joined.length).equals(joined)).toBe(true);
  });

  it('refuses garbage with a clear error', () => {
    const reader = new Fmp4Reader();
    expect(() => reader.push(Buffer.from([0, 0, 0, 2, 0x66, 0x74, 0x79, 0x70]))).toThrow(
      /invalid MP4 box size/,
    );
  });
});
