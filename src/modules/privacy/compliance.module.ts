import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import type { JobWorker } from '../../platform/jobs/job-worker.js';
import type { Storage } from '../../platform/storage/storage.js';
import type { AuditService } from '../audit/audit.service.js';
import { CameraDpiaService, type CameraDirectory } from './camera-dpia.service.js';
import { ComplianceRepository } from './compliance.repository.js';
import { registerComplianceJobs } from './compliance.jobs.js';
import { ComplianceService } from './compliance.service.js';

/** Default limit for an uploaded PDF (a DPIA with annexes). */
export const DEFAULT_MAX_PDF_BYTES = 25 * 1024 * 1024;

export interface ComplianceModule {
  service: ComplianceService;
  cameras: CameraDpiaService;
  maxPdfBytes: number;
}

/** Compliance records (G1), assembled by the composition root. */
export function createComplianceModule(d: {
  db: Db;
  storage: Storage;
  audit: AuditService;
  clock: Clock;
  disciplinare: ConstructorParameters<typeof ComplianceService>[0]['disciplinare'];
  cameras: CameraDirectory;
  maxPdfBytes?: number;
  /** The hourly sweep of unreferenced uploads (none: not scheduled, as in CLI commands). */
  queue?: JobQueue;
  worker?: JobWorker | null;
}): ComplianceModule {
  const maxPdfBytes = d.maxPdfBytes ?? DEFAULT_MAX_PDF_BYTES;
  const repo = new ComplianceRepository(d.db);
  const service = new ComplianceService({
    db: d.db,
    repo,
    storage: d.storage,
    audit: d.audit,
    clock: d.clock,
    maxPdfBytes,
    disciplinare: d.disciplinare,
  });
  const cameras = new CameraDpiaService({
    db: d.db,
    repo,
    audit: d.audit,
    clock: d.clock,
    records: service,
    cameras: d.cameras,
  });
  if (d.queue) registerComplianceJobs(d.queue, d.worker ?? null, service);
  return { maxPdfBytes, service, cameras };
}
