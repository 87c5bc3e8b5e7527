import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrCreateSigningKey, publicKeyFingerprint, verifySignature } from './signing.js';

describe('installation signing key', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vedetta-sign-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is created once (0600) and loaded again', () => {
    const a = loadOrCreateSigningKey(dir);
    const b = loadOrCreateSigningKey(dir);
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(statSync(path.join(dir, 'keys', 'signing-ed25519.pem')).mode & 0o777).toBe(0o600);
    expect(a.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(publicKeyFingerprint(a.publicKeyPem)).toBe(a.fingerprint);
  });

  it('makes raw 64-byte signatures that openssl verifies', () => {
    const key = loadOrCreateSigningKey(dir);
    const data = Buffer.from('{"number":"AQ-2026-000001"}\n');
    const sig = key.sign(data);
    expect(sig).toHaveLength(64);
    expect(verifySignature(key.publicKeyPem, data, sig)).toBe(true);
    expect(verifySignature(key.publicKeyPem, Buffer.from('altered'), sig)).toBe(false);
    expect(verifySignature('not a key', data, sig)).toBe(false);
    writeFileSync(path.join(dir, 'm.json'), data);
    writeFileSync(path.join(dir, 'm.sig'), sig);
    writeFileSync(path.join(dir, 'k.pem'), key.publicKeyPem);
    const out = execFileSync(
      'openssl',
      [
        'pkeyutl',
        '-verify',
        '-pubin',
        '-inkey',
        'k.pem',
        '-rawin',
        '-in',
        'm.json',
        '-sigfile',
        'm.sig',
      ],
      { cwd: dir },
    ).toString();
    expect(out).toContain('Signature Verified Successfully');
    expect(readFileSync(path.join(dir, 'k.pem'), 'utf8')).toBe(key.publicKeyPem);
  });
});
