import { describe, expect, it } from 'vitest';
import { matchTotp, newTotpSecret, totpCodeAt } from './totp.js';
import { LoginThrottle } from './login-throttle.js';

describe('TOTP', () => {
  const secret = newTotpSecret();
  const now = Date.UTC(2026, 10, 23, 9, 0, 10);

  it('accepts the current code and one step of drift, and returns its time step', () => {
    const step = Math.floor(now / 30_000);
    expect(matchTotp(secret, totpCodeAt(secret, now), now)).toBe(step);
    expect(matchTotp(secret, totpCodeAt(secret, now - 30_000), now)).toBe(step - 1);
    expect(matchTotp(secret, totpCodeAt(secret, now + 30_000), now)).toBe(step + 1);
  });

  it('refuses old codes and malformed input', () => {
    expect(matchTotp(secret, totpCodeAt(secret, now - 120_000), now)).toBeNull();
    expect(matchTotp(secret, 'abcdef', now)).toBeNull();
    expect(matchTotp(secret, '12345', now)).toBeNull();
  });
});

describe('LoginThrottle', () => {
  it('limits attempts per address in a sliding minute', () => {
    const t = new LoginThrottle(3);
    expect([t.hit('a', 0), t.hit('a', 1000), t.hit('a', 2000)]).toEqual([0, 0, 0]);
    expect(t.hit('a', 3000)).toBe(57);
    expect(t.hit('b', 3000)).toBe(0);
    expect(t.hit('a', 60_001)).toBe(0);
  });
});
