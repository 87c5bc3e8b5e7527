import { describe, expect, it } from 'vitest';
import { chooseH264, dropMdnsCandidates, narrowOffer } from './sdp-h264.js';

// Shortened from a Chromium offer (recvonly video).
const OFFER = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97 103 104 107 108 112 113',
  'c=IN IP4 0.0.0.0',
  'a=mid:0',
  'a=recvonly',
  'a=rtpmap:96 VP8/90000',
  'a=rtcp-fb:96 nack',
  'a=rtpmap:97 rtx/90000',
  'a=fmtp:97 apt=96',
  'a=rtpmap:103 H264/90000',
  'a=rtcp-fb:103 nack',
  'a=rtcp-fb:103 nack pli',
  'a=fmtp:103 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f',
  'a=rtpmap:104 rtx/90000',
  'a=fmtp:104 apt=103',
  'a=rtpmap:107 H264/90000',
  'a=fmtp:107 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f',
  'a=rtpmap:108 H264/90000',
  'a=rtcp-fb:108 nack pli',
  'a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
  'a=rtpmap:112 H264/90000',
  'a=fmtp:112 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=64001f',
  'a=rtpmap:113 rtx/90000',
  'a=fmtp:113 apt=112',
  '',
].join('\r\n');

describe('chooseH264', () => {
  it('takes the same profile with packetization mode 1', () => {
    expect(chooseH264(OFFER, '640028')?.payloadType).toBe(112);
    expect(chooseH264(OFFER, '42c01e')?.payloadType).toBe(103);
  });

  it('falls back to constrained baseline for a profile the browser does not name', () => {
    expect(chooseH264(OFFER, '4d0029')?.payloadType).toBe(108);
  });

  it('never picks packetization mode 0, and says when there is no H.264 at all', () => {
    const onlyMode0 = OFFER.replace(/packetization-mode=1/g, 'packetization-mode=0');
    expect(chooseH264(onlyMode0, '42e01f')).toBeNull();
    expect(chooseH264(OFFER.replace(/H264/g, 'VP9'), '42e01f')).toBeNull();
    expect(chooseH264('v=0\r\n', '42e01f')).toBeNull();
  });
});

describe('narrowOffer', () => {
  it('keeps one payload type with its lines, drops the others and their retransmissions', () => {
    const sdp = narrowOffer(OFFER, 108);
    expect(sdp).toContain('m=video 9 UDP/TLS/RTP/SAVPF 108\r\n');
    expect(sdp).toContain('a=rtpmap:108 H264/90000');
    expect(sdp).toContain('a=rtcp-fb:108 nack pli');
    expect(sdp).toContain('a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=1');
    expect(sdp).not.toMatch(/a=(rtpmap|fmtp|rtcp-fb):(96|97|103|104|107|112|113) /);
    expect(sdp).toContain('a=mid:0');
    expect(sdp).toContain('a=recvonly');
    expect(sdp.startsWith('v=0\r\n')).toBe(true);
  });
});

describe('dropMdnsCandidates', () => {
  it('drops the browser’s .local host candidates and keeps address candidates', () => {
    const sdp = [
      'v=0',
      'm=video 9 UDP/TLS/RTP/SAVPF 108',
      'a=candidate:1 1 udp 2122260223 1f0e6a9c-3b7d-4a1e-9d7e-2f4c8b1a6e0d.local 54321 typ host generation 0',
      'a=candidate:2 1 udp 2122260223 192.168.1.20 54322 typ host generation 0',
      'a=candidate:3 1 tcp 1518280447 5a7c.local 9 typ host tcptype active generation 0',
      'a=mid:0',
      '',
    ].join('\r\n');
    const out = dropMdnsCandidates(sdp);
    expect(out).not.toContain('.local');
    expect(out).toContain('192.168.1.20 54322 typ host');
    expect(out).toContain('a=mid:0');
  });
});
