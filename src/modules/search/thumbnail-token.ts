import { createHmac, hkdfSync } from 'node:crypto';
import { safeEqual } from '../../platform/crypto/hash.js';

export interface ThumbnailGrant {
  userId: string;
  cameraId: string;
  /** Wall-clock instant of the frame, epoch ms. */
  at: number;
  /** The grant is refused after this instant, epoch ms. */
  expires: number;
}

/**
 * Signs and checks the thumbnail links a search returns. A thumbnail is a frame of footage:
 * only the user whose (audited) search produced the link may fetch it, for that camera and
 * instant, for a few hours. Stateless, so that any API node holding the installation key
 * can serve it.
 */
export class ThumbnailSigner {
  private readonly key: Buffer;

  constructor(installationKey: Buffer) {
    this.key = Buffer.from(
      hkdfSync('sha256', installationKey, Buffer.alloc(0), 'vedetta search thumbnails v1', 32),
    );
  }

  sign(g: ThumbnailGrant): string {
    return createHmac('sha256', this.key)
      .update(`${g.userId}|${g.cameraId}|${g.at}|${g.expires}`)
      .digest('base64url');
  }

  verify(g: ThumbnailGrant, signature: string, now: number): boolean {
    return g.expires > now && safeEqual(this.sign(g), signature);
  }
}
