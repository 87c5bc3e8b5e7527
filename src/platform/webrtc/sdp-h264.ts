/**
 * Offer rewriting for an H.264 passthrough sender: the browser offers many video codecs; the
 * stream can be sent in one only, so the offer is narrowed to the H.264 payload type that best
 * fits the camera's profile, with packetization mode 1 (FU-A). Pure: strings in, strings out.
 */

export interface H264Choice {
  payloadType: number;
  fmtp: string;
}

interface Section {
  lines: string[];
}

function sections(sdp: string): { head: string[]; media: Section[] } {
  const lines = sdp.split(/\r?\n/).filter((l) => l.length > 0);
  const head: string[] = [];
  const media: Section[] = [];
  for (const line of lines) {
    if (line.startsWith('m=')) media.push({ lines: [line] });
    else if (media.length) media[media.length - 1]!.lines.push(line);
    else head.push(line);
  }
  return { head, media };
}

function fmtpParams(fmtp: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of fmtp.split(';')) {
    const [k, v] = part.split('=');
    if (k) out.set(k.trim().toLowerCase(), (v ?? '').trim().toLowerCase());
  }
  return out;
}

/**
 * The H.264 payload type of the offer's first video section to send `profileLevelId` (six hex
 * digits from the avcC) with: packetization mode 1 only; the same profile preferred, then
 * Constrained Baseline 42e0 (every browser decodes any profile it offers), then any. Null when
 * the offer has no usable H.264.
 */
export function chooseH264(offer: string, profileLevelId: string): H264Choice | null {
  const video = sections(offer).media.find((m) => m.lines[0]!.startsWith('m=video'));
  if (!video) return null;
  const candidates: Array<H264Choice & { score: number; order: number }> = [];
  let order = 0;
  for (const line of video.lines) {
    const m = /^a=rtpmap:(\d+) H264\/90000/i.exec(line);
    if (!m) continue;
    const pt = Number(m[1]);
    const fmtp =
      video.lines.find((l) => l.startsWith(`a=fmtp:${pt} `))?.slice(`a=fmtp:${pt} `.length) ?? '';
    const params = fmtpParams(fmtp);
    if (params.get('packetization-mode') !== '1') continue;
    const plid = params.get('profile-level-id') ?? '42001f';
    const wanted = profileLevelId.toLowerCase();
    const score =
      plid.slice(0, 2) === wanted.slice(0, 2)
        ? plid.slice(0, 4) === wanted.slice(0, 4)
          ? 3
          : 2
        : plid.startsWith('42e0')
          ? 1
          : 0;
    candidates.push({ payloadType: pt, fmtp, score, order: order++ });
  }
  candidates.sort((a, b) => b.score - a.score || a.order - b.order);
  const best = candidates[0];
  return best ? { payloadType: best.payloadType, fmtp: best.fmtp } : null;
}

/**
 * The offer with its first video section reduced to one payload type (its rtpmap, fmtp and
 * rtcp-fb lines kept, every other codec and retransmission format dropped), so that the answer
 * can only name that one.
 */
export function narrowOffer(offer: string, payloadType: number): string {
  const { head, media } = sections(offer);
  let done = false;
  const out = [...head];
  for (const section of media) {
    const [mline, ...rest] = section.lines;
    if (done || !mline!.startsWith('m=video')) {
      out.push(...section.lines);
      continue;
    }
    done = true;
    const parts = mline!.split(' ');
    out.push([...parts.slice(0, 3), String(payloadType)].join(' '));
    for (const line of rest) {
      const m = /^a=(rtpmap|fmtp|rtcp-fb):(\d+|\*)[ ]/.exec(line);
      if (m && m[2] !== String(payloadType) && m[2] !== '*') continue;
      out.push(line);
    }
  }
  return out.join('\r\n') + '\r\n';
}

/**
 * The offer without the browser's mDNS host candidates (`<uuid>.local`, what browsers announce
 * instead of their address): resolving them needs multicast DNS on the LAN and can take
 * seconds. The browser's checks reach the server anyway, which learns its address from them
 * (peer-reflexive candidates).
 */
export function dropMdnsCandidates(sdp: string): string {
  return sdp
    .split(/\r?\n/)
    .filter((line) => !/^a=candidate:\S+ \d+ \S+ \d+ \S+\.local /i.test(line))
    .join('\r\n');
}
