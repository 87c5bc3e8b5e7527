import { randomUUID } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { isoOrNull, toJson } from '../../platform/db/database.js';
import { AppError, Conflict, NotFound, ValidationFailed } from '../../platform/errors.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import type { Logger } from '../../platform/log/logger.js';
import type { AuditService } from '../audit/audit.service.js';
import { SYSTEM_ACTOR, type AuditActor } from '../audit/audit.types.js';
import type { AuthContext } from '../auth/auth-context.js';
import { actorOf } from '../auth/auth-context.js';
import { ALL_CAMERAS, type CameraViewer, type CamerasService } from '../cameras/cameras.service.js';
import type { HoldsService } from '../recording/holds.service.js';
import type { SegmentRepository } from '../recording/segment.repository.js';
import type { WindowGap } from './clip-plan.js';
import { recordAcquisitionFailure } from './acquisition-failure.js';
import { EXPORT_JOB_ATTEMPTS } from './evidence.jobs.js';
import { orderedId } from './ordered-id.js';
import type { AcquisitionRow, EvidenceRepository } from './evidence.repository.js';
import {
  MAX_ACQUISITION_HOURS,
  type Acquisition,
  type NewAcquisition,
} from './evidence.schemas.js';
import type { PackageBuilder } from './package-builder.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The hold placed while exporting lasts this long unless released when the package is done. */
const EXPORT_HOLD_DAYS = 30;

/** Who acquires: a signed-in operator, or an administrator at the server's shell (`cli:<user>`). */
export interface Operator {
  actor: AuditActor;
  userId: string | null;
  username: string;
  name: string;
  viewer: CameraViewer;
}

export const operatorOf = (auth: AuthContext): Operator => ({
  actor: actorOf(auth),
  userId: auth.userId,
  username: auth.username,
  name: auth.displayName,
  viewer: auth,
});

/** An administrator at the server's shell, audited as `cli:<os user>`, seeing every camera. */
export const operatorFromCli = (actor: AuditActor): Operator => ({
  actor,
  userId: null,
  username: actor.username ?? 'cli',
  name: actor.username ?? 'cli',
  viewer: ALL_CAMERAS,
});

/** What the evidence module needs of the requests module (wired in app.ts). */
export interface RequestLink {
  /** The request by id or number, or null. */
  find(idOrNumber: string): Promise<{ id: string; number: string } | null>;
  /** Footage acquired for the request: it becomes evasa and its requesters are told. */
  fulfilled(
    actor: AuditActor,
    requestId: string,
    evidence: { id: string; number: string },
  ): Promise<void>;
}

export class NoFootage extends AppError {
  constructor(message = 'Nessuna registrazione della telecamera nel periodo richiesto') {
    super('no_footage', 422, message);
  }
}
export class FootageExpired extends AppError {
  constructor() {
    super(
      'footage_expired',
      410,
      'I filmati del periodo richiesto sono già stati cancellati (conservazione scaduta)',
    );
  }
}

const romeYear = (ms: number) =>
  Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Rome', year: 'numeric' }).format(ms));

export function toAcquisition(r: AcquisitionRow): Acquisition {
  return {
    id: r.id,
    number: r.number,
    cameraId: r.camera_id,
    cameraCode: r.camera_code,
    from: isoOrNull(r.from_ms) ?? '',
    to: isoOrNull(r.to_ms) ?? '',
    reason: r.reason,
    requestId: r.request_id,
    requestNumber: r.request_number,
    caseRef: r.case_ref,
    operator: { username: r.operator_username, name: r.operator_name },
    status: r.status,
    progress: Number(r.progress),
    stage: r.stage,
    error: r.error ? { code: r.error_code ?? 'error', message: r.error } : null,
    attempts: r.attempts,
    holdId: r.hold_id,
    evidenceId: r.status === 'done' ? r.id : null,
    createdAt: isoOrNull(r.created_at) ?? '',
    startedAt: isoOrNull(r.started_at),
    finishedAt: isoOrNull(r.finished_at),
  };
}

/**
 * Acquisitions (E3): an operator asks for a camera's window with a reason; a durable job
 * exports it into a signed package; the evidence item is registered with its files and
 * hashes in one transaction only once the package is complete. Every acquisition is numbered
 * and stays visible, failed ones included (nr acquisizioni = nr registrazioni).
 */
export class AcquisitionService {
  constructor(
    private readonly d: {
      db: Db;
      repo: EvidenceRepository;
      audit: AuditService;
      clock: Clock;
      cameras: CamerasService;
      segments: SegmentRepository;
      holds: HoldsService;
      queue: JobQueue;
      builder: PackageBuilder;
      requests: RequestLink | null;
      log: Logger;
      version: string;
    },
  ) {}

