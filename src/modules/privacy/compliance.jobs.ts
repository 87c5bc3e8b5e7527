import { z } from 'zod';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import type { JobWorker } from '../../platform/jobs/job-worker.js';
import type { ComplianceService } from './compliance.service.js';

declare module '../../platform/jobs/job-queue.js' {
  interface JobPayloads {
    'privacy.sweep_uploads': Record<string, never>;
  }
}

const SWEEP_EVERY_MS = 60 * 60_000;

/** Every hour, uploaded PDFs no record refers to are removed 24 hours after their last upload. */
export function registerComplianceJobs(
  queue: JobQueue,
  worker: JobWorker | null,
  service: ComplianceService,
): void {
  queue.define({
    name: 'privacy.sweep_uploads',
    schema: z.object({}).strict(),
    maxAttempts: 3,
    handler: () => service.sweepUnreferenced(),
  });
  worker?.every({
    name: 'privacy.sweep_uploads',
    everyMs: SWEEP_EVERY_MS,
    enqueue: (key) => queue.enqueue('privacy.sweep_uploads', {}, { uniqueKey: key }),
  });
}
