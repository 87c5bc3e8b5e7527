import { createHmac, hkdfSync } from 'node:crypto';
import { AppError } from '../../../platform/errors.js';
import { safeEqual } from '../../../platform/crypto/hash.js';
import type { ShareStatus } from './share.schemas.js';
import type { EvidenceSharesTable } from './share.tables.js';

type StatusFields = Pick<
  EvidenceSharesTable,
  'revoked_at' | 'locked_at' | 'expires_at' | 'downloads' | 'max_downloads'
>;

/** What a link is now. Revocation wins over everything, then the lock, expiry and the count. */
export function shareStatus(s: StatusFields, now: number): ShareStatus {
  if (s.revoked_at !== null) return 'revocata';
  if (s.locked_at !== null) return 'bloccata';
  if (Number(s.expires_at) <= now) return 'scaduta';
  if (s.downloads >= s.max_downloads) return 'esaurita';
  return 'attiva';
}

const GONE: Record<Exclude<ShareStatus, 'attiva'>, { code: string; message: string }> = {
  revocata: {
    code: 'share_revoked',
    message: 'Il link è stato revocato dal Comando: i file non sono più scaricabili.',
  },
  bloccata: {
    code: 'share_locked',
    message:
      'Il link è stato bloccato dopo troppi tentativi con una password errata: chiedere al Comando un nuovo link.',
  },
  scaduta: {
    code: 'share_expired',
    message: 'Il link è scaduto: chiedere al Comando un nuovo link.',
  },
  esaurita: {
    code: 'share_exhausted',
    message: 'È stato raggiunto il numero massimo di download consentiti per questo link.',
  },
};

/** 410: the link existed but can no longer be used (revoked, locked, expired, exhausted). */
export class ShareGone extends AppError {
  constructor(status: Exclude<ShareStatus, 'attiva'>) {
    super(GONE[status].code, 410, GONE[status].message, { status });
  }
}

/** The link's secret is unknown (mistyped, or never issued). */
export class ShareNotFound extends AppError {
  constructor() {
    super(
      'share_not_found',
      404,
      'Link di condivisione non valido: verificare di averlo copiato per intero.',
    );
  }
}

/**
 * Short-lived download keys, handed to the recipient once the link (and its password) checked
 * out. Stateless and bound to one share, so any API node with the installation key can serve
 * the download; the long-lived link secret never travels in a URL.
 */
export class ShareKeys {
  private readonly key: Buffer;

  constructor(installationKey: Buffer) {
    this.key = Buffer.from(
      hkdfSync('sha256', installationKey, Buffer.alloc(0), 'vedetta evidence shares v1', 32),
    );
  }

  private mac(shareId: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${shareId}|${expires}`).digest('base64url');
  }

  issue(shareId: string, expires: number): string {
    return `${shareId}.${expires}.${this.mac(shareId, expires)}`;
  }

  /** The share id the key was issued for, or null when forged or expired. */
  check(key: string, now: number): string | null {
    const [shareId, exp, sig] = key.split('.');
    const expires = Number(exp);
    if (!shareId || !sig || !Number.isSafeInteger(expires) || expires <= now) return null;
    return safeEqual(this.mac(shareId, expires), sig) ? shareId : null;
  }
}
