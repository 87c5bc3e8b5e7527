import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestClip } from '../../test-support/media-fixtures.js';
import { planFaststart } from './faststart.js';

const run = promisify(execFile);

describe('faststart as a stream', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vedetta-faststart-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('produces exactly what ffmpeg -movflags +faststart produces', async () => {
    const clip = await makeTestClip({ dir, seconds: 6 });
    const tail = path.join(dir, 'tail.mp4');
    await run('ffmpeg', ['-v', 'error', '-i', clip, '-c', 'copy', '-f', 'mp4', tail]);
    const reference = path.join(dir, 'ref.mp4');
    await run('ffmpeg', [
      '-v',
      'error',
      '-i',
      tail,
      '-c',
      'copy',
      '-movflags',
      '+faststart',
      reference,
    ]);
    const plan = await planFaststart(tail);
    expect(plan.alreadyFast).toBe(false);
    const out = path.join(dir, 'out.mp4');
    await pipeline(plan.stream(), createWriteStream(out));
    const [mine, theirs] = await Promise.all([readFile(out), readFile(reference)]);
    expect(mine.length).toBe(plan.bytes);
    expect(mine.equals(theirs)).toBe(true);
    // Already fast: passed through unchanged.
    const again = await planFaststart(reference);
    expect(again.alreadyFast).toBe(true);
    // The duration from the header is what ffprobe reports for the file (both layouts).
    const probed = await run('ffprobe', [
      ...['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', reference],
    ]);
    expect(again.durationSeconds).toBeCloseTo(Number(probed.stdout.trim()), 3);
    expect(plan.durationSeconds).toBeCloseTo(Number(probed.stdout.trim()), 3);
  });

  it('reads the duration of a clip written with its index reserved at the front', async () => {
    const clip = await makeTestClip({ dir, seconds: 7 });
    const reserved = path.join(dir, 'reserved.mp4');
    await run('ffmpeg', [
      ...['-v', 'error', '-i', clip, '-c', 'copy', '-moov_size', '200000', '-f', 'mp4', reserved],
    ]);
    const plan = await planFaststart(reserved);
    expect(plan.alreadyFast).toBe(true);
    const probed = await run('ffprobe', [
      ...['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', reserved],
    ]);
    expect(plan.durationSeconds).toBeCloseTo(Number(probed.stdout.trim()), 3);
  });

  it('refuses a file that is not an MP4', async () => {
    const junk = path.join(dir, 'junk.mp4');
    await run('sh', ['-c', `head -c 1000 /dev/urandom > ${junk}`]);
    await expect(planFaststart(junk)).rejects.toThrow();
  });
});
