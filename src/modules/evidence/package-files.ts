import { link, open, rename, rm } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { hashFile } from '../../platform/files/copy-with-hash.js';

/**
 * File-level steps of an evidence export on local storage: hard-linking an original segment,
 * hashing a finished file in a worker thread through one reused buffer (memory stays flat
 * however long the export), and the single fsync each stored file gets.
 */

/**
 * Reads `file` once, hashing it, and fsyncs it meanwhile (the disk writes back while the CPU
 * hashes: the two overlap instead of adding up), in a worker thread of the file pool. Called
 * right after the file was written (ffmpeg's clip) or linked (an original): the bytes come from
 * the page cache, so the read costs little next to writing them.
 */
export function hashAndSync(
  file: string,
  onBytes: (n: number) => void = () => undefined,
  signal?: AbortSignal,
): Promise<{ bytes: number; sha256: string }> {
  return hashFile(file, { sync: true, onBytes, ...(signal && { signal }) });
}

/** Errors that mean "no hard link here" (another filesystem, or one without links): copy instead. */
const NO_LINK = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'ENOSYS']);

/**
 * Links `source` (a recorded segment: immutable once indexed; retention removes it by unlink,
 * so the evidence's link keeps the data) at `target` through a temporary name. Returns false
 * when the filesystem cannot link it, so the caller copies.
 */
export async function linkInto(source: string, target: string): Promise<boolean> {
  const tmp = `${target}.link-${process.pid}`;
  await rm(tmp, { force: true });
  try {
    await link(source, tmp);
  } catch (err: unknown) {
    if (NO_LINK.has((err as NodeJS.ErrnoException).code ?? '')) return false;
    throw err;
  }
  try {
    await rename(tmp, target);
  } catch (err: unknown) {
    await rm(tmp, { force: true });
    throw err;
  }
  return true;
}

/** fsyncs a directory, so that the names created in it (renames, links) are durable. */
export async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

const probe = promisify(execFile);

/** Frames per second of a recording's video (avg, else nominal), or null. */
export async function probeFrameRate(file: string): Promise<number | null> {
  try {
    const { stdout } = await probe(
      'ffprobe',
      [
        '-v',
        'error',
        '-select_streams',
        'v:0',
        '-show_entries',
        'stream=avg_frame_rate,r_frame_rate',
        '-of',
        'csv=p=0',
        file,
      ],
      { timeout: 15_000 },
    );
    for (const part of stdout.trim().split(',')) {
      const [n, d] = part.split('/').map(Number);
      const fps = d ? (n ?? 0) / d : Number(n);
      if (Number.isFinite(fps) && fps > 0) return fps;
    }
  } catch {
    // unknown: the caller assumes a high rate
  }
  return null;
}

/**
 * Bytes to reserve at the front of a clip for its index (moov), so ffmpeg writes it there
 * directly (`-moov_size`) instead of rewriting the whole file afterwards. Worst case per
 * sample: stsz 4 + stts 8 + ctts 8 + stss 4 + one chunk each (stsc 12 + co64 8) = 44 bytes;
 * the frame rate is taken at no less than 30 fps and with 50 % margin, plus 64 KiB of headers.
 * The unused rest is a `free` box. A clip whose index still does not fit is detected and
 * rewritten instead (PackageBuilder).
 */
export function moovReservation(seconds: number, fps: number | null): number {
  const rate = Math.min(Math.max(fps ?? 60, 30), 240) * 1.5;
  return Math.ceil(Math.max(1, seconds) * rate) * 44 + 64 * 1024;
}
