/**
 * H.264 samples out of fragmented MP4, for transports that carry the elementary stream itself
 * (RTP for WebRTC): the decoder configuration (SPS, PPS, NAL length size) from the init
 * segment's avcC, and each sample of a fragment (moof + mdat) with its timing, keyframe flag and
 * NAL units. Pure: no I/O. Complements fmp4-reader, which only splits the byte stream.
 */

export interface AvcConfig {
  /** Bytes of each NAL unit's length prefix in samples (1, 2 or 4). */
  nalLengthSize: number;
  sps: Buffer[];
  pps: Buffer[];
  /** profile_idc, constraint flags, level_idc as six hex digits (SDP profile-level-id). */
  profileLevelId: string;
  /** Media timescale of the video track (ticks per second). */
  timescale: number;
  /** Defaults of the track's samples (trex), used where a fragment does not say. */
  defaults: { duration: number; size: number; flags: number };
}

export interface AvcSample {
  /** Decode time in timescale ticks. */
  decodeTime: number;
  /** Presentation time in timescale ticks (decode time + composition offset). */
  presentationTime: number;
  duration: number;
  keyframe: boolean;
  /** NAL units without their length prefixes. */
  nalus: Buffer[];
}

export class Mp4FormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Mp4FormatError';
  }
}

interface Box {
  type: string;
  /** Offset of the payload (after the header). */
  body: number;
  end: number;
}

function boxes(buf: Buffer, start: number, end: number): Box[] {
  const out: Box[] = [];
  let at = start;
  while (at + 8 <= end) {
    let size = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    let header = 8;
    if (size === 1) {
      if (at + 16 > end) throw new Mp4FormatError(`truncated ${type} box`);
      size = Number(buf.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) size = end - at;
    if (size < header || at + size > end) throw new Mp4FormatError(`bad size of ${type} box`);
    out.push({ type, body: at + header, end: at + size });
    at += size;
  }
  return out;
}

function find(buf: Buffer, parent: { body: number; end: number }, path: string[]): Box | null {
  let cur: Box | null = { type: '', body: parent.body, end: parent.end };
  for (const type of path) {
    cur = boxes(buf, cur.body, cur.end).find((b) => b.type === type) ?? null;
    if (!cur) return null;
  }
  return cur;
}

const NON_SYNC = 0x00010000;

/** The H.264 decoder configuration of an init segment (ftyp + moov); null when not H.264. */
export function readAvcConfig(init: Buffer): AvcConfig | null {
  const whole = { body: 0, end: init.length };
  const moov = find(init, whole, ['moov']);
  if (!moov) throw new Mp4FormatError('no moov box in the init segment');
  const trak = find(init, moov, ['trak']);
  if (!trak) throw new Mp4FormatError('no track in the init segment');
  const mdhd = find(init, trak, ['mdia', 'mdhd']);
  let timescale = 90_000;
  if (mdhd) {
    const v = init.readUInt8(mdhd.body);
    timescale = init.readUInt32BE(mdhd.body + 4 + (v === 1 ? 16 : 8));
  }
  const stsd = find(init, trak, ['mdia', 'minf', 'stbl', 'stsd']);
  if (!stsd) return null;
  // stsd: version/flags (4) + entry count (4), then sample entries; avc1 has 78 bytes of fields.
  const entry = boxes(init, stsd.body + 8, stsd.end).find(
    (e) => e.type === 'avc1' || e.type === 'avc3',
  );
  if (!entry) return null;
  const avcC = boxes(init, entry.body + 78, entry.end).find((b) => b.type === 'avcC');
  if (!avcC) throw new Mp4FormatError('avc1 sample entry without avcC');
  let p = avcC.body;
  const need = (n: number) => {
    if (p + n > avcC.end) throw new Mp4FormatError('truncated avcC');
  };
  need(6);
  const profileLevelId = init.subarray(p + 1, p + 4).toString('hex');
  const nalLengthSize = (init.readUInt8(p + 4) & 0x03) + 1;
  const spsCount = init.readUInt8(p + 5) & 0x1f;
  p += 6;
  const sps: Buffer[] = [];
  for (let i = 0; i < spsCount; i++) {
    need(2);
    const n = init.readUInt16BE(p);
    need(2 + n);
    sps.push(Buffer.from(init.subarray(p + 2, p + 2 + n)));
    p += 2 + n;
  }
  need(1);
  const ppsCount = init.readUInt8(p);
  p += 1;
  const pps: Buffer[] = [];
  for (let i = 0; i < ppsCount; i++) {
    need(2);
    const n = init.readUInt16BE(p);
    need(2 + n);
    pps.push(Buffer.from(init.subarray(p + 2, p + 2 + n)));
    p += 2 + n;
  }
  const defaults = { duration: 0, size: 0, flags: 0 };
  const trex = find(init, moov, ['mvex', 'trex']);
  if (trex && trex.body + 24 <= trex.end) {
    defaults.duration = init.readUInt32BE(trex.body + 12);
    defaults.size = init.readUInt32BE(trex.body + 16);
    defaults.flags = init.readUInt32BE(trex.body + 20);
  }
  return { nalLengthSize, sps, pps, profileLevelId, timescale, defaults };
}

/** Splits AVCC sample data (length-prefixed NAL units) into NAL units (views, not copies). */
export function splitNalus(data: Buffer, lengthSize: number): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at < data.length) {
    if (at + lengthSize > data.length) throw new Mp4FormatError('truncated NAL length');
    const n = data.readUIntBE(at, lengthSize);
    at += lengthSize;
    if (n === 0) continue;
    if (at + n > data.length) throw new Mp4FormatError('NAL unit longer than its sample');
    out.push(data.subarray(at, at + n));
    at += n;
  }
  return out;
}