  /** Checks, places the preservation hold, records the acquisition and (by default) queues the export. */
  async create(
    who: Operator,
    input: NewAcquisition,
    opts: { enqueue?: boolean } = {},
  ): Promise<Acquisition> {
    const from = Date.parse(input.from);
    const to = Date.parse(input.to);
    const now = this.d.clock.now();
    if (!(to > from)) throw new ValidationFailed('la fine del periodo deve seguire l’inizio');
    if (to - from > MAX_ACQUISITION_HOURS * HOUR) {
      throw new ValidationFailed(`un’acquisizione copre al massimo ${MAX_ACQUISITION_HOURS} ore`);
    }
    if (to > now + 60_000) throw new ValidationFailed('il periodo non può finire nel futuro');
    const camera = await this.d.cameras.get(input.cameraId, who.viewer);
    const request = input.requestId ? await this.findRequest(input.requestId) : null;
    await this.assertFootage(camera.id, from, to, camera.retentionDays);

    const hold = await this.d.holds.place(
      who.actor,
      {
        cameraIds: [camera.id],
        from: input.from,
        to: input.to,
        reason: `Acquisizione in corso: ${input.reason}`.slice(0, 2000),
        caseRef: input.caseRef ?? request?.number ?? null,
        expiresAt: new Date(now + EXPORT_HOLD_DAYS * DAY).toISOString(),
      },
      { viewer: who.viewer, ...(request && { requestId: request.id }) },
    );
    const id = randomUUID();
    try {
      await this.d.db.transaction().execute(async (tx) => {
        const year = romeYear(now);
        const n = await this.d.repo.nextNumber(year, tx);
        const number = `AQ-${year}-${String(n).padStart(6, '0')}`;
        const jobId =
          opts.enqueue === false
            ? null
            : await this.d.queue.enqueue(
                'evidence.export',
                { acquisitionId: id },
                { maxAttempts: EXPORT_JOB_ATTEMPTS },
                tx,
              );
        await this.d.repo.insertAcquisition(
          {
            id,
            number,
            camera_id: camera.id,
            camera_code: camera.code,
            from_ms: from,
            to_ms: to,
            reason: input.reason,
            request_id: request?.id ?? null,
            request_number: request?.number ?? null,
            case_ref: input.caseRef ?? null,
            operator_id: who.userId,
            operator_username: who.username,
            operator_name: who.name,
            operator_ip: who.actor.ip,
            status: 'queued',
            progress: 0,
            stage: null,
            error_code: null,
            error: null,
            attempts: 0,
            hold_id: hold.id,
            job_id: jobId,
            created_at: now,
            started_at: null,
            finished_at: null,
            updated_at: now,
          },
          tx,
        );
        await this.d.audit.record(tx, who.actor, {
          action: 'evidence.acquire',
          objectType: 'acquisition',
          objectId: id,
          reason: input.reason,
          caseRef: input.caseRef ?? request?.number ?? null,
          details: {
            number,
            camera: camera.code,
            from: input.from,
            to: input.to,
            request: request?.number ?? null,
            hold: hold.id,
          },
        });
      });
    } catch (err: unknown) {
      await this.d.holds
        .release(SYSTEM_ACTOR, hold.id, 'Acquisizione non registrata: blocco rimosso')
        .catch(() => undefined);
      throw err;
    }
    return this.get(id);
  }

  async get(id: string, viewer: CameraViewer = ALL_CAMERAS): Promise<Acquisition> {
    const row = await this.d.repo.findAcquisition(id);
    if (!row) throw new NotFound('acquisizione', id);
    await this.assertVisible(row.camera_id, viewer, id);
    return toAcquisition(row);
  }

  async list(
    query: { status?: Acquisition['status']; requestId?: string; limit: number },
    viewer: CameraViewer = ALL_CAMERAS,
  ): Promise<Acquisition[]> {
    const visible = new Set((await this.d.cameras.list(viewer)).map((c) => c.id));
    const rows = await this.d.repo.listAcquisitions(query);
    return rows
      .filter((r) => viewer.cameraGroups === null || visible.has(r.camera_id))
      .map(toAcquisition);
  }

