import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Clock } from '../../../platform/clock.js';
import type { Db, Tx } from '../../../platform/db/database.js';
import { AppError, BadRequest, Conflict, NotFound } from '../../../platform/errors.js';
import type { JobQueue } from '../../../platform/jobs/job-queue.js';
import type { Logger } from '../../../platform/log/logger.js';
import type { Storage } from '../../../platform/storage/storage.js';
import type { AuditService } from '../../audit/audit.service.js';
import { actorOf, type AuthContext } from '../../auth/auth-context.js';
import type { DisciplinareService } from '../disciplinare/disciplinare.service.js';
import { VIDEO, type IngestPipeline } from '../ingest/ingest-pipeline.js';
import { declaration, OFFSET_CONTENT_TYPE, parseChecksum, parseMetadata } from './tus-protocol.js';
import {
  creationSpaceProblem,
  InsufficientStorage,
  SPACE_CHECK_EVERY,
  writeSpaceProblem,
} from './upload-space.js';
import { UploadCompletion, type NotIngestedView, type UploadView } from './upload-completion.js';
import type { UploadsRepository } from './uploads.repository.js';
import type { BodycamUploadsTable, UploadStatus } from './uploads.tables.js';

export type { NotIngestedView, UploadView } from './upload-completion.js';

export interface UploadSettings {
  /** Where the bytes of uploads in progress live (same disk as storage: the ingest renames). */
  dir: string;
  /** Largest Upload-Length accepted. */
  maxBytes: number;
  /** An upload with no progress for this long expires and is removed. */
  expireMs: number;
  /** Free bytes that uploads must leave on the disk (the free-space guard's minimum). */
  minFreeBytes: number;
  /** Uploads one account may have receiving at once. */
  maxLivePerAccount: number;
}

export interface UploadState {
  offset: number;
  length: number;
  metadata: string;
  expiresAt: number | null;
}

/** Makes a new name in a folder durable. */
async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Bytes are written to disk in runs of about this size (fewer syscalls than per HTTP chunk). */
const WRITE_RUN = 1024 * 1024;

export class UploadTooLarge extends AppError {
  constructor(message: string) {
    super('upload_too_large', 413, message);
  }
}

/**
 * Resumable bodycam uploads (tus 1.0.0, issue 8 §4) for docking PCs on unstable links. Each
 * PATCH appends to the upload's file and is acknowledged only once fsynced and recorded, so the
 * offset a client reads from HEAD survives a crash or a restart. A complete upload is handed,
 * through a durable job, to the same per-file ingest as the dock folder. Uploads with no
 * progress expire and are removed by a job.
 */
export class TusUploadService {
  /** Uploads with a PATCH in progress in this process. */
  private readonly busy = new Set<string>();

  constructor(
    private readonly d: {
      db: Db;
      repo: UploadsRepository;
      pipeline: IngestPipeline;
      storage: Storage;
      disciplinare: DisciplinareService;
      audit: AuditService;
      queue: JobQueue;
      clock: Clock;
      log: Logger;
      settings: UploadSettings;
      /** Free bytes on the disk the uploads are written to; null when it cannot be read. */
      freeBytes: () => Promise<number | null>;
    },
  ) {
    this.completion = new UploadCompletion({
      ...d,
      dir: d.settings.dir,
      isBusy: (id) => this.busy.has(id),
    });
  }

  /** What happens once the bytes are in: ingest, failure, expiry, listing, start-up cleanup. */
  private readonly completion: UploadCompletion;

  /** Creations run one at a time: the space and per-account checks hold until the row is in. */
  private creating: Promise<unknown> = Promise.resolve();

