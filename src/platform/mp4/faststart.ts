import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';

/**
 * "Fast start" for a finished MP4 (ffmpeg writes ftyp, mdat, then moov at the end): yields
 * the same file with moov moved right after ftyp and every chunk offset shifted, so that
 * browsers and players can start before the whole file arrives. ffmpeg's own `+faststart`
 * does the same by rewriting the file in place; doing it here as a stream lets the caller
 * hash and store the final bytes in the one pass that writes them.
 */

interface TopBox {
  type: string;
  offset: number;
  size: number;
}

/** The largest moov accepted (an 8-hour recording at 30 fps is a few MB). */
const MAX_MOOV_BYTES = 256 * 1024 * 1024;
const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'edts', 'dinf']);

async function readAt(fh: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, offset);
  if (bytesRead !== length) throw new Error('MP4 troncato');
  return buf;
}

async function topLevelBoxes(fh: FileHandle, fileSize: number): Promise<TopBox[]> {
  const boxes: TopBox[] = [];
  let at = 0;
  while (at < fileSize) {
    if (fileSize - at < 8) throw new Error('MP4 troncato');
    const head = await readAt(fh, at, Math.min(16, fileSize - at));
    let size = head.readUInt32BE(0);
    const type = head.toString('latin1', 4, 8);
    if (size === 1) size = Number(head.readBigUInt64BE(8));
    else if (size === 0) size = fileSize - at;
    if (size < 8 || at + size > fileSize) throw new Error(`box MP4 ${type} non valido`);
    boxes.push({ type, offset: at, size });
    at += size;
  }
  return boxes;
}

/** Rewrites moov with chunk offsets moved by `delta`; stco becomes co64 when `wide`. */
function rewrite(box: Buffer, delta: number, wide: boolean): Buffer {
  const type = box.toString('latin1', 4, 8);
  if (CONTAINERS.has(type)) {
    const parts: Buffer[] = [];
    let at = 8;
    while (at + 8 <= box.length) {
      const size = box.readUInt32BE(at);
      if (size < 8 || at + size > box.length) throw new Error(`box MP4 ${type} non valido`);
      parts.push(rewrite(box.subarray(at, at + size), delta, wide));
      at += size;
    }
    const body = Buffer.concat(parts);
    const head = Buffer.alloc(8);
    head.writeUInt32BE(8 + body.length, 0);
    head.write(type, 4, 'latin1');
    return Buffer.concat([head, body]);
  }
  if (type === 'stco' || type === 'co64') {
    const count = box.readUInt32BE(12);
    const is64 = type === 'co64';
    const outWide = is64 || wide;
    const out = Buffer.alloc(16 + count * (outWide ? 8 : 4));
    out.writeUInt32BE(out.length, 0);
    out.write(outWide ? 'co64' : 'stco', 4, 'latin1');
    box.copy(out, 8, 8, 16); // version, flags, entry count
    for (let i = 0; i < count; i++) {
      const old = is64 ? Number(box.readBigUInt64BE(16 + i * 8)) : box.readUInt32BE(16 + i * 4);
      const moved = old + delta;
      if (outWide) out.writeBigUInt64BE(BigInt(moved), 16 + i * 8);
      else out.writeUInt32BE(moved, 16 + i * 4);
    }
    return out;
  }
  return box;
}

/** The largest chunk offset in a moov (to know whether 32-bit offsets still fit after the move). */
function maxOffset(box: Buffer): number {
  const type = box.toString('latin1', 4, 8);
  if (CONTAINERS.has(type)) {
    let max = 0;
    for (let at = 8; at + 8 <= box.length; at += box.readUInt32BE(at)) {
      max = Math.max(max, maxOffset(box.subarray(at, at + box.readUInt32BE(at))));
    }
    return max;
  }
  if (type === 'stco' || type === 'co64') {
    let max = 0;
    const count = box.readUInt32BE(12);
    for (let i = 0; i < count; i++) {
      max = Math.max(
        max,
        type === 'co64' ? Number(box.readBigUInt64BE(16 + i * 8)) : box.readUInt32BE(16 + i * 4),
      );
    }
    return max;
  }
  return 0;
}

