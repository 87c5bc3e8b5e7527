/**
 * Splits a fragmented-MP4 byte stream (as ffmpeg writes it with empty_moov and fragments)
 * into the initialization segment (ftyp + moov) and media fragments (moof + mdat), telling
 * which fragments start with a keyframe and where they sit on the media timeline. Pure: no I/O.
 */

export interface InitSegment {
  kind: 'init';
  data: Buffer;
  /** Media timescale of the first track (ticks per second). */
  timescale: number;
  /** RFC 6381 codec string from the avcC box, e.g. `avc1.64001f`; null when not H.264. */
  codec: string | null;
}

export interface MediaFragment {
  kind: 'fragment';
  data: Buffer;
  keyframe: boolean;
  /** baseMediaDecodeTime of the fragment, in timescale ticks. */
  decodeTime: number;
}

export type Fmp4Part = InitSegment | MediaFragment;

const MAX_BOX = 64 * 1024 * 1024;
const NON_SYNC = 0x00010000;

interface Box {
  type: string;
  start: number;
  headerSize: number;
  size: number;
}

function readBoxes(buf: Buffer, start: number, end: number): Box[] {
  const out: Box[] = [];
  let at = start;
  while (at + 8 <= end) {
    let size = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    let headerSize = 8;
    if (size === 1) {
      if (at + 16 > end) break;
      size = Number(buf.readBigUInt64BE(at + 8));
      headerSize = 16;
    } else if (size === 0) size = end - at;
    if (size < headerSize || at + size > end) break;
    out.push({ type, start: at, headerSize, size });
    at += size;
  }
  return out;
}

function child(buf: Buffer, parent: Box, type: string): Box | undefined {
  return readBoxes(buf, parent.start + parent.headerSize, parent.start + parent.size).find(
    (b) => b.type === type,
  );
}

function path(buf: Buffer, root: Box, types: string[]): Box | undefined {
  let cur: Box | undefined = root;
  for (const t of types) {
    if (!cur) return undefined;
    cur = child(buf, cur, t);
  }
  return cur;
}

/** Reads timescale, codec and the default sample flags (trex) from a moov box. */
export function parseMoov(
  buf: Buffer,
  moov: Box,
): { timescale: number; codec: string | null; trexFlags: number } {
  const trak = child(buf, moov, 'trak');
  const mdhd = trak ? path(buf, trak, ['mdia', 'mdhd']) : undefined;
  let timescale = 90_000;
  if (mdhd) {
    const v = buf.readUInt8(mdhd.start + 8);
    timescale = buf.readUInt32BE(mdhd.start + 8 + 4 + (v === 1 ? 16 : 8));
  }
  let codec: string | null = null;
  const stsd = trak ? path(buf, trak, ['mdia', 'minf', 'stbl', 'stsd']) : undefined;
  if (stsd) {
    // stsd: full box header (4) + entry count (4), then sample entries; avc1 has 78 bytes of fields.
    const entries = readBoxes(buf, stsd.start + stsd.headerSize + 8, stsd.start + stsd.size);
    const avc = entries.find((e) => e.type === 'avc1' || e.type === 'avc3');
    if (avc) {
      const avcC = readBoxes(buf, avc.start + avc.headerSize + 78, avc.start + avc.size).find(
        (b) => b.type === 'avcC',
      );
      if (avcC) {
        const p = avcC.start + avcC.headerSize;
        codec = `${avc.type}.${buf.subarray(p + 1, p + 4).toString('hex')}`;
      }
    }
  }
  let trexFlags = 0;
  const trex = path(buf, moov, ['mvex', 'trex']);
  if (trex) trexFlags = buf.readUInt32BE(trex.start + trex.headerSize + 20);
  return { timescale, codec, trexFlags };
}

/** Keyframe and decode time of a moof box. */
export function parseMoof(
  buf: Buffer,
  moof: Box,
  trexFlags: number,
): { keyframe: boolean; decodeTime: number } {
  const traf = child(buf, moof, 'traf');
  if (!traf) return { keyframe: false, decodeTime: 0 };
  let defaultFlags = trexFlags;
  const tfhd = child(buf, traf, 'tfhd');
  if (tfhd) {
    const p = tfhd.start + tfhd.headerSize;
    const flags = buf.readUInt32BE(p) & 0xffffff;
    let at = p + 8; // version/flags + track id
    if (flags & 0x01) at += 8; // base data offset
    if (flags & 0x02) at += 4; // sample description index
    if (flags & 0x08) at += 4; // default sample duration
    if (flags & 0x10) at += 4; // default sample size
    if (flags & 0x20) defaultFlags = buf.readUInt32BE(at);
  }
  let decodeTime = 0;
  const tfdt = child(buf, traf, 'tfdt');
  if (tfdt) {
    const p = tfdt.start + tfdt.headerSize;
    decodeTime =
      buf.readUInt8(p) === 1 ? Number(buf.readBigUInt64BE(p + 4)) : buf.readUInt32BE(p + 4);
  }
  let firstFlags = defaultFlags;
  const trun = child(buf, traf, 'trun');
  if (trun) {
    const p = trun.start + trun.headerSize;
    const flags = buf.readUInt32BE(p) & 0xffffff;
    let at = p + 8; // version/flags + sample count
    if (flags & 0x01) at += 4; // data offset
    if (flags & 0x04) firstFlags = buf.readUInt32BE(at);
    else if (flags & 0x400) {
      if (flags & 0x04) at += 4;
      if (flags & 0x100) at += 4;
      if (flags & 0x200) at += 4;
      firstFlags = buf.readUInt32BE(at);
    }
  }
  return { keyframe: (firstFlags & NON_SYNC) === 0, decodeTime };
}

