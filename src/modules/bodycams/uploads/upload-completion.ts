import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../../../platform/clock.js';
import type { Db, Tx } from '../../../platform/db/database.js';
import { isoOrNull } from '../../../platform/db/database.js';
import { Conflict, NotFound } from '../../../platform/errors.js';
import { copyWithHash, verifyStored } from '../../../platform/files/copy-with-hash.js';
import type { JobQueue } from '../../../platform/jobs/job-queue.js';
import type { Logger } from '../../../platform/log/logger.js';
import type { Storage } from '../../../platform/storage/storage.js';
import type { AuditService } from '../../audit/audit.service.js';
import { SYSTEM_ACTOR } from '../../audit/audit.types.js';
import { actorOf, type AuthContext } from '../../auth/auth-context.js';
import type { DisciplinareService } from '../disciplinare/disciplinare.service.js';
import type { IngestPipeline } from '../ingest/ingest-pipeline.js';
import { declaredMtime, parseMetadata } from './tus-protocol.js';
import type { UploadsRepository } from './uploads.repository.js';
import type { BodycamUploadsTable, UploadStatus } from './uploads.tables.js';

export interface UploadView {
  id: string;
  serial: string;
  fileName: string;
  length: number;
  offset: number;
  status: UploadStatus;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  completedAt: string | null;
  outcome: string | null;
  reason: string | null;
  clipId: string | null;
}

/** Why an upload is in the list of those not ingested. */
export type NotIngestedKind = 'failed' | 'stale' | 'expired';

export interface NotIngestedView extends UploadView {
  kind: NotIngestedKind;
  updatedAt: string;
  /** Whether its data file is still in the uploads folder (the only copy of the footage). */
  fileKept: boolean;
}

/** A receiving upload with no progress for this long is listed as stale. */
export const STALE_UPLOAD_MS = 60 * 60_000;
/** Expired uploads are listed for this long after they expired. */
export const EXPIRED_LISTED_MS = 7 * 24 * 3_600_000;

/**
 * A resumable upload once its bytes are in (or abandoned): the ingest through the dock's pipeline,
 * the given-up ingest (failed, file kept), expiry of uploads without progress, the listing and the
 * start-up cleanup of data files no upload needs.
 */
export class UploadCompletion {
  constructor(
    private readonly d: {
      db: Db;
      repo: UploadsRepository;
      pipeline: IngestPipeline;
      storage: Storage;
      queue: JobQueue;
      disciplinare: DisciplinareService;
      audit: AuditService;
      clock: Clock;
      log: Logger;
      /** Where the uploads' data files are. */
      dir: string;
      /** Whether a PATCH of this upload is being written now (expiry leaves it alone). */
      isBusy: (id: string) => boolean;
    },
  ) {}

  private file(id: string): string {
    return path.join(this.d.dir, `${id}.bin`);
  }

  /** Removes data files no upload needs any more (a crash between two steps). */
  async recover(): Promise<number> {
    await mkdir(this.d.dir, { recursive: true });
    const live = await this.d.repo.liveIds();
    let removed = 0;
    for (const name of await readdir(this.d.dir)) {
      const id = name.endsWith('.bin') ? name.slice(0, -4) : null;
      if (id && live.has(id)) continue;
      await rm(path.join(this.d.dir, name), { force: true, recursive: true });
      removed++;
    }
    return removed;
  }