  /** Queues a failed acquisition again (after freeing disk space, say); its hold is renewed if needed. */
  async retry(who: Operator, id: string, opts: { enqueue?: boolean } = {}): Promise<Acquisition> {
    const row = await this.d.repo.findAcquisition(id);
    if (!row) throw new NotFound('acquisizione', id);
    await this.assertVisible(row.camera_id, who.viewer, id);
    if (row.status !== 'failed')
      throw new Conflict('si può ritentare solo un’acquisizione fallita');
    const now = this.d.clock.now();
    let holdId = row.hold_id;
    const current = holdId ? await this.d.holds.get(holdId).catch(() => null) : null;
    if (current?.state !== 'active') {
      const hold = await this.d.holds.place(
        who.actor,
        {
          cameraIds: [row.camera_id],
          from: new Date(row.from_ms).toISOString(),
          to: new Date(row.to_ms).toISOString(),
          reason: `Acquisizione ${row.number} in corso: ${row.reason}`.slice(0, 2000),
          caseRef: row.case_ref ?? row.request_number,
          expiresAt: new Date(now + EXPORT_HOLD_DAYS * DAY).toISOString(),
        },
        { viewer: who.viewer, ...(row.request_id && { requestId: row.request_id }) },
      );
      holdId = hold.id;
    }
    await this.d.db.transaction().execute(async (tx) => {
      const jobId =
        opts.enqueue === false
          ? null
          : await this.d.queue.enqueue(
              'evidence.export',
              { acquisitionId: row.id },
              { maxAttempts: EXPORT_JOB_ATTEMPTS },
              tx,
            );
      await this.d.repo.updateAcquisition(
        row.id,
        {
          status: 'queued',
          progress: 0,
          stage: null,
          error: null,
          error_code: null,
          hold_id: holdId,
          job_id: jobId,
          updated_at: now,
        },
        tx,
      );
      await this.d.audit.record(tx, who.actor, {
        action: 'evidence.acquire_retry',
        objectType: 'acquisition',
        objectId: row.id,
        reason: row.reason,
        caseRef: row.case_ref ?? row.request_number,
        details: { number: row.number, previousError: row.error_code },
      });
    });
    return this.get(row.id);
  }

  /**
   * Runs the export of a queued acquisition and registers the evidence (the job's handler;
   * the CLI calls it directly). A failure leaves the acquisition `failed` with its error, the
   * hold in place for a retry, and nothing registered.
   */
  async run(
    id: string,
    signal?: AbortSignal,
    opts: { resumable?: boolean } = {},
  ): Promise<Acquisition> {
    const row = await this.d.repo.findAcquisition(id);
    if (!row) throw new NotFound('acquisizione', id);
    if (row.status === 'done') return toAcquisition(row);
    const started = this.d.clock.now();
    if (row.status === 'running') {
      // The previous attempt's worker died (its job lease expired): start over, without its
      // scratch files or its partial package (PackageBuilder.build removes both).
      this.d.log.warn({ acquisition: row.number }, 'resuming an export whose worker stopped');
      await this.d.audit.recordAlone(SYSTEM_ACTOR, {
        action: 'evidence.acquire_resumed',
        objectType: 'acquisition',
        objectId: id,
        reason: row.reason,
        caseRef: row.case_ref ?? row.request_number,
        details: { number: row.number, attempt: row.attempts + 1 },
      });
    }
    await this.d.repo.updateAcquisition(id, {
      status: 'running',
      progress: 0,
      stage: 'clip',
      error: null,
      error_code: null,
      attempts: row.attempts + 1,
      started_at: started,
      updated_at: started,
    });
    try {
      await this.export(row, signal);
    } catch (err: unknown) {
      if (opts.resumable && signal?.aborted) {
        // Stopped with the server: queued again, the job queue runs it again after restart.
        const now = this.d.clock.now();
        await this.d.repo.updateAcquisition(id, {
          status: 'queued',
          progress: 0,
          stage: null,
          updated_at: now,
        });
        throw err;
      }
      const { code } = await recordAcquisitionFailure(this.d, id, err, {
        number: row.number,
        reason: row.reason,
        caseRef: row.case_ref ?? row.request_number,
      });
      this.d.log.warn({ acquisition: row.number, code, err }, 'acquisition failed');
      throw err;
    }
    const done = await this.d.repo.findAcquisition(id);
    if (!done) throw new NotFound('acquisizione', id);
    await this.afterRegistration(done);
    return toAcquisition(done);
  }

