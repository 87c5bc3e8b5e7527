import { Secret, TOTP } from 'otpauth';

const PERIOD_S = 30;

function totpFor(secretBase32: string, label = 'vedetta'): TOTP {
  return new TOTP({
    issuer: 'Vedetta',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_S,
    secret: Secret.fromBase32(secretBase32),
  });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function otpauthUrl(secretBase32: string, username: string): string {
  return totpFor(secretBase32, username).toString();
}

/**
 * Checks a code against the secret, allowing one step of clock drift either way. Returns the
 * time step the code belongs to, so that the caller can refuse a code already used (replay).
 */
export function matchTotp(secretBase32: string, code: string, nowMs: number): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpFor(secretBase32).validate({ token, timestamp: nowMs, window: 1 });
  if (delta === null) return null;
  return Math.floor(nowMs / 1000 / PERIOD_S) + delta;
}

/** The code valid at a given instant (for tests and the CLI). */
export function totpCodeAt(secretBase32: string, nowMs: number): string {
  return totpFor(secretBase32).generate({ timestamp: nowMs });
}
