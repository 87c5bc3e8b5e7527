import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ThumbnailSigner } from './thumbnail-token.js';

describe('ThumbnailSigner', () => {
  const signer = new ThumbnailSigner(randomBytes(32));
  const grant = { userId: 'u1', cameraId: 'c1', at: 1_000_000, expires: 2_000_000 };

  it('accepts its own signature before expiry', () => {
    expect(signer.verify(grant, signer.sign(grant), 1_500_000)).toBe(true);
  });

  it('refuses after expiry, for another user, camera or instant, and under another key', () => {
    const sig = signer.sign(grant);
    expect(signer.verify(grant, sig, 2_000_000)).toBe(false);
    expect(signer.verify({ ...grant, userId: 'u2' }, sig, 0)).toBe(false);
    expect(signer.verify({ ...grant, cameraId: 'c2' }, sig, 0)).toBe(false);
    expect(signer.verify({ ...grant, at: 1_000_001 }, sig, 0)).toBe(false);
    expect(signer.verify({ ...grant, expires: 9_000_000 }, sig, 0)).toBe(false);
    expect(new ThumbnailSigner(randomBytes(32)).verify(grant, sig, 0)).toBe(false);
  });
});