  /**
   * The export job was given up (attempts exhausted: its worker died or was stopped each time):
   * a queued or running acquisition becomes `failed` with a clear error, in the caller's
   * transaction (the one that marks the job dead). Its hold stays, for a retry. One that already
   * ended (done, or failed by the export itself) is left as it is.
   */
  async abandon(id: string, cause: string, tx: Tx): Promise<void> {
    const row = await this.d.repo.findAcquisition(id, tx);
    if (!row || (row.status !== 'queued' && row.status !== 'running')) return;
    const now = this.d.clock.now();
    const message =
      `Esportazione interrotta dopo ${Math.max(row.attempts, 1)} tentativi senza concludersi ` +
      '(il processo che la eseguiva si è fermato): nessun reperto è stato registrato e i file ' +
      'parziali sono stati rimossi; il blocco sulle immagini resta. Riprovare.';
    await this.d.repo.updateAcquisition(
      id,
      {
        status: 'failed',
        error_code: 'export_abandoned',
        error: message,
        finished_at: now,
        updated_at: now,
      },
      tx,
    );
    await this.d.audit.record(tx, SYSTEM_ACTOR, {
      action: 'evidence.acquire_failed',
      objectType: 'acquisition',
      objectId: id,
      reason: row.reason,
      caseRef: row.case_ref ?? row.request_number,
      details: {
        number: row.number,
        code: 'export_abandoned',
        attempts: row.attempts,
        cause: cause.slice(0, 500),
        hold: row.hold_id,
      },
    });
    this.d.log.warn(
      { acquisition: row.number, attempts: row.attempts },
      'export given up: acquisition failed',
    );
  }

  /** Removes the partial package and scratch files of an acquisition that did not register. */
  async removeLeftovers(id: string): Promise<void> {
    const row = await this.d.repo.findAcquisition(id);
    // Only while it is still the given-up attempt (a retry may already be writing again).
    if (row?.status !== 'failed' || row.error_code !== 'export_abandoned') return;
    await this.d.builder.removeLeftovers(row.number);
  }

  private async export(row: AcquisitionRow, signal?: AbortSignal): Promise<void> {
    const camera = await this.d.cameras.get(row.camera_id).catch((err: unknown) => {
      if (err instanceof NotFound) {
        throw new AppError(
          'camera_deleted',
          410,
          `La telecamera ${row.camera_code} è stata eliminata`,
        );
      }
      throw err;
    });
    const segments = await this.d.segments.inWindow(camera.id, row.from_ms, row.to_ms);
    if (segments.length === 0)
      await this.assertFootage(camera.id, row.from_ms, row.to_ms, camera.retentionDays);
    const [gaps, deleted] = await Promise.all([
      this.d.segments.gapsInWindow(camera.id, row.from_ms, row.to_ms),
      this.d.segments.deletionsInWindow(camera.id, row.from_ms, row.to_ms),
    ]);
    const now = () => this.d.clock.now();
    const knownGaps: WindowGap[] = [
      ...gaps.map((g) => ({ from: g.start_ms, to: g.end_ms ?? now(), cause: g.cause })),
      ...deleted.map((x) => ({ from: x.start_ms, to: x.end_ms, cause: 'deleted' })),
    ];
    let lastWrite = 0;
    let writing: Promise<void> = Promise.resolve();
    const built = await this.d.builder.build(
      {
        id: row.id,
        number: row.number,
        createdAt: row.created_at,
        softwareVersion: this.d.version,
        camera: {
          id: camera.id,
          code: camera.code,
          name: camera.name,
          address: camera.address,
          latitude: camera.latitude,
          longitude: camera.longitude,
          purpose: camera.purpose,
        },
        requested: { from: row.from_ms, to: row.to_ms },
        operator: {
          userId: row.operator_id,
          username: row.operator_username,
          name: row.operator_name,
        },
        request:
          row.request_id && row.request_number
            ? { id: row.request_id, number: row.request_number }
            : null,
        caseRef: row.case_ref,
        reason: row.reason,
        segments: segments.map((s) => ({
          id: s.id,
          startMs: s.start_ms,
          endMs: s.end_ms,
          bytes: s.bytes,
          storageKey: s.storage_key,
        })),
        knownGaps,
      },
      {
        ...(signal && { signal }),
        onProgress: (fraction, stage) => {
          const t = Date.now();
          if (t - lastWrite < 1000 && fraction < 1) return;
          lastWrite = t;
          writing = writing
            .then(() =>
              this.d.repo.updateAcquisition(row.id, {
                progress: fraction,
                stage,
                updated_at: now(),
              }),
            )
            .catch((err: unknown) => this.d.log.warn({ err }, 'acquisition progress not saved'));
        },
      },
    );
    await writing;
    // The package is complete: register the item, its files and hashes in one transaction.
    const registeredAt = now();
    try {
      await this.d.db.transaction().execute(async (tx) => {
        await this.d.repo.insertItem(
          {
            id: row.id,
            number: row.number,
            acquisition_id: row.id,
            camera_id: camera.id,
            camera_code: camera.code,
            camera_name: camera.name,
            requested_from_ms: row.from_ms,
            requested_to_ms: row.to_ms,
            actual_from_ms: built.actual.from,
            actual_to_ms: built.actual.to,
            reason: row.reason,
            request_id: row.request_id,
            request_number: row.request_number,
            case_ref: row.case_ref,
            operator_id: row.operator_id,
            operator_username: row.operator_username,
            operator_name: row.operator_name,
            storage_prefix: built.prefix,
            manifest_sha256: built.manifestSha256,
            key_fingerprint: this.d.builder.fingerprint,
            total_bytes: built.totalBytes,
            gaps:
              toJson(
                built.gaps.map((g) => ({
                  from: isoOrNull(g.from),
                  to: isoOrNull(g.to),
                  cause: g.cause,
                })),
              ) ?? '[]',
            retain_until: null,
            legal_hold: 0,
            legal_hold_reason: null,
            created_at: registeredAt,
          },
          built.files.map((f, i) => ({
            evidence_id: row.id,
            path: f.path,
            kind: f.kind,
            bytes: f.bytes,
            sha256: f.sha256,
            storage_key: f.storageKey,
            media_type: f.mediaType,
            position: i,
          })),
          tx,
        );
        await this.d.repo.updateAcquisition(
          row.id,
          {
            status: 'done',
            progress: 1,
            stage: null,
            finished_at: registeredAt,
            updated_at: registeredAt,
          },
          tx,
        );
        await this.d.repo.addCustody(
          {
            id: orderedId(registeredAt),
            evidence_id: row.id,
            at: registeredAt,
            action: 'register',
            actor_id: row.operator_id,
            actor_username: row.operator_username,
            ip: row.operator_ip,
            reason: row.reason,
            recipient: null,
            details: toJson({
              manifestSha256: built.manifestSha256,
              files: built.files.length,
              bytes: built.totalBytes,
            }),
          },
          tx,
        );
        await this.d.audit.record(tx, SYSTEM_ACTOR, {
          action: 'evidence.register',
          objectType: 'evidence',
          objectId: row.id,
          reason: row.reason,
          caseRef: row.case_ref ?? row.request_number,
          details: {
            number: row.number,
            camera: camera.code,
            operator: row.operator_username,
            manifestSha256: built.manifestSha256,
            files: built.files.length,
            bytes: built.totalBytes,
            gaps: built.gaps.length,
          },
        });
      });
    } catch (err: unknown) {
      await this.d.builder.discard(built);
      throw err;
    }
  }

