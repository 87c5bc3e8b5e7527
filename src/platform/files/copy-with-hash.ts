import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Storage } from '../storage/storage.js';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface HashedBytes {
  bytes: number;
  sha256: string;
}

/** Large reads: fewer syscalls and hash updates on multi-gigabyte clips. */
const CHUNK = 4 * 1024 * 1024;

function meter(): { stream: Transform; result: () => HashedBytes } {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = new Transform({
    highWaterMark: CHUNK,
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      cb(null, chunk);
    },
  });
  return { stream, result: () => ({ bytes, sha256: hash.digest('hex') }) };
}

/**
 * Copies `src` to a new file `dest`, computing SHA-256 of the bytes read in the same pass, and
 * fsyncs the copy before returning. On any failure the partial copy is removed.
 */
export async function copyWithHash(src: string, dest: string): Promise<HashedBytes> {
  const m = meter();
  try {
    await pipeline(
      createReadStream(src, { highWaterMark: CHUNK }),
      m.stream,
      createWriteStream(dest, { flags: 'wx', highWaterMark: CHUNK }),
    );
    const fh = await open(dest, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch (err: unknown) {
    await rm(dest, { force: true });
    throw err;
  }
  return m.result();
}

/** SHA-256 and length of everything a stream yields (a re-read of a stored copy). */
export async function hashStream(stream: Readable): Promise<HashedBytes> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream) {
    const b = chunk as Buffer;
    hash.update(b);
    bytes += b.length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

/** SHA-256 and length of a file. */
export function hashFile(file: string): Promise<HashedBytes> {
  return hashStream(createReadStream(file, { highWaterMark: CHUNK }));
}

/**
 * Re-reads a stored object and hashes it (the verification of a copy): on local storage the
 * file itself with large reads, elsewhere the storage's stream.
 */
export async function verifyStored(storage: Storage, key: string): Promise<HashedBytes> {
  const file = storage.localPath(key);
  return file ? hashFile(file) : hashStream(await storage.get(key));
}
