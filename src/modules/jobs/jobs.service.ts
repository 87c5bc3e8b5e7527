import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { isoOrNull } from '../../platform/db/database.js';
import { Conflict, NotFound } from '../../platform/errors.js';
import type { JobRepository } from '../../platform/jobs/job.repository.js';
import type { JobsTable, JobStatus } from '../../platform/jobs/jobs.tables.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AuditActor } from '../audit/audit.types.js';
import type { Job } from './jobs.schemas.js';

export function toJob(row: JobsTable): Job {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: isoOrNull(row.run_at) ?? '',
    lastError: row.last_error,
    createdAt: isoOrNull(row.created_at) ?? '',
    finishedAt: isoOrNull(row.finished_at),
  };
}

/** The administrator's view of background jobs. */
export class JobsService {
  constructor(
    private readonly d: { db: Db; repo: JobRepository; audit: AuditService; clock: Clock },
  ) {}

  async list(filter: { status?: JobStatus; name?: string; limit: number }): Promise<Job[]> {
    return (await this.d.repo.list(filter)).map(toJob);
  }

  async retry(actor: AuditActor, id: string): Promise<Job> {
    return this.d.db.transaction().execute(async (tx) => {
      const job = await this.d.repo.findById(id, tx);
      if (!job) throw new NotFound('job', id);
      if (!(await this.d.repo.requeue(id, this.d.clock.now(), tx))) {
        throw new Conflict('Si possono ripetere solo i job falliti', 'job_not_failed');
      }
      await this.d.audit.record(tx, actor, {
        action: 'job.retry',
        objectType: 'job',
        objectId: id,
        details: { name: job.name },
      });
      const updated = await this.d.repo.findById(id, tx);
      return toJob(updated ?? job);
    });
  }
}
