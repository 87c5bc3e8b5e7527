import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyWithHash, hashFile } from './copy-with-hash.js';

describe('copyWithHash', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vedetta-copy-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('copies byte for byte and hashes in the same pass, across buffer and sync boundaries', async () => {
    // 70 MiB + 123 bytes: more than one background sync, a partial last chunk.
    const data = Buffer.concat([randomBytes(1024 * 1024), Buffer.alloc(69 * 1024 * 1024 + 123, 5)]);
    const src = path.join(dir, 'src.mp4');
    await writeFile(src, data);
    const dest = path.join(dir, 'dest.mp4');
    const r = await copyWithHash(src, dest);
    const expected = createHash('sha256').update(data).digest('hex');
    expect(r).toEqual({ bytes: data.length, sha256: expected });
    expect((await readFile(dest)).equals(data)).toBe(true);
    expect(await hashFile(dest)).toEqual(r);
  }, 60_000);

  it('copies an empty file', async () => {
    const src = path.join(dir, 'empty');
    await writeFile(src, '');
    const r = await copyWithHash(src, path.join(dir, 'empty.copy'));
    expect(r.bytes).toBe(0);
    expect(r.sha256).toBe(createHash('sha256').digest('hex'));
  });

  it('never overwrites an existing file, and leaves nothing behind when the source is missing', async () => {
    const src = path.join(dir, 'a');
    await writeFile(src, 'new');
    const dest = path.join(dir, 'existing');
    await writeFile(dest, 'old');
    await expect(copyWithHash(src, dest)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(dest, 'utf8')).toBe('old');
    const missing = path.join(dir, 'none.copy');
    await expect(copyWithHash(path.join(dir, 'none'), missing)).rejects.toMatchObject({
      code: 'ENOENT',
    });
    await expect(stat(missing)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('reports progress that adds up to the file, and hashes several files side by side', async () => {
    const files = await Promise.all(
      [1, 2, 3].map(async (i) => {
        const file = path.join(dir, `many-${i}`);
        const data = Buffer.alloc(20 * 1024 * 1024 + i, i);
        await writeFile(file, data);
        return { file, data };
      }),
    );
    let progress = 0;
    const results = await Promise.all(
      files.map((f) => hashFile(f.file, { onBytes: (n) => (progress += n) })),
    );
    for (const [i, r] of results.entries()) {
      const data = files[i]!.data;
      expect(r).toEqual({
        bytes: data.length,
        sha256: createHash('sha256').update(data).digest('hex'),
      });
    }
    expect(progress).toBe(files.reduce((n, f) => n + f.data.length, 0));
  }, 60_000);

  it('stops a copy when aborted and removes the partial file', async () => {
    const src = path.join(dir, 'big');
    await writeFile(src, Buffer.alloc(96 * 1024 * 1024, 9));
    const dest = path.join(dir, 'big.copy');
    const abort = new AbortController();
    let seen = 0;
    const copying = copyWithHash(src, dest, {
      signal: abort.signal,
      onBytes: (n) => {
        seen += n;
        abort.abort();
      },
    });
    await expect(copying).rejects.toThrow('interrotto');
    expect(seen).toBeLessThan(96 * 1024 * 1024);
    await expect(stat(dest)).rejects.toMatchObject({ code: 'ENOENT' });
    // The worker is free again for the next task.
    expect((await hashFile(src)).bytes).toBe(96 * 1024 * 1024);
  }, 60_000);

  it('refuses a task whose signal is already aborted', async () => {
    const src = path.join(dir, 'a2');
    await writeFile(src, 'x');
    const abort = new AbortController();
    abort.abort();
    await expect(hashFile(src, { signal: abort.signal })).rejects.toThrow('interrotto');
  });
});