/**
 * The samples of one fragment (moof followed by its mdat, as one buffer), first track only.
 * Data offsets are taken from the start of the moof (default-base-is-moof, as ffmpeg writes
 * live fragments); a fragment that points elsewhere is refused.
 */
export function readFragmentSamples(fragment: Buffer, config: AvcConfig): AvcSample[] {
  const top = boxes(fragment, 0, fragment.length);
  const moofBox = top[0];
  if (moofBox?.type !== 'moof') throw new Mp4FormatError('fragment does not start with moof');
  const moofStart = 0;
  const traf = find(fragment, moofBox, ['traf']);
  if (!traf) return [];
  const tfhd = find(fragment, traf, ['tfhd']);
  if (!tfhd) throw new Mp4FormatError('traf without tfhd');
  const tfhdFlags = fragment.readUInt32BE(tfhd.body) & 0xffffff;
  if (tfhdFlags & 0x01) throw new Mp4FormatError('absolute base data offset in a live fragment');
  let at = tfhd.body + 8;
  if (tfhdFlags & 0x02) at += 4;
  let defaultDuration = config.defaults.duration;
  let defaultSize = config.defaults.size;
  let defaultFlags = config.defaults.flags;
  if (tfhdFlags & 0x08) {
    defaultDuration = fragment.readUInt32BE(at);
    at += 4;
  }
  if (tfhdFlags & 0x10) {
    defaultSize = fragment.readUInt32BE(at);
    at += 4;
  }
  if (tfhdFlags & 0x20) defaultFlags = fragment.readUInt32BE(at);

  let decodeTime = 0;
  const tfdt = find(fragment, traf, ['tfdt']);
  if (tfdt) {
    decodeTime =
      fragment.readUInt8(tfdt.body) === 1
        ? Number(fragment.readBigUInt64BE(tfdt.body + 4))
        : fragment.readUInt32BE(tfdt.body + 4);
  }

  const out: AvcSample[] = [];
  let dataEnd = moofStart;
  for (const trun of boxes(fragment, traf.body, traf.end).filter((b) => b.type === 'trun')) {
    const version = fragment.readUInt8(trun.body);
    const flags = fragment.readUInt32BE(trun.body) & 0xffffff;
    const count = fragment.readUInt32BE(trun.body + 4);
    let p = trun.body + 8;
    let dataAt = dataEnd;
    if (flags & 0x01) {
      dataAt = moofStart + fragment.readInt32BE(p);
      p += 4;
    }
    let firstFlags: number | null = null;
    if (flags & 0x04) {
      firstFlags = fragment.readUInt32BE(p);
      p += 4;
    }
    const perSample =
      ((flags & 0x100 ? 1 : 0) +
        (flags & 0x200 ? 1 : 0) +
        (flags & 0x400 ? 1 : 0) +
        (flags & 0x800 ? 1 : 0)) *
      4;
    if (p + perSample * count > trun.end) throw new Mp4FormatError('truncated trun');
    for (let i = 0; i < count; i++) {
      let duration = defaultDuration;
      let size = defaultSize;
      let sampleFlags = i === 0 && firstFlags !== null ? firstFlags : defaultFlags;
      let offset = 0;
      if (flags & 0x100) {
        duration = fragment.readUInt32BE(p);
        p += 4;
      }
      if (flags & 0x200) {
        size = fragment.readUInt32BE(p);
        p += 4;
      }
      if (flags & 0x400) {
        sampleFlags = fragment.readUInt32BE(p);
        p += 4;
      }
      if (flags & 0x800) {
        offset = version === 0 ? fragment.readUInt32BE(p) : fragment.readInt32BE(p);
        p += 4;
      }
      if (dataAt < 0 || dataAt + size > fragment.length) {
        throw new Mp4FormatError('sample data outside the fragment');
      }
      out.push({
        decodeTime,
        presentationTime: decodeTime + offset,
        duration,
        keyframe: (sampleFlags & NON_SYNC) === 0,
        nalus: splitNalus(fragment.subarray(dataAt, dataAt + size), config.nalLengthSize),
      });
      decodeTime += duration;
      dataAt += size;
    }
    dataEnd = dataAt;
  }
  return out;
}
