import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import type { JobWorker } from '../../platform/jobs/job-worker.js';
import type { Logger } from '../../platform/log/logger.js';
import type { Outbox } from '../../platform/mail/outbox.js';
import type { Storage } from '../../platform/storage/storage.js';
import type { AuditService } from '../audit/audit.service.js';
import { ReportDataService } from './report-data.js';
import { ReportDataRepository } from './report-data.repository.js';
import { registerReportJobs } from './reports.jobs.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService, type ReportSettings } from './reports.service.js';

/** Monthly reporting, assembled (called by the composition root). */
export function createReportsModule(d: {
  db: Db;
  audit: AuditService;
  clock: Clock;
  storage: Storage;
  outbox: Outbox;
  queue: JobQueue;
  worker: JobWorker | null;
  log: Logger;
  settings: ReportSettings;
}): ReportsService {
  const dataRepo = new ReportDataRepository(d.db);
  const reports = new ReportsService({
    db: d.db,
    repo: new ReportsRepository(d.db),
    dataRepo,
    data: new ReportDataService({ repo: dataRepo, clock: d.clock }),
    storage: d.storage,
    outbox: d.outbox,
    audit: d.audit,
    clock: d.clock,
    log: d.log.child({ component: 'reports' }),
    settings: d.settings,
  });
  registerReportJobs(d.queue, d.worker, {
    reports,
    clock: d.clock,
    installedAt: () => dataRepo.installedAt(),
  });
  return reports;
}
