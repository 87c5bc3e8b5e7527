import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { Logger } from '../../platform/log/logger.js';
import type { Outbox } from '../../platform/mail/outbox.js';
import type { Storage } from '../../platform/storage/storage.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CamerasService } from '../cameras/cameras.service.js';
import type { HoldsService } from '../recording/holds.service.js';
import { IntakeRepository } from './intake.repository.js';
import { IntakeService, type IntakeSettings } from './intake.service.js';
import { Mailboxes, type MailboxSettings } from './mailboxes.js';
import { LegacyImport } from './legacy-import.service.js';
import { RequestDuplicates } from './request-duplicates.service.js';
import { RequestLifecycle, type RequestUsers } from './request-lifecycle.service.js';
import { RequestNotices } from './request-notices.service.js';
import { RequestPreservation } from './request-preservation.service.js';
import { RequestJournal, type RequestSettings } from './request-record.js';
import { RequestsRepository } from './requests.repository.js';
import { RequestsService } from './requests.service.js';
import { StreetsRepository } from './streets.repository.js';
import { StreetsService } from './streets.service.js';

/** The footage requests capability, assembled (called by the composition root). */
export interface RequestsModule {
  requests: RequestsService;
  lifecycle: RequestLifecycle;
  duplicates: RequestDuplicates;
  legacy: LegacyImport;
  preservation: RequestPreservation;
  notices: RequestNotices;
  intake: IntakeService;
  mailboxes: Mailboxes;
  streets: StreetsService;
}

export function createRequestsModule(d: {
  db: Db;
  audit: AuditService;
  clock: Clock;
  holds: HoldsService;
  cameras: CamerasService;
  users: RequestUsers;
  outbox: Outbox;
  storage: Storage;
  log: Logger;
  settings: RequestSettings;
  intakeSettings: IntakeSettings;
  mailboxSettings: MailboxSettings;
}): RequestsModule {
  const { db, audit, clock } = d;
  const repo = new RequestsRepository(db);
  const intakeRepo = new IntakeRepository(db);
  const journal = new RequestJournal(repo, clock);
  const streets = new StreetsService({ db, repo: new StreetsRepository(db), audit, clock });
  const notices = new RequestNotices({
    db,
    repo,
    outbox: d.outbox,
    audit,
    clock,
    settings: d.settings,
  });
  const preservation = new RequestPreservation({
    db,
    repo,
    journal,
    audit,
    clock,
    holds: d.holds,
    cameras: d.cameras,
    notices,
    settings: d.settings,
  });
  const requests = new RequestsService({
    db,
    repo,
    journal,
    audit,
    clock,
    holds: d.holds,
    preservation,
    streets,
    intakeInfo: (id) => intake.info(id),
    maxWindowHours: d.settings.maxWindowHours,
  });
  const lifecycle = new RequestLifecycle({
    db,
    repo,
    journal,
    audit,
    clock,
    requests,
    preservation,
    notices,
    streets,
    users: d.users,
  });
  const duplicates = new RequestDuplicates({
    db,
    repo,
    journal,
    audit,
    clock,
    holds: d.holds,
    lifecycle,
    requests,
    matchMeters: d.settings.matchMeters,
  });
  const legacy = new LegacyImport({ db, repo, journal, audit, clock, requests, preservation });
  const intake: IntakeService = new IntakeService({
    db,
    repo: intakeRepo,
    storage: d.storage,
    audit,
    clock,
    requests,
    preservation,
    streets,
    log: d.log.child({ component: 'intake' }),
    settings: d.intakeSettings,
  });
  const mailboxes = new Mailboxes({
    intake,
    preservation,
    positions: intakeRepo,
    log: d.log.child({ component: 'mailbox' }),
    settings: d.mailboxSettings,
  });
  return {
    requests,
    lifecycle,
    duplicates,
    legacy,
    preservation,
    notices,
    intake,
    mailboxes,
    streets,
  };
}