  /** The export hold is released (the package is a copy), and the request is marked evasa. */
  private async afterRegistration(row: AcquisitionRow): Promise<void> {
    if (row.hold_id) {
      await this.d.holds
        .release(
          SYSTEM_ACTOR,
          row.hold_id,
          `Acquisizione ${row.number} completata: i filmati sono nel reperto registrato`,
        )
        .catch((err: unknown) =>
          this.d.log.warn({ err, hold: row.hold_id }, 'export hold not released'),
        );
    }
    if (row.request_id && this.d.requests) {
      await this.d.requests
        .fulfilled(SYSTEM_ACTOR, row.request_id, { id: row.id, number: row.number })
        .catch((err: unknown) =>
          this.d.log.warn({ err, request: row.request_number }, 'request not marked evasa'),
        );
    }
  }

  private async findRequest(idOrNumber: string): Promise<{ id: string; number: string }> {
    const found = this.d.requests ? await this.d.requests.find(idOrNumber) : null;
    if (!found) throw new NotFound('richiesta', idOrNumber);
    return found;
  }

  /** A clear error when the window holds no footage: deleted by retention, or never recorded. */
  private async assertFootage(
    cameraId: string,
    from: number,
    to: number,
    retentionDays: number,
  ): Promise<void> {
    const [segments, deleted] = await Promise.all([
      this.d.segments.inWindow(cameraId, from, to),
      this.d.segments.deletionsInWindow(cameraId, from, to),
    ]);
    if (segments.length > 0) return;
    if (deleted.length > 0 || to < this.d.clock.now() - retentionDays * DAY)
      throw new FootageExpired();
    throw new NoFootage();
  }

  private async assertVisible(cameraId: string, viewer: CameraViewer, id: string): Promise<void> {
    if (viewer.cameraGroups === null) return;
    const visible = (await this.d.cameras.list(viewer)).some((c) => c.id === cameraId);
    if (!visible) throw new NotFound('acquisizione', id);
  }
}
