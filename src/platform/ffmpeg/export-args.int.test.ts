import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRecordedSegments } from '../../modules/evidence/testing/recorded-segments.js';
import { buildConcatScript, buildExportArgs } from './export-args.js';
import { runFfmpeg } from './run-tool.js';

describe('export concat with the first segment probed only (real ffmpeg)', () => {
  let dir: string;
  let files: string[];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vedetta-concat-'));
    const segments = await makeRecordedSegments({
      dir,
      seconds: 12,
      segmentSeconds: 4,
      fps: 10,
      keyframeSeconds: 2,
    });
    expect(segments.length).toBeGreaterThanOrEqual(3);
    files = [];
    for (const [i, data] of segments.entries()) {
      const file = path.join(dir, `seg-${i}.mp4`);
      await writeFile(file, data);
      files.push(file);
    }
  }, 60_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function concat(name: string, probeFirstOnly: boolean, trims: boolean): Promise<Buffer> {
    const entries = files.map((file) => ({ file }));
    if (trims) {
      entries[0] = { ...entries[0]!, inpoint: 2 } as (typeof entries)[number];
      entries[entries.length - 1] = {
        ...entries[entries.length - 1]!,
        outpoint: 1.5,
      } as (typeof entries)[number];
    }
    const script = path.join(dir, `${name}.ffconcat`);
    await writeFile(script, buildConcatScript(entries, { probeFirstOnly }));
    const out = path.join(dir, `${name}.mp4`);
    await runFfmpeg(buildExportArgs(script, out));
    return readFile(out);
  }

  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

  it('writes the same clip byte for byte as a full probe of every segment', async () => {
    const full = await concat('full', false, false);
    const quick = await concat('quick', true, false);
    expect(full.length).toBeGreaterThan(10_000);
    expect(sha(quick)).toBe(sha(full));
  }, 60_000);

  it('and the same with the window trimmed on both ends', async () => {
    const full = await concat('full-trim', false, true);
    const quick = await concat('quick-trim', true, true);
    expect(sha(quick)).toBe(sha(full));
  }, 60_000);
});
