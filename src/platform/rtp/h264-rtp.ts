/**
 * H.264 over RTP (RFC 6184), sending side, packetization mode 1: each NAL unit in a packet of
 * its own when it fits, split into FU-A fragments when it does not. Pure: no I/O, no clock.
 */

export const NAL = { idr: 5, sei: 6, sps: 7, pps: 8, aud: 9, fuA: 28 } as const;

/** Payload bytes per RTP packet: 1200 keeps SRTP + UDP + IP under any path MTU in practice. */
export const DEFAULT_MAX_PAYLOAD = 1200;

export const nalType = (nalu: Buffer): number => (nalu[0] ?? 0) & 0x1f;

/**
 * The NAL units to send for one access unit (one frame): access unit delimiters dropped, and
 * the parameter sets just before an IDR picture when the unit does not carry them itself, so
 * that a receiver joining at any keyframe can decode it (they sit in the avcC of MP4 streams,
 * not in the samples).
 */
export function accessUnitNalus(
  nalus: readonly Buffer[],
  params: { sps: readonly Buffer[]; pps: readonly Buffer[] },
): Buffer[] {
  const kept = nalus.filter((n) => n.length > 0 && nalType(n) !== NAL.aud);
  const types = new Set(kept.map(nalType));
  if (!types.has(NAL.idr)) return kept;
  const prefix: Buffer[] = [];
  if (!types.has(NAL.sps)) prefix.push(...params.sps);
  if (!types.has(NAL.pps)) prefix.push(...params.pps);
  // Just before the first slice of the picture, after any SEI (as ffmpeg's h264_mp4toannexb).
  const first = kept.findIndex((n) => nalType(n) === NAL.idr);
  return [...kept.slice(0, first), ...prefix, ...kept.slice(first)];
}

/**
 * RTP payloads for the NAL units of one access unit, in order. The caller sets the marker bit
 * on the last one and gives all of them the unit's timestamp.
 */
export function packetizeH264(
  nalus: readonly Buffer[],
  maxPayload: number = DEFAULT_MAX_PAYLOAD,
): Buffer[] {
  if (maxPayload < 3) throw new RangeError('maxPayload below 3 bytes');
  const out: Buffer[] = [];
  for (const nalu of nalus) {
    if (nalu.length === 0) continue;
    if (nalu.length <= maxPayload) {
      out.push(nalu);
      continue;
    }
    const header = nalu[0]!;
    const indicator = (header & 0xe0) | NAL.fuA;
    const type = header & 0x1f;
    const chunk = maxPayload - 2;
    for (let at = 1; at < nalu.length; at += chunk) {
      const end = Math.min(nalu.length, at + chunk);
      const start = at === 1 ? 0x80 : 0;
      const last = end === nalu.length ? 0x40 : 0;
      const payload = Buffer.allocUnsafe(2 + end - at);
      payload[0] = indicator;
      payload[1] = start | last | type;
      nalu.copy(payload, 2, at, end);
      out.push(payload);
    }
  }
  return out;
}

/**
 * NAL units back out of RTP payloads (single NAL, STAP-A, FU-A), in order: the inverse of
 * packetizeH264, used to check what a receiver gets.
 */
export function depacketizeH264(payloads: readonly Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  let fu: Buffer[] | null = null;
  for (const p of payloads) {
    const type = nalType(p);
    if (type === NAL.fuA) {
      const fuHeader = p[1] ?? 0;
      if (fuHeader & 0x80) fu = [Buffer.from([(p[0]! & 0xe0) | (fuHeader & 0x1f)])];
      if (!fu) continue; // a fragment without its start: lost
      fu.push(p.subarray(2));
      if (fuHeader & 0x40) {
        out.push(Buffer.concat(fu));
        fu = null;
      }
    } else if (type === 24) {
      let at = 1;
      while (at + 2 <= p.length) {
        const n = p.readUInt16BE(at);
        out.push(p.subarray(at + 2, at + 2 + n));
        at += 2 + n;
      }
    } else out.push(p);
  }
  return out;
}

/** 90 kHz RTP timestamp (wrapping at 2³²) of a media time in `timescale` ticks. */
export function rtpTimestamp(ticks: number, timescale: number): number {
  const t = timescale === 90_000 ? ticks : Math.round((ticks * 90_000) / timescale);
  return ((t % 2 ** 32) + 2 ** 32) % 2 ** 32;
}
