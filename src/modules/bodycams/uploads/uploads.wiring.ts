import path from 'node:path';
import { z } from 'zod';
import type { Clock } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/database.js';
import type { RecordingProbe } from '../../../platform/ffmpeg/probe-recording.js';
import type { JobQueue } from '../../../platform/jobs/job-queue.js';
import type { JobWorker } from '../../../platform/jobs/job-worker.js';
import type { Logger } from '../../../platform/log/logger.js';
import type { Storage } from '../../../platform/storage/storage.js';
import type { AuditService } from '../../audit/audit.service.js';
import type { ClipsRepository } from '../clips/clips.repository.js';
import type { DisciplinareService } from '../disciplinare/disciplinare.service.js';
import type { FleetService } from '../fleet/fleet.service.js';
import { IngestPipeline } from '../ingest/ingest-pipeline.js';
import { UploadsRepository } from './uploads.repository.js';
import { TusUploadService, type UploadSettings } from './tus-upload.service.js';

declare module '../../../platform/jobs/job-queue.js' {
  interface JobPayloads {
    'bodycams.upload-ingest': { uploadId: string };
    'bodycams.uploads-expire': Record<string, never>;
  }
}

/** Largest upload accepted by default: a long clip at a bodycam's highest bitrate. */
export const DEFAULT_UPLOAD_MAX_BYTES = 16 * 1024 ** 3;
/** An incomplete upload with no progress for a day is removed. */
export const DEFAULT_UPLOAD_EXPIRE_MS = 24 * 3_600_000;
/** Uploads one account (a dock PC) may have receiving at once. */
export const DEFAULT_UPLOAD_MAX_LIVE = 20;
/** The free-space guard's default minimum (VEDETTA_STORAGE_MIN_FREE_MB). */
const DEFAULT_MIN_FREE_BYTES = 1024 * 1024 * 1024;

/**
 * The resumable upload service with its own ingest pipeline (own staging folder, so that the
 * dock's start-up cleanup never touches an upload's copy in progress), the durable ingest job
 * and the expiry job.
 */
export function createUploads(d: {
  db: Db;
  storage: Storage;
  clips: ClipsRepository;
  fleet: FleetService;
  disciplinare: DisciplinareService;
  audit: AuditService;
  clock: Clock;
  log: Logger;
  queue: JobQueue;
  worker: JobWorker | null;
  probe: (file: string) => Promise<RecordingProbe>;
  dataDir: string;
  settings?: Partial<Omit<UploadSettings, 'dir'>>;
  /**
   * Free bytes on the data disk: the reading the free-space guard uses (storage's health, the
   * uploads folder being on the same disk: the ingest copies from it into storage).
   */
  freeBytes?: () => Promise<number | null>;
}): TusUploadService {
  const pipeline = new IngestPipeline({
    db: d.db,
    storage: d.storage,
    clips: d.clips,
    fleet: d.fleet,
    disciplinare: d.disciplinare,
    audit: d.audit,
    clock: d.clock,
    log: d.log,
    probe: d.probe,
    stagingDir: path.join(d.dataDir, 'tmp', 'bodycam-upload-ingest'),
    copyAttempts: 3,
  });
  const uploads = new TusUploadService({
    db: d.db,
    repo: new UploadsRepository(d.db),
    pipeline,
    storage: d.storage,
    disciplinare: d.disciplinare,
    audit: d.audit,
    queue: d.queue,
    clock: d.clock,
    log: d.log,
    settings: {
      dir: path.join(d.dataDir, 'uploads', 'bodycam'),
      maxBytes: d.settings?.maxBytes ?? DEFAULT_UPLOAD_MAX_BYTES,
      expireMs: d.settings?.expireMs ?? DEFAULT_UPLOAD_EXPIRE_MS,
      minFreeBytes: d.settings?.minFreeBytes ?? DEFAULT_MIN_FREE_BYTES,
      maxLivePerAccount: d.settings?.maxLivePerAccount ?? DEFAULT_UPLOAD_MAX_LIVE,
    },
    freeBytes: d.freeBytes ?? (async () => (await d.storage.health()).freeBytes),
  });
  d.queue.define({
    name: 'bodycams.upload-ingest',
    schema: z.object({ uploadId: z.string().min(1).max(64) }).strict(),
    // A kept source is retried with backoff (5 s, 10 s… up to an hour) for about a day.
    maxAttempts: 30,
    leaseMs: 30 * 60_000,
    handler: async ({ uploadId }) => uploads.ingest(uploadId),
    // Given up: the upload says so (failed, audited) and keeps its file for an administrator.
    onDead: ({ uploadId }, { error, tx }) => uploads.abandon(uploadId, error, tx),
  });
  d.queue.define({
    name: 'bodycams.uploads-expire',
    schema: z.object({}).strict(),
    maxAttempts: 3,
    handler: async () => uploads.expire(),
  });
  d.worker?.every({
    name: 'bodycams.uploads-expire',
    everyMs: 10 * 60_000,
    enqueue: (key) => d.queue.enqueue('bodycams.uploads-expire', {}, { uniqueKey: key }),
  });
  return uploads;
}
