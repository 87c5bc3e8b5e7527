import { orderedId } from './ordered-id.js';
import type { Readable } from 'node:stream';
import type { Clock } from '../../platform/clock.js';
import type { SigningKey } from '../../platform/crypto/signing.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { fromFlag, fromJson, isoOrNull, toFlag, toJson } from '../../platform/db/database.js';
import { NotFound, ValidationFailed } from '../../platform/errors.js';
import type { Storage } from '../../platform/storage/storage.js';
import { zipStream } from '../../platform/zip/zip-stream.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AuditActor } from '../audit/audit.types.js';
import { ALL_CAMERAS, type CameraViewer, type CamerasService } from '../cameras/cameras.service.js';
import type { CustodyRow, EvidenceRepository, EvidenceRow } from './evidence.repository.js';
import type {
  CustodyEvent,
  EvidenceDetail,
  EvidenceSearchQuery,
  EvidenceSummary,
  RetentionInput,
} from './evidence.schemas.js';

/** Who touches evidence, with the address they came from. */
export interface EvidenceReader {
  actor: AuditActor;
  viewer: CameraViewer;
}

export function toSummary(r: EvidenceRow): EvidenceSummary {
  return {
    id: r.id,
    number: r.number,
    cameraId: r.camera_id,
    cameraCode: r.camera_code,
    cameraName: r.camera_name,
    requested: {
      from: isoOrNull(r.requested_from_ms) ?? '',
      to: isoOrNull(r.requested_to_ms) ?? '',
    },
    actual: { from: isoOrNull(r.actual_from_ms) ?? '', to: isoOrNull(r.actual_to_ms) ?? '' },
    reason: r.reason,
    requestId: r.request_id,
    requestNumber: r.request_number,
    caseRef: r.case_ref,
    operator: { username: r.operator_username, name: r.operator_name },
    totalBytes: Number(r.total_bytes),
    gaps: fromJson<Array<{ from: string; to: string; cause: string }>>(r.gaps) ?? [],
    manifestSha256: r.manifest_sha256,
    keyFingerprint: r.key_fingerprint,
    retainUntil: isoOrNull(r.retain_until),
    legalHold: fromFlag(r.legal_hold),
    legalHoldReason: r.legal_hold_reason,
    createdAt: isoOrNull(r.created_at) ?? '',
  };
}

const toCustody = (c: CustodyRow): CustodyEvent => ({
  at: isoOrNull(c.at) ?? '',
  action: c.action,
  actor: c.actor_username,
  ip: c.ip,
  reason: c.reason,
  recipient: c.recipient,
  details: fromJson<Record<string, unknown>>(c.details),
});

/**
 * The evidence register (E4): search, detail with files, hashes and chain of custody, and
 * downloads. Evidence is immutable: nothing here replaces or alters a file. Every view and
 * download writes a custody row and an audit entry in one transaction, before any byte is sent.
 */
export class EvidenceService {
  constructor(
    private readonly d: {
      db: Db;
      repo: EvidenceRepository;
      audit: AuditService;
      clock: Clock;
      cameras: CamerasService;
      storage: Storage;
      signing: SigningKey;
    },
  ) {}

  publicKey() {
    return {
      algorithm: 'Ed25519' as const,
      publicKeyPem: this.d.signing.publicKeyPem,
      fingerprintSha256: this.d.signing.fingerprint,
    };
  }

  async list(
    query: EvidenceSearchQuery,
    viewer: CameraViewer = ALL_CAMERAS,
  ): Promise<EvidenceSummary[]> {
    const rows = await this.d.repo.searchItems({
      ...(query.cameraId && { cameraId: query.cameraId }),
      ...(query.requestId && { requestId: query.requestId }),
      ...(query.from && { from: Date.parse(query.from) }),
      ...(query.to && { to: Date.parse(query.to) }),
      ...(query.q && { q: query.q }),
      limit: query.limit,
      offset: query.offset,
    });
    if (viewer.cameraGroups === null) return rows.map(toSummary);
    const visible = new Set((await this.d.cameras.list(viewer)).map((c) => c.id));
    return rows.filter((r) => visible.has(r.camera_id)).map(toSummary);
  }

  /** The item with its files and custody; the viewing itself is recorded first. */
  async get(who: EvidenceReader, id: string, reason?: string): Promise<EvidenceDetail> {
    const item = await this.require(who, id);
    await this.custody(who.actor, item, 'view', reason ?? null, {});
    const [files, custody] = await Promise.all([
      this.d.repo.files(item.id),
      this.d.repo.custody(item.id),
    ]);
    return {
      ...toSummary(item),
      files: files.map((f) => ({
        path: f.path,
        kind: f.kind,
        bytes: Number(f.bytes),
        sha256: f.sha256,
        mediaType: f.media_type,
      })),
      custody: custody.map(toCustody),
    };
  }

