import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../../../platform/clock.js';
import type { Db, Tx } from '../../../platform/db/database.js';
import { isoOrNull } from '../../../platform/db/database.js';
import type { Logger } from '../../../platform/log/logger.js';
import type { AuditService } from '../../audit/audit.service.js';
import { SYSTEM_ACTOR } from '../../audit/audit.types.js';
import type { DisciplinareService } from '../disciplinare/disciplinare.service.js';
import type { IngestPipeline } from '../ingest/ingest-pipeline.js';
import { declaredMtime, parseMetadata } from './tus-protocol.js';
import type { UploadsRepository } from './uploads.repository.js';
import type { UploadStatus } from './uploads.tables.js';

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
      `(${path.join('uploads', 'bodycam', `${id}.bin`)} nella cartella dati); ripetere il job bodycams.upload-ingest ` +
      'dalla pagina dei job o acquisirlo a mano';
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
    return (await this.d.repo.list(q)).map((r) => ({
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
    }));
  }
}