  private oneAtATime<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.creating.then(fn, fn);
    this.creating = run.catch(() => undefined);
    return run;
  }

  /** Refuses (507) when writing `incoming` more bytes would leave less than the minimum free. */
  private async ensureRoom(id: string, incoming: number): Promise<void> {
    const problem = writeSpaceProblem({
      free: await this.d.freeBytes(),
      incoming,
      minFree: this.d.settings.minFreeBytes,
    });
    if (problem) {
      this.d.log.warn({ upload: id, incoming }, 'bodycam upload stopped: disk space');
      throw new InsufficientStorage(problem);
    }
  }

  get maxBytes(): number {
    return this.d.settings.maxBytes;
  }

  private file(id: string): string {
    return path.join(this.d.settings.dir, `${id}.bin`);
  }

  /** POST (creation): an empty upload of a declared length, file name and device serial. */
  async create(
    auth: AuthContext,
    input: { length: number | null; metadata: string | undefined; deferLength: boolean },
  ): Promise<{ id: string; expiresAt: number }> {
    if (input.deferLength) {
      throw new BadRequest(
        'Upload-Defer-Length non supportato: indicare Upload-Length',
        undefined,
        'upload_length_missing',
      );
    }
    if (input.length === null) {
      throw new BadRequest(
        'Upload-Length mancante o non valido',
        undefined,
        'upload_length_missing',
      );
    }
    if (input.length > this.d.settings.maxBytes) {
      throw new UploadTooLarge(
        `file di ${input.length} byte: il massimo è ${this.d.settings.maxBytes} byte`,
      );
    }
    if (input.length === 0) throw new BadRequest('file vuoto', undefined, 'upload_empty');
    const meta = parseMetadata(input.metadata);
    if (!meta) {
      throw new BadRequest('Upload-Metadata non valido', undefined, 'upload_metadata_invalid');
    }
    const decl = declaration(meta);
    if ('problem' in decl) {
      throw new BadRequest(decl.problem, undefined, 'upload_metadata_invalid');
    }
    if (!VIDEO.has(path.extname(decl.fileName).toLowerCase())) {
      throw new BadRequest(
        `${decl.fileName}: estensione non riconosciuta come video (${[...VIDEO].join(', ')})`,
        undefined,
        'upload_not_video',
      );
    }
    const length = input.length;
    return this.oneAtATime(() => this.createChecked(auth, { length, ...decl }, input.metadata));
  }

  private async createChecked(
    auth: AuthContext,
    decl: { length: number; serial: string; fileName: string },
    metadata: string | undefined,
  ): Promise<{ id: string; expiresAt: number }> {
    const max = this.d.settings.maxLivePerAccount;
    if ((await this.d.repo.receivingCount(auth.userId)) >= max) {
      throw new AppError(
        'too_many_uploads',
        429,
        `questo account ha già ${max} caricamenti in corso (il massimo): completarli o annullarli (DELETE) prima di iniziarne altri`,
      );
    }
    const space = creationSpaceProblem({
      free: await this.d.freeBytes(),
      reserved: await this.d.repo.reservedBytes(),
      length: decl.length,
      minFree: this.d.settings.minFreeBytes,
    });
    if (space) {
      this.d.log.warn(
        { length: decl.length, by: auth.username },
        'bodycam upload refused: disk space',
      );
      throw new InsufficientStorage(space);
    }
    const id = randomBytes(16).toString('hex');
    const now = this.d.clock.now();
    const expiresAt = now + this.d.settings.expireMs;
    await mkdir(this.d.settings.dir, { recursive: true });
    const fh = await open(this.file(id), 'wx');
    await fh.sync();
    await fh.close();
    await syncDir(this.d.settings.dir);
    const row: BodycamUploadsTable = {
      id,
      device_serial: decl.serial,
      file_name: decl.fileName,
      length: decl.length,
      received: 0,
      metadata: metadata ?? '',
      status: 'receiving',
      created_by: auth.userId,
      created_by_username: auth.username,
      created_ip: auth.ip,
      created_at: now,
      updated_at: now,
      expires_at: expiresAt,
      completed_at: null,
      outcome: null,
      reason: null,
      clip_id: null,
    };
    try {
      await this.d.db.transaction().execute(async (tx) => {
        await this.d.repo.insert(row, tx);
        await this.d.audit.record(tx, actorOf(auth), {
          action: 'bodycam.upload.create',
          objectType: 'bodycam_upload',
          objectId: id,
          details: { serial: decl.serial, file: decl.fileName, length: decl.length },
        });
      });
    } catch (err: unknown) {
      await rm(this.file(id), { force: true });
      throw err;
    }
    return { id, expiresAt };
  }

  /** An upload of this caller (another account's upload is not found). */
  private async own(auth: AuthContext, id: string): Promise<BodycamUploadsTable> {
    const row = /^[0-9a-f]{32}$/.test(id) ? await this.d.repo.get(id) : undefined;
    if (!row || row.created_by !== auth.userId) throw new NotFound('caricamento', id);
    if (row.status === 'expired' || row.status === 'terminated') {
      throw new AppError(
        'upload_gone',
        410,
        row.status === 'expired'
          ? 'caricamento scaduto per inattività: ricominciare da capo'
          : 'caricamento annullato',
      );
    }
    return row;
  }

  private state(row: BodycamUploadsTable): UploadState {
    return {
      offset: Number(row.received),
      length: Number(row.length),
      metadata: row.metadata,
      expiresAt: row.status === 'receiving' ? Number(row.expires_at) : null,
    };
  }

  /** HEAD: how many bytes are safely stored (the offset to resume from). */
  async head(auth: AuthContext, id: string): Promise<UploadState> {
    return this.state(await this.own(auth, id));
  }

  /**
   * PATCH: appends the body at `offset`, which must be the current offset. The bytes are
   * fsynced before the new offset is recorded and acknowledged; a client that disconnects keeps
   * what arrived (unless it sent a checksum, which then cannot be checked). The last byte hands
   * the file to the ingest.
   */
  async append(
    auth: AuthContext,
    id: string,
    input: {
      offset: number | null;
      contentType: string | undefined;
      contentLength: number | null;
      checksum: string | undefined;
      body: Readable | undefined;
    },
  ): Promise<UploadState> {
    if ((input.contentType ?? '').split(';')[0]?.trim().toLowerCase() !== OFFSET_CONTENT_TYPE) {
      throw new AppError(
        'unsupported_media_type',
        415,
        `Content-Type deve essere ${OFFSET_CONTENT_TYPE}`,
      );
    }
    if (input.offset === null) {
      throw new BadRequest(
        'Upload-Offset mancante o non valido',
        undefined,
        'upload_offset_missing',
      );
    }
    let checksum: { digest: Buffer } | null = null;
    if (input.checksum !== undefined) {
      const c = parseChecksum(input.checksum);
      if (!c) throw new BadRequest('Upload-Checksum non valido', undefined, 'checksum_invalid');
      if (c.algorithm !== 'sha256') {
        throw new BadRequest(
          `algoritmo ${c.algorithm} non supportato: usare sha256`,
          undefined,
          'checksum_algorithm_unsupported',
        );
      }
      checksum = c;
    }
    if (this.busy.has(id)) {
      throw new AppError(
        'upload_locked',
        423,
        'un altro invio è in corso per questo caricamento: riprovare tra poco',
      );
    }
    this.busy.add(id);
    try {
      const row = await this.own(auth, id);
      const received = Number(row.received);
      const length = Number(row.length);
      if (input.offset !== received) {
        throw new Conflict(
          `Upload-Offset ${input.offset} diverso dai byte già ricevuti (${received}): riprendere da HEAD`,
          'upload_offset_mismatch',
          { offset: received },
        );
      }
      if (row.status !== 'receiving') {
        if (input.contentLength === 0 || input.contentLength === null) return this.state(row);
        throw new Conflict('caricamento già completo', 'upload_offset_mismatch', {
          offset: received,
        });
      }
      const room = length - received;
      if (input.contentLength !== null && input.contentLength > room) {
        throw new UploadTooLarge(
          `${input.contentLength} byte inviati, ne mancano solo ${room} per Upload-Length ${length}`,
        );
      }
      await this.ensureRoom(id, Math.min(input.contentLength ?? room, room));
      const written = await this.write(row, input.body, room, checksum);
      return await this.acknowledge(auth, row, written);
    } finally {
      this.busy.delete(id);
    }
  }

  /** Writes the body after the acknowledged bytes and fsyncs; returns the new offset. */
  private async write(
    row: BodycamUploadsTable,
    body: Readable | undefined,
    room: number,
    checksum: { digest: Buffer } | null,
  ): Promise<number> {
    const start = Number(row.received);
    const fh = await open(this.file(row.id), 'r+').catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new AppError('upload_gone', 410, 'dati del caricamento non più presenti');
      }
      throw err;
    });
    let pos = start;
    const hash = createHash('sha256');
    let run: Buffer[] = [];
    let runBytes = 0;
    const flush = async () => {
      if (runBytes === 0) return;
      const buffers = run;
      const n = runBytes;
      run = [];
      runBytes = 0;
      await fh.writev(buffers, pos);
      pos += n;
    };
    try {
      // Bytes after the last acknowledged offset (an interrupted request) are not the client's
      // to keep: it resumes from the offset we acknowledged.
      await fh.truncate(start);
      let interrupted: unknown = null;
      let total = 0;
      let checkedAt = 0;
      let noRoom: InsufficientStorage | null = null;
      if (body) {
        try {
          for await (const chunk of body) {
            const b = chunk as Buffer;
            total += b.length;
            // Out of space: the rest of the body is read and dropped, so that the client gets a
            // clean 507 instead of a connection reset halfway through its request.
            if (noRoom) continue;
            if (total > room) {
              body.destroy();
              throw new UploadTooLarge(
                `i dati inviati superano Upload-Length (${Number(row.length)} byte)`,
              );
            }
            hash.update(b);
            run.push(b);
            runBytes += b.length;
            if (runBytes >= WRITE_RUN) await flush();
            if (total - checkedAt >= SPACE_CHECK_EVERY) {
              // The cameras keep writing too: stop (507) rather than take the last free space.
              // This PATCH's bytes are dropped (truncated below), giving the space back.
              checkedAt = total;
              noRoom = await this.ensureRoom(row.id, 0).then(
                () => null,
                (err: unknown) => {
                  if (err instanceof InsufficientStorage) return err;
                  throw err;
                },
              );
              if (noRoom) await fh.truncate(start);
            }
          }
        } catch (err: unknown) {
          if (err instanceof UploadTooLarge) throw err;
          interrupted = err;
        }
      }
      if (noRoom) throw noRoom;
      await flush();
      if (checksum && (interrupted !== null || !hash.digest().equals(checksum.digest))) {
        await fh.truncate(start);
        if (interrupted !== null) return start;
        throw new AppError(
          'checksum_mismatch',
          460,
          'Upload-Checksum non corrisponde ai dati ricevuti: blocco scartato, inviarlo di nuovo',
        );
      }
      await fh.datasync();
      if (interrupted !== null) {
        this.d.log.info(
          { upload: row.id, kept: pos - start },
          'bodycam upload interrupted by the client: bytes received are kept',
        );
      }
      return pos;
    } catch (err: unknown) {
      await fh.truncate(start).catch(() => undefined);
      throw err;
    } finally {
      await fh.close();
    }
  }

  /** Records the new offset (only now is it acknowledged); the last byte queues the ingest. */
  private async acknowledge(
    auth: AuthContext,
    row: BodycamUploadsTable,
    offset: number,
  ): Promise<UploadState> {
    const now = this.d.clock.now();
    const from = Number(row.received);
    const complete = offset === Number(row.length);
    const expiresAt = now + this.d.settings.expireMs;
    if (offset === from && !complete) return { ...this.state(row), expiresAt };
    const ok = await this.d.db.transaction().execute(async (tx) => {
      const moved = await this.d.repo.advance(
        row.id,
        from,
        {
          received: offset,
          updated_at: now,
          expires_at: expiresAt,
          ...(complete && { status: 'ingesting' as const, completed_at: now }),
        },
        tx,
      );
      if (!moved || !complete) return moved;
      await this.d.queue.enqueue(
        'bodycams.upload-ingest',
        { uploadId: row.id },
        { uniqueKey: `bodycams.upload-ingest:${row.id}` },
        tx,
      );
      await this.d.audit.record(tx, actorOf(auth), {
        action: 'bodycam.upload.complete',
        objectType: 'bodycam_upload',
        objectId: row.id,
        details: { serial: row.device_serial, file: row.file_name, length: Number(row.length) },
      });
      return true;
    });
    if (!ok) {
      throw new Conflict(
        'il caricamento è stato modificato da un’altra richiesta: riprendere da HEAD',
        'upload_offset_mismatch',
      );
    }
    return {
      offset,
      length: Number(row.length),
      metadata: row.metadata,
      expiresAt: complete ? null : expiresAt,
    };
  }

  /** DELETE (termination): the client abandons an upload in progress; its bytes are removed. */
  async terminate(auth: AuthContext, id: string): Promise<void> {
    if (this.busy.has(id)) {
      throw new AppError('upload_locked', 423, 'un invio è in corso per questo caricamento');
    }
    const row = await this.own(auth, id);
    if (row.status !== 'receiving') {
      throw new Conflict(
        'caricamento già completo e consegnato all’acquisizione',
        'upload_complete',
      );
    }
    await this.d.db.transaction().execute(async (tx) => {
      await this.d.repo.update(id, { status: 'terminated', updated_at: this.d.clock.now() }, tx);
      await this.d.audit.record(tx, actorOf(auth), {
        action: 'bodycam.upload.terminate',
        objectType: 'bodycam_upload',
        objectId: id,
        details: {
          serial: row.device_serial,
          file: row.file_name,
          received: Number(row.received),
          length: Number(row.length),
        },
      });
    });
    await rm(this.file(id), { force: true });
  }

  /** Removes data files no upload needs any more (a crash between two steps). */
  recover(): Promise<number> {
    return this.completion.recover();
  }

  /** The ingest of a complete upload (the job's handler). */
  ingest(id: string): Promise<void> {
    return this.completion.ingest(id);
  }

  /** The ingest job was given up (its onDead): the upload fails, its file is kept. */
  abandon(id: string, cause: string, tx: Tx): Promise<void> {
    return this.completion.abandon(id, cause, tx);
  }

  /** Removes uploads with no progress past their expiry (the job). */
  expire(): Promise<number> {
    return this.completion.expire();
  }

  list(q: { status?: UploadStatus | undefined; limit: number }): Promise<UploadView[]> {
    return this.completion.list(q);
  }

  /** Failed, stale and recently expired uploads, with whether the data file is still there. */
  notIngested(limit: number): Promise<NotIngestedView[]> {
    return this.completion.notIngested(limit);
  }

  /** Retries a failed upload's ingest (a new ingest job on the kept file; audited). */
  retry(auth: AuthContext, id: string): Promise<void> {
    return this.completion.retry(auth, id);
  }

  /** Discards a failed upload into quarantine with a reason (audited, never deleted). */
  discard(auth: AuthContext, id: string, reason: string): Promise<{ storageKey: string }> {
    return this.completion.discard(auth, id, reason);
  }
}
