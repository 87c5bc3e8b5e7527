import path from 'node:path';
import type { Clock } from '../../platform/clock.js';
import { loadOrCreateSigningKey, type SigningKey } from '../../platform/crypto/signing.js';
import type { Db } from '../../platform/db/database.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import type { Logger } from '../../platform/log/logger.js';
import type { Storage } from '../../platform/storage/storage.js';
import { VERSION } from '../../version.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CamerasService } from '../cameras/cameras.service.js';
import type { HoldsService } from '../recording/holds.service.js';
import { GAP_TOLERANCE_MS } from '../recording/recording.service.js';
import { SegmentRepository } from '../recording/segment.repository.js';
import { AcquisitionService, type RequestLink } from './acquisition.service.js';
import { registerEvidenceJobs } from './evidence.jobs.js';
import { EvidenceRepository } from './evidence.repository.js';
import { EvidenceService } from './evidence.service.js';
import { PackageBuilder } from './package-builder.js';

/** The evidence capability, assembled (called by the composition root). */
export interface EvidenceModule {
  signing: SigningKey;
  acquisitions: AcquisitionService;
  evidence: EvidenceService;
}

export function createEvidenceModule(d: {
  db: Db;
  audit: AuditService;
  clock: Clock;
  cameras: CamerasService;
  holds: HoldsService;
  storage: Storage;
  queue: JobQueue;
  log: Logger;
  dataDir: string;
  requests: RequestLink | null;
}): EvidenceModule {
  const signing = loadOrCreateSigningKey(d.dataDir);
  const repo = new EvidenceRepository(d.db);
  const builder = new PackageBuilder({
    storage: d.storage,
    signing,
    tmpRoot: path.join(d.dataDir, 'tmp', 'evidence'),
    gapToleranceMs: GAP_TOLERANCE_MS,
  });
  const acquisitions = new AcquisitionService({
    db: d.db,
    repo,
    audit: d.audit,
    clock: d.clock,
    cameras: d.cameras,
    // Read-only use of the segment index: which files cover the window, gaps and deletions.
    segments: new SegmentRepository(d.db),
    holds: d.holds,
    queue: d.queue,
    builder,
    requests: d.requests,
    log: d.log.child({ component: 'evidence' }),
    version: VERSION,
  });
  registerEvidenceJobs(d.queue, acquisitions);
  const evidence = new EvidenceService({
    db: d.db,
    repo,
    audit: d.audit,
    clock: d.clock,
    cameras: d.cameras,
    storage: d.storage,
    signing,
  });
  return { signing, acquisitions, evidence };
}
