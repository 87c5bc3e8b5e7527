import { describe, expect, it } from 'vitest';
import { ShareKeys, shareStatus } from './share-rules.js';

const base = {
  revoked_at: null,
  locked_at: null,
  expires_at: 2_000,
  downloads: 0,
  max_downloads: 2,
};

describe('shareStatus', () => {
  it('is active before expiry with downloads left', () => {
    expect(shareStatus(base, 1_999)).toBe('attiva');
  });
  it('expires at the instant of expiry', () => {
    expect(shareStatus(base, 2_000)).toBe('scaduta');
  });
  it('is exhausted at the maximum', () => {
    expect(shareStatus({ ...base, downloads: 2 }, 1_000)).toBe('esaurita');
  });
  it('puts revocation before the lock, and the lock before expiry and count', () => {
    expect(shareStatus({ ...base, revoked_at: 1, locked_at: 1, downloads: 2 }, 3_000)).toBe(
      'revocata',
    );
    expect(shareStatus({ ...base, locked_at: 1, downloads: 2 }, 3_000)).toBe('bloccata');
    expect(shareStatus({ ...base, downloads: 2 }, 3_000)).toBe('scaduta');
  });
});

describe('ShareKeys', () => {
  const keys = new ShareKeys(Buffer.alloc(32, 7));
  it('accepts its own key until it expires', () => {
    const k = keys.issue('share-1', 5_000);
    expect(keys.check(k, 4_999)).toBe('share-1');
    expect(keys.check(k, 5_000)).toBeNull();
  });
  it('refuses a key for another share, a changed expiry, another installation', () => {
    const k = keys.issue('share-1', 5_000);
    const [, exp, sig] = k.split('.');
    expect(keys.check(`share-2.${exp}.${sig}`, 1)).toBeNull();
    expect(keys.check(`share-1.9999.${sig}`, 1)).toBeNull();
    expect(new ShareKeys(Buffer.alloc(32, 8)).check(k, 1)).toBeNull();
    expect(keys.check('garbage', 1)).toBeNull();
  });
});

describe('download keys in logs', () => {
  it('are redacted from logged URLs', async () => {
    const { redactUrlCredentials } = await import('../../../platform/log/redact.js');
    const url = '/api/public/shares/file?key=share-1.5000.c2lnbmF0dXJl&path=manifest.json';
    expect(redactUrlCredentials(url)).not.toContain('c2lnbmF0dXJl');
  });
});
