import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashAndSync, linkInto, moovReservation } from './package-files.js';

describe('evidence package files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vedetta-pkgfiles-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('an original linked into the package survives the retention purge unlinking the recording', async () => {
    const recording = path.join(dir, 'segment.mp4');
    const data = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    await writeFile(recording, data);
    const original = path.join(dir, 'original.mp4');
    expect(await linkInto(recording, original)).toBe(true);
    expect((await stat(original)).nlink).toBe(2);
    let counted = 0;
    const h = await hashAndSync(original, (n) => (counted += n));
    expect(h).toEqual({
      bytes: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
    });
    expect(counted).toBe(data.length);
    await unlink(recording); // what retention does (storage.delete)
    expect((await readFile(original)).equals(data)).toBe(true);
    expect((await stat(original)).nlink).toBe(1);
  });

  it('hashes every size right, at and around its 1 MiB chunk', async () => {
    const MiB = 1024 * 1024;
    for (const size of [0, 1, MiB - 1, MiB, MiB + 1, 2 * MiB, 3 * MiB + 5]) {
      const file = path.join(dir, `h-${size}.bin`);
      const data = Buffer.alloc(size);
      for (let i = 0; i < size; i++) data[i] = (i * 31 + (i >> 12)) & 0xff;
      await writeFile(file, data);
      let counted = 0;
      expect(await hashAndSync(file, (n) => (counted += n)), `size ${size}`).toEqual({
        bytes: size,
        sha256: createHash('sha256').update(data).digest('hex'),
      });
      expect(counted).toBe(size);
    }
  });

  it('reports a missing source instead of linking nothing', async () => {
    await expect(linkInto(path.join(dir, 'missing.mp4'), path.join(dir, 'x.mp4'))).rejects.toThrow(
      /ENOENT/,
    );
  });

  it('reserves room for the index from the duration, at least 30 fps with margin', () => {
    // One hour at 25 fps: 3600 s × 45 samples/s × 44 bytes + 64 KiB.
    expect(moovReservation(3600, 25)).toBe(3600 * 45 * 44 + 65536);
    expect(moovReservation(3600, 60)).toBe(3600 * 90 * 44 + 65536);
    expect(moovReservation(10, null)).toBe(10 * 90 * 44 + 65536);
  });
});