/**
 * Rewrites the baseMediaDecodeTime (tfdt) of a fragment's first track in place: `data` starts
 * with the moof box. Used to join segments whose timestamps each restart near zero into one
 * continuous live timeline. Throws when the fragment has no tfdt or a 32-bit one cannot hold
 * the value.
 */
export function setDecodeTime(data: Buffer, decodeTime: number): void {
  const moof = readBoxes(data, 0, data.length)[0];
  if (moof?.type !== 'moof') throw new Error('fragment does not start with moof');
  const traf = child(data, moof, 'traf');
  const tfdt = traf ? child(data, traf, 'tfdt') : undefined;
  if (!tfdt) throw new Error('fragment without tfdt');
  const p = tfdt.start + tfdt.headerSize;
  const value = Math.max(0, Math.round(decodeTime));
  if (data.readUInt8(p) === 1) data.writeBigUInt64BE(BigInt(value), p + 4);
  else if (value <= 0xffffffff) data.writeUInt32BE(value, p + 4);
  else throw new Error('decode time too large for a 32-bit tfdt');
}

/** A media fragment whose bytes are joined only when someone needs them. */
class Fragment implements MediaFragment {
  readonly kind = 'fragment' as const;
  private joined: Buffer | null = null;

  constructor(
    private readonly moof: Buffer,
    private readonly mdat: Buffer,
    readonly keyframe: boolean,
    readonly decodeTime: number,
  ) {}

  get data(): Buffer {
    this.joined ??= Buffer.concat([this.moof, this.mdat]);
    return this.joined;
  }
}

/**
 * Incremental reader: push chunks as they arrive, get whole parts back. Each box is copied at
 * most once, when it is complete: a recorder feeds megabytes a second through this.
 */
export class Fmp4Reader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private head: Buffer[] = [];
  private moof: Buffer | null = null;
  private trexFlags = 0;

  /** The first `n` pending bytes as one buffer, without consuming them. */
  private peek(n: number): Buffer {
    const first = this.pending[0];
    if (first && first.length >= n) return first.subarray(0, n);
    const parts: Buffer[] = [];
    let have = 0;
    for (const b of this.pending) {
      if (have >= n) break;
      parts.push(b);
      have += b.length;
    }
    return Buffer.concat(parts).subarray(0, n);
  }

  /** Removes and returns the first `n` pending bytes. */
  private take(n: number): Buffer {
    const first = this.pending[0];
    let out: Buffer;
    if (first && first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.pending.shift();
      else this.pending[0] = first.subarray(n);
    } else {
      const parts: Buffer[] = [];
      let have = 0;
      for (const b of this.pending) {
        if (have >= n) break;
        parts.push(b);
        have += b.length;
      }
      out = Buffer.concat(parts, n);
      let left = n;
      while (left > 0) {
        const b = this.pending[0]!;
        if (b.length <= left) {
          left -= b.length;
          this.pending.shift();
        } else {
          this.pending[0] = b.subarray(left);
          left = 0;
        }
      }
    }
    this.pendingBytes -= n;
    return out;
  }

  push(chunk: Buffer): Fmp4Part[] {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const out: Fmp4Part[] = [];
    while (this.pendingBytes >= 8) {
      const header = this.peek(16);
      let size = header.readUInt32BE(0);
      let headerSize = 8;
      if (size === 1) {
        if (this.pendingBytes < 16) break;
        size = Number(header.readBigUInt64BE(8));
        headerSize = 16;
      }
      if (size < headerSize || size > MAX_BOX) throw new Error(`invalid MP4 box size ${size}`);
      if (this.pendingBytes < size) break;
      const type = header.toString('latin1', 4, 8);
      // Stream chunks are fresh buffers: a box may keep referring to them without a copy.
      const box = this.take(size);
      if (type === 'ftyp') this.head = [box];
      else if (type === 'moov') {
        const init = Buffer.concat([...this.head, box]);
        const info = parseMoov(init, { type, start: init.length - size, headerSize, size });
        this.trexFlags = info.trexFlags;
        this.head = [];
        out.push({ kind: 'init', data: init, timescale: info.timescale, codec: info.codec });
      } else if (type === 'moof') this.moof = box;
      else if (type === 'mdat' && this.moof) {
        const moof = this.moof;
        const meta = parseMoof(
          moof,
          { type: 'moof', start: 0, headerSize: 8, size: moof.length },
          this.trexFlags,
        );
        out.push(new Fragment(moof, box, meta.keyframe, meta.decodeTime));
        this.moof = null;
      }
      // Other top-level boxes (styp, sidx, free, mfra) are not needed by viewers.
    }
    return out;
  }

  get buffered(): number {
    return this.pendingBytes;
  }
}