export interface FaststartPlan {
  /** Total size of the output (the same as the input). */
  bytes: number;
  /** The movie's duration from its header (mvhd), or null when it does not say. */
  durationSeconds: number | null;
  /** True when moov already came before the media data: the file is passed through unchanged. */
  alreadyFast: boolean;
  stream(): Readable;
}

/** The duration an mvhd box states (version 0 or 1), or null. */
export function mvhdDuration(moov: Buffer): number | null {
  for (let at = 8; at + 8 <= moov.length;) {
    const size = moov.readUInt32BE(at);
    if (size < 8) return null;
    if (moov.toString('latin1', at + 4, at + 8) === 'mvhd') {
      const v1 = moov[at + 8] === 1;
      const need = at + (v1 ? 40 : 28);
      if (need > moov.length) return null;
      const timescale = moov.readUInt32BE(at + (v1 ? 28 : 20));
      const duration = v1 ? Number(moov.readBigUInt64BE(at + 32)) : moov.readUInt32BE(at + 24);
      return timescale > 0 ? duration / timescale : null;
    }
    at += size;
  }
  return null;
}

/** Reads the layout of `file` and returns how to stream it with moov first. */
export async function planFaststart(file: string): Promise<FaststartPlan> {
  const fh = await open(file, 'r');
  try {
    const { size: fileSize } = await fh.stat();
    const boxes = await topLevelBoxes(fh, fileSize);
    const moovIndex = boxes.findIndex((b) => b.type === 'moov');
    const mdatIndex = boxes.findIndex((b) => b.type === 'mdat');
    const moov = boxes[moovIndex];
    if (!moov || mdatIndex < 0) throw new Error('MP4 senza moov o mdat');
    if (moovIndex < mdatIndex) {
      // mvhd comes first in ffmpeg's moov: its head is enough.
      const head = await readAt(fh, moov.offset, Math.min(moov.size, 256));
      return {
        bytes: fileSize,
        durationSeconds: mvhdDuration(head),
        alreadyFast: true,
        stream: () => createReadStream(file),
      };
    }
    const ftyp = boxes[0];
    if (ftyp?.type !== 'ftyp' || moovIndex !== boxes.length - 1) {
      throw new Error('disposizione MP4 non prevista (ftyp … moov in coda)');
    }
    if (moov.size > MAX_MOOV_BYTES) throw new Error('indice MP4 (moov) troppo grande');
    const ftypBytes = await readAt(fh, ftyp.offset, ftyp.size);
    const original = await readAt(fh, moov.offset, moov.size);
    // Moving moov forward shifts the media by the new moov's size; 32-bit offsets that would
    // overflow turn the table into co64 (which makes moov larger, hence the second rewrite).
    let moved = rewrite(original, original.length, false);
    if (maxOffset(original) + moved.length > 0xffffffff) {
      const wideSize = rewrite(original, 0, true).length;
      moved = rewrite(original, wideSize, true);
    }
    const mediaStart = ftyp.offset + ftyp.size;
    const mediaEnd = moov.offset; // exclusive
    return {
      bytes: ftypBytes.length + moved.length + (mediaEnd - mediaStart),
      durationSeconds: mvhdDuration(original),
      alreadyFast: false,
      stream: () =>
        Readable.from(
          (async function* () {
            yield ftypBytes;
            yield moved;
            if (mediaEnd > mediaStart) {
              yield* createReadStream(file, {
                start: mediaStart,
                end: mediaEnd - 1,
                highWaterMark: 1024 * 1024,
              });
            }
          })(),
          { objectMode: false },
        ),
    };
  } finally {
    await fh.close();
  }
}