  /**
   * The ingest of a complete upload (the job's handler): the same pipeline as the dock folder.
   * A kept source (verification failed, storage error) throws, so that the job retries later.
   */
  async ingest(id: string): Promise<void> {
    let row = await this.d.repo.get(id);
    if (row?.status === 'failed') {
      // An administrator retried the given-up job: the kept file goes through the ingest again.
      await this.d.repo.update(id, { status: 'ingesting', updated_at: this.d.clock.now() });
      row = { ...row, status: 'ingesting' };
    }
    if (!row || row.status !== 'ingesting') return;
    await this.d.disciplinare.ensureSeeded();
    const file = this.file(id);
    const meta = parseMetadata(row.metadata);
    const when = declaredMtime(meta, Number(row.created_at));
    if (when.refused !== null) {
      this.d.log.warn(
        { upload: id, declared: when.refused.slice(0, 40) },
        'bodycam upload: declared lastModified out of range, the upload time is used',
      );
    }
    const mtimeMs = when.mtimeMs;
    await stat(file).catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new Error(`dati del caricamento ${id} mancanti`);
      }
      throw err;
    });
    const done = { removed: false };
    const result = await this.d.pipeline.ingest({
      origin: 'upload',
      serial: row.device_serial,
      name: row.file_name,
      path: file,
      bytes: Number(row.length),
      mtimeMs,
      sidecarDir: null,
      remove: async () => {
        // The row says "done" before the file goes: a crash in between leaves an orphan file
        // (removed on the next start), never an upload that points at nothing.
        await this.d.repo.update(id, { status: 'done', updated_at: this.d.clock.now() });
        done.removed = true;
        await rm(file, { force: true });
      },
    });
    await this.d.repo.update(id, {
      ...(done.removed && { status: 'done' as const }),
      outcome: result.outcome,
      reason: result.reason,
      clip_id: result.clipId,
      updated_at: this.d.clock.now(),
    });
    if (!done.removed) {
      throw new Error(`acquisizione del caricamento ${id} rimandata: ${result.reason ?? ''}`);
    }
  }

  /**
   * The ingest job was given up (its attempts ran out, or its worker died on the last one): the
   * upload becomes `failed` with the reason, in the transaction that marks the job dead, and is
   * audited. Its data file is kept, being the only copy of the footage: it is listed with
   * `status=failed`, expiry and the start-up cleanup leave it alone, and retrying the dead job
   * ingests it again.
   */
  async abandon(id: string, cause: string, tx: Tx): Promise<void> {
    const row = await this.d.repo.get(id, tx);
    if (row?.status !== 'ingesting') return;
    const now = this.d.clock.now();
    const reason =
      `acquisizione non riuscita dopo tutti i tentativi (${cause.slice(0, 300)}): il file ricevuto è conservato ` +
      `(${path.join('uploads', 'bodycam', `${id}.bin`)} nella cartella dati); riprovare o scartarlo (con un motivo) ` +
      'da Bodycam › Consegna e riconsegna, caricamenti non acquisiti';
    await this.d.repo.update(
      id,
      { status: 'failed', outcome: 'failed', reason, updated_at: now },
      tx,
    );
    await this.d.audit.record(tx, SYSTEM_ACTOR, {
      action: 'bodycam.upload.failed',
      objectType: 'bodycam_upload',
      objectId: id,
      reason: 'acquisizione del caricamento abbandonata dopo tutti i tentativi: file conservato',
      details: {
        serial: row.device_serial,
        file: row.file_name,
        length: Number(row.length),
        cause: cause.slice(0, 500),
        by: row.created_by_username,
      },
    });
    this.d.log.warn(
      { upload: id, cause },
      'bodycam upload ingest given up: upload failed, file kept',
    );
  }

  /**
   * Removes uploads with no progress past their expiry (the job). Only uploads still receiving
   * expire: a complete one (ingesting, or failed and kept for an administrator) never does.
   */
  async expire(): Promise<number> {
    const now = this.d.clock.now();
    let count = 0;
    for (const row of await this.d.repo.expired(now, 500)) {
      if (this.d.isBusy(row.id)) continue;
      const gone = await this.d.db.transaction().execute(async (tx) => {
        const fresh = await this.d.repo.get(row.id, tx);
        if (fresh?.status !== 'receiving' || Number(fresh.expires_at) > now) return false;
        await this.d.repo.update(row.id, { status: 'expired', updated_at: now }, tx);
        await this.d.audit.record(tx, SYSTEM_ACTOR, {
          action: 'bodycam.upload.expire',
          objectType: 'bodycam_upload',
          objectId: row.id,
          reason: 'caricamento incompleto scaduto per inattività',
          details: {
            serial: row.device_serial,
            file: row.file_name,
            received: Number(fresh.received),
            length: Number(fresh.length),
            by: row.created_by_username,
          },
        });
        return true;
      });
      if (!gone) continue;
      await rm(this.file(row.id), { force: true });
      count++;
    }
    if (count > 0) this.d.log.info({ uploads: count }, 'expired bodycam uploads removed');
    return count;
  }

  async list(q: { status?: UploadStatus | undefined; limit: number }): Promise<UploadView[]> {
    return (await this.d.repo.list(q)).map((r) => view(r));
  }

  private async fileKept(id: string): Promise<boolean> {
    return stat(this.file(id)).then(
      (s) => s.isFile(),
      () => false,
    );
  }

  /**
   * Uploads not ingested, for the operations room: failed (file kept), receiving with no
   * progress for an hour (stale), expired in the last week (file removed).
   */
  async notIngested(limit: number): Promise<NotIngestedView[]> {
    const now = this.d.clock.now();
    const rows = await this.d.repo.notIngested({
      staleBefore: now - STALE_UPLOAD_MS,
      expiredSince: now - EXPIRED_LISTED_MS,
      limit,
    });
    return Promise.all(
      rows.map(async (r) => ({
        ...view(r),
        kind: (r.status === 'failed'
          ? 'failed'
          : r.status === 'expired'
            ? 'expired'
            : 'stale') satisfies NotIngestedKind,
        updatedAt: isoOrNull(r.updated_at) ?? '',
        fileKept: r.status === 'expired' ? false : await this.fileKept(r.id),
      })),
    );
  }

  private async failed(id: string): Promise<BodycamUploadsTable> {
    const row = /^[0-9a-f]{32}$/.test(id) ? await this.d.repo.get(id) : undefined;
    if (!row) throw new NotFound('caricamento', id);
    if (row.status !== 'failed') {
      throw new Conflict(
        `caricamento non in stato «non riuscito» (stato: ${row.status})`,
        'upload_not_failed',
      );
    }
    if (!(await this.fileKept(id))) {
      throw new Conflict(
        `il file del caricamento non è più nella cartella dei caricamenti (${path.join('uploads', 'bodycam', `${id}.bin`)})`,
        'upload_file_missing',
      );
    }
    return row;
  }

  /**
   * An administrator retries a failed upload's ingest: it goes back to `ingesting` and a new
   * ingest job runs the same per-file pipeline on the kept file (audited).
   */
  async retry(auth: AuthContext, id: string): Promise<void> {
    return this.alone(id, () => this.retryNow(auth, id));
  }

  private async retryNow(auth: AuthContext, id: string): Promise<void> {
    const row = await this.failed(id);
    const now = this.d.clock.now();
    await this.d.db.transaction().execute(async (tx) => {
      const moved = await this.d.repo.transition(
        id,
        'failed',
        { status: 'ingesting', outcome: null, reason: null, updated_at: now },
        tx,
      );
      if (!moved) throw new Conflict('caricamento già ripreso o scartato', 'upload_not_failed');
      await this.d.queue.enqueue(
        'bodycams.upload-ingest',
        { uploadId: id },
        { uniqueKey: `bodycams.upload-ingest:${id}:retry:${now}` },
        tx,
      );
      await this.d.audit.record(tx, actorOf(auth), {
        action: 'bodycam.upload.retry',
        objectType: 'bodycam_upload',
        objectId: id,
        details: {
          serial: row.device_serial,
          file: row.file_name,
          length: Number(row.length),
          previousReason: row.reason?.slice(0, 500) ?? null,
        },
      });
    });
  }

  /**
   * An administrator discards a failed upload with a reason: the footage is never dropped but
   * moved, verified, into quarantine in storage (like the dock's unusable files), written to
   * the ingest log and audited with who and why; only then is the upload's own file removed.
   */
  async discard(auth: AuthContext, id: string, reason: string): Promise<{ storageKey: string }> {
    return this.alone(id, () => this.discardNow(auth, id, reason));
  }

  /** Failed uploads an administrator is acting on in this process (retry or discard). */
  private readonly acting = new Set<string>();

  private async alone<T>(id: string, fn: () => Promise<T>): Promise<T> {
    if (this.acting.has(id)) {
      throw new Conflict('un’altra operazione è in corso su questo caricamento', 'upload_busy');
    }
    this.acting.add(id);
    try {
      return await fn();
    } finally {
      this.acting.delete(id);
    }
  }

  private async discardNow(
    auth: AuthContext,
    id: string,
    reason: string,
  ): Promise<{ storageKey: string }> {
    const row = await this.failed(id);
    const file = this.file(id);
    const tmp = path.join(this.d.dir, `${id}.quarantine.part`);
    const serial = row.device_serial.replace(/[^\w.-]/g, '_');
    try {
      const copied = await copyWithHash(file, tmp);
      const key = `bodycams/quarantine/${serial}/${copied.sha256.slice(0, 16)}-${row.file_name.replace(/[^\w.-]/g, '_')}`;
      await this.d.storage.adopt(key, tmp);
      const stored = await verifyStored(this.d.storage, key);
      if (stored.sha256 !== copied.sha256 || stored.bytes !== copied.bytes) {
        await this.d.storage.delete(key);
        throw new Conflict(
          'la copia in quarantena non corrisponde al file ricevuto: file conservato, riprovare',
          'upload_quarantine_unverified',
        );
      }
      const now = this.d.clock.now();
      const logReason = `caricamento scartato da ${auth.username}: ${reason}`;
      const moved = await this.d.db.transaction().execute(async (tx) => {
        const ok = await this.d.repo.transition(
          id,
          'failed',
          { status: 'done', outcome: 'quarantined', reason: logReason, updated_at: now },
          tx,
        );
        if (!ok) return false;
        await this.d.pipeline.logOutcome(
          { serial: row.device_serial, name: row.file_name, bytes: copied.bytes },
          'quarantined',
          logReason,
          copied.sha256,
          null,
          key,
          tx,
        );
        await this.d.audit.record(tx, actorOf(auth), {
          action: 'bodycam.upload.discard',
          objectType: 'bodycam_upload',
          objectId: id,
          reason,
          details: {
            serial: row.device_serial,
            file: row.file_name,
            bytes: copied.bytes,
            sha256: copied.sha256,
            storageKey: key,
            uploadedBy: row.created_by_username,
          },
        });
        return true;
      });
      if (!moved) {
        // Another request retried or discarded it meanwhile: a quarantine copy of the same bytes
        // under the same key is what a discard would leave, a retry's ingest needs none.
        const fresh = await this.d.repo.get(id);
        if (fresh?.outcome !== 'quarantined') await this.d.storage.delete(key);
        throw new Conflict('caricamento già ripreso o scartato', 'upload_not_failed');
      }
      await rm(file, { force: true });
      this.d.log.warn(
        { upload: id, by: auth.username, key },
        'bodycam upload discarded into quarantine',
      );
      return { storageKey: key };
    } finally {
      await rm(tmp, { force: true });
    }
  }
}

function view(r: BodycamUploadsTable): UploadView {
  return {
    id: r.id,
    serial: r.device_serial,
    fileName: r.file_name,
    length: Number(r.length),
    offset: Number(r.received),
    status: r.status,
    createdBy: r.created_by_username,
    createdAt: isoOrNull(r.created_at) ?? '',
    expiresAt: isoOrNull(r.expires_at) ?? '',
    completedAt: isoOrNull(r.completed_at),
    outcome: r.outcome,
    reason: r.reason,
    clipId: r.clip_id,
  };
}
