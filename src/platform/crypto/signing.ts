import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The installation's Ed25519 signing key: it signs evidence manifests (and, later, audit
 * anchors). The private key never leaves `<dataDir>/keys/signing-ed25519.pem` (PKCS#8, 0600);
 * the public key is published as SPKI PEM so that anyone can check a signature with openssl.
 */
export class SigningKey {
  readonly publicKeyPem: string;
  /** SHA-256 of the public key's DER (SPKI) encoding, hex: names the key in manifests and reports. */
  readonly fingerprint: string;

  constructor(private readonly privateKey: KeyObject) {
    if (privateKey.asymmetricKeyType !== 'ed25519')
      throw new Error('the signing key must be Ed25519');
    const publicKey = createPublicKey(privateKey);
    this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.fingerprint = publicKeyFingerprint(publicKey);
  }

  /** The raw 64-byte Ed25519 signature of `data` (what `openssl pkeyutl -rawin` checks). */
  sign(data: Buffer): Buffer {
    return sign(null, data, this.privateKey);
  }
}

export function publicKeyFingerprint(publicKey: KeyObject | string): string {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  return createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** Checks a raw Ed25519 signature against an SPKI PEM public key; false for any malformed input. */
export function verifySignature(publicKeyPem: string, data: Buffer, signature: Buffer): boolean {
  try {
    const key = createPublicKey(publicKeyPem);
    if (key.asymmetricKeyType !== 'ed25519' || signature.length !== 64) return false;
    return verify(null, data, key, signature);
  } catch {
    return false;
  }
}

export const SIGNING_KEY_FILE = 'signing-ed25519.pem';

/** Loads `<dataDir>/keys/signing-ed25519.pem`, creating it (0600) on first use. */
export function loadOrCreateSigningKey(dataDir: string): SigningKey {
  const dir = path.join(dataDir, 'keys');
  const file = path.join(dir, SIGNING_KEY_FILE);
  if (existsSync(file)) return new SigningKey(createPrivateKey(readFileSync(file, 'utf8')));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  try {
    // 'wx': another process (a CLI beside the server) may have created it in the meantime.
    writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
  } catch (err: unknown) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateSigningKey(dataDir);
    throw err;
  }
  chmodSync(file, 0o600);
  return new SigningKey(privateKey);
}
