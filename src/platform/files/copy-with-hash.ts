import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Storage } from '../storage/storage.js';
import { filePool, type FileTaskOptions, type HashedBytes } from './file-pool.js';

export type { HashedBytes } from './file-pool.js';

/**
 * Copies `src` to a new file `dest`, computing SHA-256 of the bytes read in the same pass, and
 * fsyncs the copy before returning (unless `sync: false`: then the caller makes it durable, as
 * `verifyStored(…, { sync: true })` does while it re-reads it). The work runs in the file pool's worker threads (one file
 * a core, the event loop stays free); every 64 MiB an fdatasync runs in the background so that
 * the disk writes while the copy goes on (the final fsync then has little left to do).
 * On any failure the partial copy is removed; an existing `dest` is never touched (EEXIST).
 */
export function copyWithHash(
  src: string,
  dest: string,
  opts: FileTaskOptions & { sync?: boolean } = {},
): Promise<HashedBytes> {
  return filePool().copy(src, dest, opts);
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

/** SHA-256 and length of a file (in the file pool's workers); with `sync`, fsynced meanwhile. */
export function hashFile(
  file: string,
  opts: FileTaskOptions & { sync?: boolean } = {},
): Promise<HashedBytes> {
  return filePool().hash(file, opts);
}

/**
 * Re-reads a stored object and hashes it (the verification of a copy): on local storage the
 * file itself in a worker thread (with `sync`, fsynced meanwhile: the disk writes while the
 * copy is re-read), elsewhere the storage's stream (its `put` made it durable).
 */
export async function verifyStored(
  storage: Storage,
  key: string,
  opts: { sync?: boolean } = {},
): Promise<HashedBytes> {
  const file = storage.localPath(key);
  return file ? hashFile(file, opts) : hashStream(await storage.get(key));
}
