import path from 'node:path';
import type { Readable } from 'node:stream';
import type { SigningKey } from '../../platform/crypto/signing.js';
import type { Storage } from '../../platform/storage/storage.js';
import type { WindowGap } from './clip-plan.js';
import { buildChecksums, buildManifest, buildReadme, type ManifestInput } from './manifest.js';
import type { BuildOptions, BuiltPackage, StoredPackageFile } from './package-builder.js';
import { syncDir } from './package-files.js';
import { renderVerbale } from './verbale.js';

/**
 * The documents of a package around its media: verbale, public key, LEGGIMI, the signed
 * manifest and SHA256SUMS; then the folders' names are made durable.
 */
export async function writePackageDocuments(
  d: { storage: Storage; signing: SigningKey },
  input: Omit<ManifestInput, 'actual' | 'files' | 'gaps' | 'publicKeyFingerprint'>,
  prefix: string,
  actual: { from: number; to: number },
  gaps: WindowGap[],
  media: StoredPackageFile[],
  put: (
    key: string,
    source: Readable | Buffer,
    counted: boolean,
  ) => Promise<{ bytes: number; sha256: string }>,
  opts: BuildOptions,
): Promise<BuiltPackage> {
  const { storage } = d;
  const fingerprint = d.signing.fingerprint;
  const base: Omit<ManifestInput, 'files'> = {
    id: input.id,
    number: input.number,
    createdAt: input.createdAt,
    softwareVersion: input.softwareVersion,
    camera: input.camera,
    ...(input.bodycam && { bodycam: input.bodycam }),
    requested: input.requested,
    actual,
    operator: input.operator,
    request: input.request,
    caseRef: input.caseRef,
    reason: input.reason,
    gaps,
    publicKeyFingerprint: fingerprint,
  };

  const small = async (
    rel: string,
    kind: StoredPackageFile['kind'],
    mediaType: string,
    data: Buffer | Readable,
  ) => {
    const key = `${prefix}/${rel}`;
    const stored = await put(key, data, false);
    const file: StoredPackageFile = {
      path: rel,
      kind,
      bytes: stored.bytes,
      sha256: stored.sha256,
      mediaType,
      storageKey: key,
    };
    return file;
  };

  // Independent of each other: written (each with its fsync) side by side; all of them have
  // settled before a failure is thrown, so the cleanup never races a write still going.
  const docs = await Promise.allSettled([
    small('verbale.pdf', 'verbale', 'application/pdf', renderVerbale({ ...base, files: media })),
    small(
      'public-key.pem',
      'public_key',
      'application/x-pem-file',
      Buffer.from(d.signing.publicKeyPem),
    ),
    small(
      'LEGGIMI.txt',
      'readme',
      'text/plain; charset=utf-8',
      Buffer.from(buildReadme(input.number, fingerprint, input.bodycam ?? null)),
    ),
  ]);
  const failed = docs.find((d) => d.status === 'rejected');
  if (failed) throw failed.reason;
  const [verbale, publicKey, readme] = docs.map(
    (d) => (d as PromiseFulfilledResult<StoredPackageFile>).value,
  ) as [StoredPackageFile, StoredPackageFile, StoredPackageFile];
  const manifestText = Buffer.from(
    buildManifest({ ...base, files: [...media, verbale, publicKey, readme] }),
  );
  const manifest = await small('manifest.json', 'manifest', 'application/json', manifestText);
  const signature = await small(
    'manifest.sig',
    'signature',
    'application/octet-stream',
    d.signing.sign(manifestText),
  );
  const listed = [...media, verbale, publicKey, readme, manifest, signature];
  const sums = await small(
    'SHA256SUMS',
    'checksums',
    'text/plain; charset=utf-8',
    Buffer.from(buildChecksums(listed)),
  );
  const files = [...listed, sums];
  // The names (links, renames) are made durable once, folder by folder.
  const folder = storage.localPath(`${prefix}/x`);
  if (folder) {
    const dir = path.dirname(folder);
    await Promise.all(
      [dir, path.join(dir, 'clip'), path.join(dir, 'originali')].map((d) =>
        // A bodycam package has no originali/ folder.
        syncDir(d).catch((err: unknown) => {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        }),
      ),
    );
  }
  opts.onProgress?.(1, 'registrazione');
  return {
    prefix,
    files,
    manifestSha256: manifest.sha256,
    actual,
    gaps,
    totalBytes: files.reduce((n, f) => n + f.bytes, 0),
  };
}
