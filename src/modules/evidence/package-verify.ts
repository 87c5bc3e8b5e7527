import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { publicKeyFingerprint, verifySignature } from '../../platform/crypto/signing.js';
import { hashFile } from '../../platform/files/copy-with-hash.js';
import { openZip } from '../../platform/zip/zip-reader.js';
import { MANIFEST_FORMAT, parseChecksums } from './manifest.js';

export interface VerifyCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface VerifyResult {
  ok: boolean;
  number: string | null;
  checks: VerifyCheck[];
  /** What failed, one line each (empty when ok). */
  problems: string[];
}

interface PackageSource {
  names(): string[];
  open(name: string): Promise<Readable>;
  /** SHA-256 and size of one file, when the source can do better than reading `open`'s stream. */
  hash?(name: string): Promise<{ sha256: string; bytes: number }>;
  close(): void;
}

async function folderSource(root: string): Promise<PackageSource> {
  const names: string[] = [];
  const walk = async (dir: string) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile()) names.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  await walk(root);
  return {
    names: () => names,
    open: (name) => Promise.resolve(createReadStream(path.join(root, ...name.split('/')))),
    // A folder's files are hashed in the file pool's worker threads, side by side.
    hash: (name) => hashFile(path.join(root, ...name.split('/'))),
    close: () => undefined,
  };
}

async function zipSource(file: string): Promise<PackageSource> {
  const zip = await openZip(file);
  // A package ZIP holds one folder named after the evidence number: look inside it.
  const all = zip.names();
  const tops = new Set(all.map((n) => n.split('/')[0]));
  const prefix = tops.size === 1 && all.every((n) => n.includes('/')) ? `${[...tops][0]}/` : '';
  return {
    names: () => all.map((n) => n.slice(prefix.length)),
    open: (name) => zip.open(prefix + name),
    close: () => zip.close(),
  };
}

async function digest(stream: Readable): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

async function readAll(stream: Readable, max = 64 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const chunk of stream) {
    n += (chunk as Buffer).length;
    if (n > max) throw new Error('file troppo grande');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

interface ManifestShape {
  format?: string;
  number?: string;
  files?: ManifestFile[];
  signature?: { publicKeySha256?: string };
}

interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
}

/**
 * Verifies an evidence package offline (a folder or its ZIP): every file against SHA256SUMS,
 * no file left out of it, the Ed25519 signature of manifest.json with public-key.pem (and,
 * when given, that this key is the expected one), and the manifest's file list against the
 * files themselves. Names every failure.
 */
