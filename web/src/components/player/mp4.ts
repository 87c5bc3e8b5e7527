/** Minimal ISO-BMFF reading: just enough to find the codec of a recorded segment. */

export const FALLBACK_CODEC = 'avc1.42E01E';

const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl']);

function fourcc(view: DataView, at: number): string {
  return String.fromCharCode(
    view.getUint8(at),
    view.getUint8(at + 1),
    view.getUint8(at + 2),
    view.getUint8(at + 3),
  );
}

interface Box {
  type: string;
  /** First byte of the payload (after the header). */
  start: number;
  end: number;
}

function* boxes(view: DataView, from: number, to: number): Generator<Box> {
  let at = from;
  while (at + 8 <= to) {
    let size = view.getUint32(at);
    const type = fourcc(view, at + 4);
    let header = 8;
    if (size === 1) {
      if (at + 16 > to) return;
      size = Number(view.getBigUint64(at + 8));
      header = 16;
    } else if (size === 0) {
      size = to - at;
    }
    if (size < header || at + size > to) return;
    yield { type, start: at + header, end: at + size };
    at += size;
  }
}

const hex = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');

/** Bytes of a VisualSampleEntry before its child boxes (ISO 14496-12 §12.1.3). */
const VISUAL_SAMPLE_ENTRY_BYTES = 78;

function sampleEntryCodec(view: DataView, entry: Box): string | null {
  const childrenFrom = entry.start + VISUAL_SAMPLE_ENTRY_BYTES;
  if (entry.type === 'avc1' || entry.type === 'avc3') {
    for (const child of boxes(view, childrenFrom, entry.end)) {
      if (child.type === 'avcC' && child.end - child.start >= 4) {
        // configurationVersion, AVCProfileIndication, profile_compatibility, AVCLevelIndication
        const profile = view.getUint8(child.start + 1);
        const compat = view.getUint8(child.start + 2);
        const level = view.getUint8(child.start + 3);
        return `${entry.type}.${hex(profile)}${hex(compat)}${hex(level)}`;
      }
    }
    return null;
  }
  if (entry.type === 'hvc1' || entry.type === 'hev1') {
    // H.265: a generic Main profile string; the browser decides whether it can play it.
    return `${entry.type}.1.6.L120.90`;
  }
  return null;
}

function findCodec(view: DataView, from: number, to: number): string | null {
  for (const box of boxes(view, from, to)) {
    if (CONTAINERS.has(box.type)) {
      const found = findCodec(view, box.start, box.end);
      if (found) return found;
    } else if (box.type === 'stsd') {
      // FullBox header (4) + entry_count (4), then the sample entries.
      for (const entry of boxes(view, box.start + 8, box.end)) {
        const codec = sampleEntryCodec(view, entry);
        if (codec) return codec;
      }
    }
    if (box.type === 'moof' || box.type === 'mdat') return null;
  }
  return null;
}

/**
 * The RFC 6381 codec string of the first video track of an MP4 (e.g. "avc1.640028",
 * from the profile, compatibility and level bytes of its avcC box); null when not found.
 */
export function codecOf(data: ArrayBuffer): string | null {
  try {
    const view = new DataView(data);
    return findCodec(view, 0, view.byteLength);
  } catch {
    return null;
  }
}
