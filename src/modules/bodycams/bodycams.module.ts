import path from 'node:path';
import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { probeRecording, type RecordingProbe } from '../../platform/ffmpeg/probe-recording.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import type { JobWorker } from '../../platform/jobs/job-worker.js';
import type { Logger } from '../../platform/log/logger.js';
import type { Storage } from '../../platform/storage/storage.js';
import type { AuditService } from '../audit/audit.service.js';
import { ClipRemindersRepository } from './clips/clip-reminders.repository.js';
import { ClipRemindersService } from './clips/clip-reminders.service.js';
import { ClipsRepository } from './clips/clips.repository.js';
import { NO_COMPLIANCE_LINK, type ComplianceLink } from './compliance-link.js';
import { ClipsService } from './clips/clips.service.js';
import { ClipExportService, type ClipEvidenceLink } from './clips/clip-export.service.js';
import { DisciplinareRepository } from './disciplinare/disciplinare.repository.js';
import { DisciplinareService } from './disciplinare/disciplinare.service.js';
import { FleetRepository } from './fleet/fleet.repository.js';
import { FleetService } from './fleet/fleet.service.js';
import { DockIngestService, type IngestSettings } from './ingest/dock-ingest.service.js';
import { createUploads } from './uploads/uploads.wiring.js';
import type { TusUploadService, UploadSettings } from './uploads/tus-upload.service.js';
import { TrainingRepository } from './training/training.repository.js';
import { TrainingService, type UserDirectory } from './training/training.service.js';

declare module '../../platform/jobs/job-queue.js' {
  interface JobPayloads {
    'bodycams.purge': Record<string, never>;
    'bodycams.remind': Record<string, never>;
  }
}

/** The bodycam capability, assembled (called by the composition root). */
export interface BodycamsModule {
  disciplinare: DisciplinareService;
  training: TrainingService;
  fleet: FleetService;
  ingest: DockIngestService;
  /** Resumable uploads from docking PCs (tus), ingested by the same pipeline as the dock. */
  uploads: TusUploadService;
  /** Clips exported as evidence through the signed package (issue 8 §6). */
  exports: ClipExportService;
  clips: ClipsService;
  /** The own command and the partner commands of joint services. */
  commands: { own: string; partners: string[] };
  /** Reminders to categorize before the deadline (job `bodycams.remind`). */
  reminders: ClipRemindersService;
  /** Seeds the default disciplinare and courses, then watches the dock folder. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createBodycamsModule(d: {
  db: Db;
  audit: AuditService;
  clock: Clock;
  storage: Storage;
  queue: JobQueue;
  worker: JobWorker | null;
  log: Logger;
  users: UserDirectory;
  secret: Buffer;
  dataDir: string;
  ingest: Omit<IngestSettings, 'stagingDir'> & { enabled: boolean };
  /** Where reminders to officers are mailed (the outbox); none: no mail. */
  mail?: ConstructorParameters<typeof ClipRemindersService>[0]['mail'];
  /** The compliance records and the own command's name (G1, joint services). */
  compliance?: ComplianceLink;
  /** The evidence register, for clips exported as evidence. */
  evidence?: ClipEvidenceLink;
  /** Limits of the resumable upload (tests use small ones). */
  uploads?: Partial<Omit<UploadSettings, 'dir'>>;
  /** Free bytes on the data disk (the free-space guard's reading; tests model a disk). */
  freeBytes?: () => Promise<number | null>;
  /** Tests inject a probe or a storage that fails on purpose. */
  probe?: (file: string) => Promise<RecordingProbe>;
}): BodycamsModule {
  const log = d.log.child({ component: 'bodycams' });
  const disciplinare = new DisciplinareService({
    db: d.db,
    repo: new DisciplinareRepository(d.db),
    audit: d.audit,
    clock: d.clock,
  });
  const training = new TrainingService({
    db: d.db,
    repo: new TrainingRepository(d.db),
    audit: d.audit,
    clock: d.clock,
    users: d.users,
  });
  const fleet = new FleetService({
    db: d.db,
    repo: new FleetRepository(d.db),
    audit: d.audit,
    clock: d.clock,
    users: d.users,
    training,
    disciplinare,
    compliance: d.compliance ?? NO_COMPLIANCE_LINK,
  });
  const clipsRepo = new ClipsRepository(d.db);
  const ingest = new DockIngestService({
    db: d.db,
    storage: d.storage,
    clips: clipsRepo,
    fleet,
    disciplinare,
    audit: d.audit,
    clock: d.clock,
    log,
    probe: d.probe ?? ((f) => probeRecording(f)),
    settings: { ...d.ingest, stagingDir: path.join(d.dataDir, 'tmp', 'bodycam-ingest') },
  });
  const uploads = createUploads({
    db: d.db,
    storage: d.storage,
    clips: clipsRepo,
    fleet,
    disciplinare,
    audit: d.audit,
    clock: d.clock,
    log,
    queue: d.queue,
    worker: d.worker,
    probe: d.probe ?? ((f) => probeRecording(f)),
    dataDir: d.dataDir,
    ...(d.uploads && { settings: d.uploads }),
    ...(d.freeBytes && { freeBytes: d.freeBytes }),
  });
  const clips = new ClipsService({
    db: d.db,
    repo: clipsRepo,
    disciplinare,
    compliance: d.compliance ?? NO_COMPLIANCE_LINK,
    storage: d.storage,
    audit: d.audit,
    clock: d.clock,
    log,
    secret: d.secret,
  });
  const exports = new ClipExportService({
    db: d.db,
    repo: clipsRepo,
    clips,
    disciplinare,
    audit: d.audit,
    clock: d.clock,
    evidence: d.evidence ?? null,
  });
  d.queue.define({
    name: 'bodycams.purge',
    schema: z.object({}).strict(),
    maxAttempts: 3,
    handler: async () => clips.purge(),
  });
  const reminders = new ClipRemindersService({
    db: d.db,
    repo: new ClipRemindersRepository(d.db),
    disciplinare,
    users: d.users,
    mail: d.mail ?? null,
    clock: d.clock,
    log,
  });
  d.queue.define({
    name: 'bodycams.remind',
    schema: z.object({}).strict(),
    maxAttempts: 3,
    handler: async () => {
      await reminders.runOnce();
    },
  });
  d.worker?.every({
    name: 'bodycams.remind',
    everyMs: 15 * 60_000,
    enqueue: (key) => d.queue.enqueue('bodycams.remind', {}, { uniqueKey: key }),
  });
  d.worker?.every({
    name: 'bodycams.purge',
    everyMs: 5 * 60_000,
    enqueue: (key) => d.queue.enqueue('bodycams.purge', {}, { uniqueKey: key }),
  });
  return {
    disciplinare,
    training,
    fleet,
    ingest,
    uploads,
    exports,
    clips,
    reminders,
    commands: {
      own: (d.compliance ?? NO_COMPLIANCE_LINK).ownCommand,
      partners: (d.compliance ?? NO_COMPLIANCE_LINK).partnerCommands,
    },
    async start() {
      await disciplinare.ensureSeeded();
      await training.ensureSeeded();
      await uploads.recover();
      if (d.ingest.enabled) await ingest.start();
    },
    async stop() {
      await ingest.stop();
    },
  };
}
