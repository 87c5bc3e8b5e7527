import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Storage } from '../storage/storage.js';

export interface HashedBytes {
  bytes: number;
  sha256: string;
}

/** Large reads: fewer syscalls and hash updates on multi-gigabyte clips. */
const CHUNK = 4 * 1024 * 1024;

/** Dirty bytes after which the copy asks the disk to catch up (writeback overlaps copying). */
const SYNC_EVERY = 64 * 1024 * 1024;

async function writeAll(fh: FileHandle, buf: Buffer, length: number): Promise<void> {
  let done = 0;
  while (done < length) {
    const { bytesWritten } = await fh.write(buf, done, length - done, null);
    done += bytesWritten;
  }
}

/**
 * Copies `src` to a new file `dest`, computing SHA-256 of the bytes read in the same pass, and
 * fsyncs the copy before returning. Two 4 MiB buffers alternate so that reading the next chunk
 * overlaps writing the previous one, and every 64 MiB an fdatasync runs in the background so
 * that the disk writes while the copy goes on (the final fsync then has little left to do).
 * On any failure the partial copy is removed; an existing `dest` is never touched.
 */
export async function copyWithHash(src: string, dest: string): Promise<HashedBytes> {
  const hash = createHash('sha256');
  let bytes = 0;
  const input = await open(src, 'r');
  let output: FileHandle | null = null;
  let created = false;
  try {
    output = await open(dest, 'wx');
    created = true;
    const out = output;
    const buffers = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)] as const;
    let writing: Promise<void> = Promise.resolve();
    let syncing: Promise<void> | null = null;
    const failed: { err: Error | null } = { err: null };
    let dirty = 0;
    for (let i = 0; ; i++) {
      const buf = buffers[i % 2] as Buffer;
      const { bytesRead } = await input.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      bytes += bytesRead;
      await writing; // the other buffer's write: done before that buffer is read into again
      if (failed.err) throw failed.err;
      writing = writeAll(out, buf, bytesRead);
      // Handled here so that a failed write waits for the next await without an unhandled rejection.
      writing.catch(() => undefined);
      dirty += bytesRead;
      if (dirty >= SYNC_EVERY && syncing === null) {
        dirty = 0;
        const started: Promise<void> = writing.then(() => out.datasync());
        syncing = started.then(
          () => {
            syncing = null;
          },
          (err: unknown) => {
            failed.err = err instanceof Error ? err : new Error(String(err));
            syncing = null;
          },
        );
      }
    }
    await writing;
    await syncing;
    if (failed.err) throw failed.err;
    await out.sync();
    await out.close();
    output = null;
  } catch (err: unknown) {
    await output?.close().catch(() => undefined);
    // Only a copy this call created is removed (never a file that was already there).
    if (created) await rm(dest, { force: true });
    throw err;
  } finally {
    await input.close();
  }
  return { bytes, sha256: hash.digest('hex') };
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
