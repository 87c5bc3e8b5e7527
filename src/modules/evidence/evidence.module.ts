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
import { BodycamEvidenceService } from './bodycam-evidence.service.js';
import { registerEvidenceJobs } from './evidence.jobs.js';
import { EvidenceRepository } from './evidence.repository.js';
import { EvidenceService } from './evidence.service.js';
import { PackageBuilder } from './package-builder.js';
import { createSharesModule, type SharesModule } from './shares/shares.module.js';
import type { ShareSettings } from './shares/share.service.js';
import type { Outbox } from '../../platform/mail/outbox.js';
import type { PasswordHasher } from '../auth/password.js';
import { RegistersRepository } from './registers/registers.repository.js';
import { RegistersService } from './registers/registers.service.js';

/** The evidence capability, assembled (called by the composition root). */
export interface EvidenceModule {
  signing: SigningKey;
  acquisitions: AcquisitionService;
  evidence: EvidenceService;
  /** Bodycam clips exported through the same signed package and register (issue 8 §6). */
  bodycamExports: BodycamEvidenceService;
  /** Share links for the judicial authority and partner commands. */
  shares: SharesModule;
  /** The printable registers of extractions and of accesses (E4). */
  registers: RegistersService;
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
  /** For share links: passwords, mail of the link, download keys, terms. */
  sharing: { hasher: PasswordHasher; outbox: Outbox; secret: Buffer; settings: ShareSettings };
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
  const registers = new RegistersService({
    repo: new RegistersRepository(d.db),
    audit: d.audit,
    cameras: d.cameras,
    clock: d.clock,
  });
  const shares = createSharesModule({
    ...d.sharing,
    db: d.db,
    evidenceRepo: repo,
    evidence,
    audit: d.audit,
    cameras: d.cameras,
    storage: d.storage,
    clock: d.clock,
    publicKeyFingerprint: signing.fingerprint,
  });
  const bodycamExports = new BodycamEvidenceService({
    db: d.db,
    repo,
    audit: d.audit,
    clock: d.clock,
    builder,
    log: d.log.child({ component: 'evidence' }),
    version: VERSION,
  });
  return { signing, acquisitions, evidence, bodycamExports, shares, registers };
}