export async function verifyPackage(
  target: string,
  opts: { expectedFingerprint?: string } = {},
): Promise<VerifyResult> {
  const checks: VerifyCheck[] = [];
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  const info = await stat(target);
  const source = info.isDirectory() ? await folderSource(target) : await zipSource(target);
  let number: string | null = null;
  try {
    const names = new Set(source.names());
    const hashes = new Map<string, { sha256: string; bytes: number }>();
    const hashOf = async (name: string) => {
      let h = hashes.get(name);
      if (!h) {
        h = source.hash ? await source.hash(name) : await digest(await source.open(name));
        hashes.set(name, h);
      }
      return h;
    };

    // 1. SHA256SUMS covers every other file, and every file matches it.
    if (!names.has('SHA256SUMS')) {
      check('SHA256SUMS', false, 'SHA256SUMS mancante');
    } else {
      const sums = parseChecksums(
        (await readAll(await source.open('SHA256SUMS'))).toString('utf8'),
      );
      for (const line of sums.bad)
        check('SHA256SUMS', false, `riga non valida: ${line.slice(0, 80)}`);
      const listed = new Set<string>();
      // Files a folder holds are hashed side by side first (the pool's workers share the cores).
      if (source.hash) {
        await Promise.all(sums.entries.filter((e) => names.has(e.path)).map((e) => hashOf(e.path)));
      }
      for (const e of sums.entries) {
        listed.add(e.path);
        if (!names.has(e.path)) {
          check(`sha256:${e.path}`, false, `${e.path}: mancante`);
          continue;
        }
        const h = await hashOf(e.path);
        check(
          `sha256:${e.path}`,
          h.sha256 === e.sha256,
          h.sha256 === e.sha256
            ? `${e.path}: OK`
            : `${e.path}: impronta SHA-256 diversa da SHA256SUMS (file alterato)`,
        );
      }
      for (const n of names) {
        if (n !== 'SHA256SUMS' && !listed.has(n))
          check(`sha256:${n}`, false, `${n}: non elencato in SHA256SUMS`);
      }
      if (sums.entries.length === 0) check('SHA256SUMS', false, 'SHA256SUMS vuoto');
    }

    // 2. The signature of manifest.json, with the package's public key.
    const has = (n: string) => names.has(n);
    if (!has('manifest.json') || !has('manifest.sig') || !has('public-key.pem')) {
      for (const n of ['manifest.json', 'manifest.sig', 'public-key.pem']) {
        if (!has(n)) check('firma', false, `${n} mancante`);
      }
      return finish();
    }
    const manifestBytes = await readAll(await source.open('manifest.json'));
    const signature = await readAll(await source.open('manifest.sig'));
    const pem = (await readAll(await source.open('public-key.pem'))).toString('utf8');
    const signed = verifySignature(pem, manifestBytes, signature);
    check(
      'firma',
      signed,
      signed
        ? 'firma Ed25519 di manifest.json valida'
        : 'firma di manifest.json NON valida (manifest o firma alterati, o chiave diversa)',
    );
    let fingerprint: string | null = null;
    try {
      fingerprint = publicKeyFingerprint(pem);
    } catch {
      check('chiave', false, 'public-key.pem non è una chiave pubblica valida');
    }
    if (fingerprint && opts.expectedFingerprint) {
      const same = fingerprint === opts.expectedFingerprint.toLowerCase().replace(/[^0-9a-f]/g, '');
      check(
        'chiave',
        same,
        same
          ? 'chiave pubblica: quella attesa'
          : `chiave pubblica diversa da quella attesa (${fingerprint})`,
      );
    }

    // 3. The manifest's own list of files.
    let manifest: ManifestShape | null = null;
    try {
      manifest = JSON.parse(manifestBytes.toString('utf8')) as ManifestShape;
    } catch {
      check('manifest', false, 'manifest.json non è JSON valido');
    }
    if (manifest) {
      number = typeof manifest.number === 'string' ? manifest.number : null;
      check(
        'manifest',
        manifest.format === MANIFEST_FORMAT,
        manifest.format === MANIFEST_FORMAT
          ? `formato ${MANIFEST_FORMAT}`
          : `formato sconosciuto: ${String(manifest.format)}`,
      );
      if (fingerprint && manifest.signature?.publicKeySha256 !== fingerprint) {
        check(
          'chiave',
          false,
          'l’impronta della chiave nel manifest non corrisponde a public-key.pem',
        );
      }
      const files = Array.isArray(manifest.files) ? manifest.files : [];
      if (files.length === 0) check('manifest', false, 'il manifest non elenca alcun file');
      for (const f of files) {
        if (!names.has(f.path)) {
          check(`manifest:${f.path}`, false, `${f.path}: elencato nel manifest ma mancante`);
          continue;
        }
        const h = await hashOf(f.path);
        const ok = h.sha256 === f.sha256 && h.bytes === f.bytes;
        check(
          `manifest:${f.path}`,
          ok,
          ok
            ? `${f.path}: come nel manifest`
            : `${f.path}: dimensione o impronta diverse da quelle del manifest`,
        );
      }
    }
    return finish();
  } finally {
    source.close();
  }

  function finish(): VerifyResult {
    const problems = checks.filter((c) => !c.ok).map((c) => c.detail);
    return { ok: problems.length === 0 && checks.length > 0, number, checks, problems };
  }
}
