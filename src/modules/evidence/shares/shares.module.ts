import type { Clock } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/database.js';
import type { Outbox } from '../../../platform/mail/outbox.js';
import type { Storage } from '../../../platform/storage/storage.js';
import type { AuditService } from '../../audit/audit.service.js';
import type { PasswordHasher } from '../../auth/password.js';
import type { CamerasService } from '../../cameras/cameras.service.js';
import type { EvidenceRepository } from '../evidence.repository.js';
import type { EvidenceService } from '../evidence.service.js';
import { ShareAccessService } from './share-access.service.js';
import { ShareRepository } from './share.repository.js';
import { ShareKeys } from './share-rules.js';
import { ShareService, type ShareSettings } from './share.service.js';

/** Sharing of evidence: the operations room's side and the recipient's. */
export interface SharesModule {
  shares: ShareService;
  access: ShareAccessService;
}

export function createSharesModule(d: {
  db: Db;
  evidenceRepo: EvidenceRepository;
  evidence: EvidenceService;
  audit: AuditService;
  cameras: CamerasService;
  storage: Storage;
  clock: Clock;
  hasher: PasswordHasher;
  outbox: Outbox;
  /** The installation secret (download keys are derived from it). */
  secret: Buffer;
  publicKeyFingerprint: string;
  settings: ShareSettings;
}): SharesModule {
  const repo = new ShareRepository(d.db);
  return {
    shares: new ShareService({ ...d, repo }),
    access: new ShareAccessService({ ...d, repo, keys: new ShareKeys(d.secret) }),
  };
}
