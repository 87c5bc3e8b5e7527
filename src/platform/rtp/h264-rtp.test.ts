import { describe, expect, it } from 'vitest';
import {
  accessUnitNalus,
  depacketizeH264,
  NAL,
  nalType,
  packetizeH264,
  rtpTimestamp,
} from './h264-rtp.js';

const nal = (type: number, size: number, fill = 0xab) => {
  const b = Buffer.alloc(size, fill);
  b[0] = 0x60 | type; // nal_ref_idc 3
  return b;
};

describe('packetizeH264', () => {
  it('sends a NAL unit that fits as one packet, unchanged', () => {
    const n = nal(1, 800);
    const out = packetizeH264([n], 1200);
    expect(out).toHaveLength(1);
    expect(out[0]!.equals(n)).toBe(true);
  });

  it('splits a large NAL unit into FU-A fragments with start and end bits', () => {
    const n = nal(NAL.idr, 3000);
    for (let i = 1; i < n.length; i++) n[i] = i % 251;
    const out = packetizeH264([n], 1200);
    expect(out.length).toBe(3);
    for (const p of out) {
      expect(p.length).toBeLessThanOrEqual(1200);
      expect(p[0]! & 0x1f).toBe(NAL.fuA);
      expect(p[0]! & 0xe0).toBe(0x60); // F and NRI of the original
      expect(p[1]! & 0x1f).toBe(NAL.idr);
    }
    expect(out.map((p) => p[1]! & 0xc0)).toEqual([0x80, 0x00, 0x40]);
    expect(depacketizeH264(out)).toEqual([n]);
  });

  it('round-trips a whole access unit, in order', () => {
    const unit = [nal(NAL.sps, 20), nal(NAL.pps, 5), nal(NAL.idr, 5000), nal(1, 1199)];
    const out = packetizeH264(unit, 1200);
    expect(depacketizeH264(out)).toEqual(unit);
  });

  it('refuses a payload size too small for FU-A', () => {
    expect(() => packetizeH264([nal(1, 10)], 2)).toThrow(RangeError);
  });
});

describe('accessUnitNalus', () => {
  const sps = nal(NAL.sps, 12);
  const pps = nal(NAL.pps, 4);

  it('puts the parameter sets before an IDR picture that lacks them', () => {
    const idr = nal(NAL.idr, 100);
    expect(accessUnitNalus([idr], { sps: [sps], pps: [pps] }).map(nalType)).toEqual([
      NAL.sps,
      NAL.pps,
      NAL.idr,
    ]);
  });

  it('keeps a unit that carries its own parameter sets as it is, without the delimiter', () => {
    const unit = [nal(NAL.aud, 2), nal(NAL.sps, 10), nal(NAL.pps, 3), nal(NAL.idr, 50)];
    expect(accessUnitNalus(unit, { sps: [sps], pps: [pps] }).map(nalType)).toEqual([
      NAL.sps,
      NAL.pps,
      NAL.idr,
    ]);
  });

  it('puts them after the SEI, just before the first slice', () => {
    const unit = [nal(NAL.sei, 8), nal(NAL.idr, 100), nal(NAL.idr, 100)];
    expect(accessUnitNalus(unit, { sps: [sps], pps: [pps] }).map(nalType)).toEqual([
      NAL.sei,
      NAL.sps,
      NAL.pps,
      NAL.idr,
      NAL.idr,
    ]);
  });

  it('adds nothing before other pictures', () => {
    const unit = [nal(NAL.sei, 8), nal(1, 50)];
    expect(accessUnitNalus(unit, { sps: [sps], pps: [pps] })).toEqual(unit);
  });
});

describe('rtpTimestamp', () => {
  it('converts to 90 kHz and wraps at 2^32', () => {
    expect(rtpTimestamp(1000, 1000)).toBe(90_000);
    expect(rtpTimestamp(2 ** 32 + 5, 90_000)).toBe(5);
    expect(rtpTimestamp(15360, 15360)).toBe(90_000);
  });
});
