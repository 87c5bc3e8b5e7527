import { z } from 'zod';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import type { AcquisitionService } from './acquisition.service.js';

declare module '../../platform/jobs/job-queue.js' {
  interface JobPayloads {
    'evidence.export': { acquisitionId: string };
  }
}

/**
 * The export job. One attempt: a failure is recorded on the acquisition (status, error) for
 * the operator, who retries it once the cause is gone (disk space, say). The lease is
 * renewed by the worker's heartbeat, so hours-long exports are not taken over.
 */
export function registerEvidenceJobs(queue: JobQueue, acquisitions: AcquisitionService): void {
  queue.define({
    name: 'evidence.export',
    schema: z.object({ acquisitionId: z.uuid() }).strict(),
    maxAttempts: 1,
    leaseMs: 120_000,
    handler: async ({ acquisitionId }, ctx) => {
      const done = await acquisitions.run(acquisitionId, ctx.signal);
      return { number: done.number, status: done.status };
    },
  });
}