  /** The whole package as a ZIP (folder `<number>/`), streamed; the download is recorded first. */
  async packageZip(
    who: EvidenceReader,
    id: string,
    reason: string,
  ): Promise<{ stream: Readable; bytes: number; fileName: string }> {
    const item = await this.require(who, id);
    const files = await this.d.repo.files(item.id);
    await this.custody(who.actor, item, 'download', reason, { format: 'zip', files: files.length });
    const { stream, bytes } = await zipStream(
      files.map((f) => ({
        name: `${item.number}/${f.path}`,
        bytes: Number(f.bytes),
        open: () => this.d.storage.get(f.storage_key),
      })),
      new Date(item.created_at),
    );
    return { stream, bytes, fileName: `${item.number}.zip` };
  }

  /** Every file of the package, to copy it out (the CLI); the copy is recorded first. */
  async packageFiles(
    who: EvidenceReader,
    id: string,
    reason: string,
  ): Promise<
    Array<{
      path: string;
      bytes: number;
      sha256: string;
      /** The stored file itself when storage is local (copied without a stream), else null. */
      localPath: string | null;
      open: () => Promise<Readable>;
    }>
  > {
    const item = await this.require(who, id);
    const files = await this.d.repo.files(item.id);
    await this.custody(who.actor, item, 'download', reason, {
      format: 'folder',
      files: files.length,
    });
    return files.map((f) => ({
      path: f.path,
      bytes: Number(f.bytes),
      sha256: f.sha256,
      localPath: this.d.storage.localPath(f.storage_key),
      open: () => this.d.storage.get(f.storage_key),
    }));
  }

  /** One file of the package; the download is recorded first. */
  async file(
    who: EvidenceReader,
    id: string,
    path: string,
    reason: string,
  ): Promise<{ stream: Readable; bytes: number; mediaType: string; fileName: string }> {
    const item = await this.require(who, id);
    const file = (await this.d.repo.files(item.id)).find((f) => f.path === path);
    if (!file) throw new NotFound('file del reperto', path);
    await this.custody(who.actor, item, 'download_file', reason, { path, sha256: file.sha256 });
    return {
      stream: await this.d.storage.get(file.storage_key),
      bytes: Number(file.bytes),
      mediaType: file.media_type,
      fileName: path.split('/').pop() ?? path,
    };
  }

  /** Evidence retention and legal hold, independent of the camera's retention. */
  async setRetention(
    who: EvidenceReader,
    id: string,
    input: RetentionInput,
  ): Promise<EvidenceSummary> {
    const item = await this.require(who, id);
    const retainUntil = input.retainUntil ? Date.parse(input.retainUntil) : null;
    if (retainUntil !== null && retainUntil <= this.d.clock.now()) {
      throw new ValidationFailed('la data di conservazione è già passata');
    }
    await this.d.db.transaction().execute(async (tx) => {
      await this.d.repo.updateItemRetention(
        item.id,
        {
          retain_until: retainUntil,
          legal_hold: toFlag(input.legalHold),
          legal_hold_reason: input.legalHold ? input.reason : null,
        },
        tx,
      );
      await this.custodyIn(tx, who.actor, item, 'retention', input.reason, {
        retainUntil: input.retainUntil,
        legalHold: input.legalHold,
        before: { retainUntil: isoOrNull(item.retain_until), legalHold: fromFlag(item.legal_hold) },
      });
    });
    const updated = await this.d.repo.findItem(item.id);
    if (!updated) throw new NotFound('reperto', id);
    return toSummary(updated);
  }

  private async require(who: EvidenceReader, id: string): Promise<EvidenceRow> {
    const item = await this.d.repo.findItem(id);
    if (!item) throw new NotFound('reperto', id);
    if (who.viewer.cameraGroups !== null) {
      const visible = (await this.d.cameras.list(who.viewer)).some((c) => c.id === item.camera_id);
      if (!visible) throw new NotFound('reperto', id);
    }
    return item;
  }

  private custody(
    actor: AuditActor,
    item: EvidenceRow,
    action: string,
    reason: string | null,
    details: Record<string, unknown>,
    recipient: string | null = null,
  ): Promise<void> {
    return this.d.db
      .transaction()
      .execute((tx) => this.custodyIn(tx, actor, item, action, reason, details, recipient));
  }

  /** A custody row and its audit entry, in the caller's transaction. */
  async custodyIn(
    tx: Tx,
    actor: AuditActor,
    item: Pick<EvidenceRow, 'id' | 'number' | 'case_ref' | 'request_number'>,
    action: string,
    reason: string | null,
    details: Record<string, unknown>,
    recipient: string | null = null,
  ): Promise<void> {
    await this.d.repo.addCustody(
      {
        id: orderedId(this.d.clock.now()),
        evidence_id: item.id,
        at: this.d.clock.now(),
        action,
        actor_id: actor.userId,
        actor_username: actor.username,
        ip: actor.ip,
        reason,
        recipient,
        details: toJson(details),
      },
      tx,
    );
    await this.d.audit.record(tx, actor, {
      action: `evidence.${action}`,
      objectType: 'evidence',
      objectId: item.id,
      reason,
      caseRef: item.case_ref ?? item.request_number,
      recipient,
      details: { number: item.number, ...details },
    });
  }
}
