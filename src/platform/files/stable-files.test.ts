import { appendFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StableFileScanner } from './stable-files.js';

describe('StableFileScanner', () => {
  let root = '';
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('takes a file only once its size stopped changing for the stable time', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'vedetta-stable-'));
    await mkdir(path.join(root, 'BC-001'));
    await mkdir(path.join(root, '.hidden'));
    const file = path.join(root, 'BC-001', 'clip.mp4');
    await writeFile(file, 'a');
    await writeFile(path.join(root, 'BC-001', '.partial'), 'x');
    await writeFile(path.join(root, 'loose.mp4'), 'x');
    let now = 1000;
    const s = new StableFileScanner(root, 500, () => now);
    expect(await s.scan()).toEqual([]); // first sight
    now += 600;
    await appendFile(file, 'b'); // still being written
    expect(await s.scan()).toEqual([]);
    now += 100;
    expect(await s.scan()).toEqual([]); // unchanged, but not for long enough
    now += 500;
    const found = await s.scan();
    expect(found.map((f) => [f.folder, f.name, f.bytes])).toEqual([['BC-001', 'clip.mp4', 2]]);
  });
});
