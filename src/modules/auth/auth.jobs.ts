import { z } from 'zod';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import type { JobWorker } from '../../platform/jobs/job-worker.js';
import type { AuthService } from './auth.service.js';

declare module '../../platform/jobs/job-queue.js' {
  interface JobPayloads {
    'auth.purge_sessions': Record<string, never>;
  }
}

const PURGE_EVERY_MS = 15 * 60_000;

/** Expired sessions and login challenges are removed every 15 minutes. */
export function registerAuthJobs(
  queue: JobQueue,
  worker: JobWorker | null,
  auth: AuthService,
): void {
  queue.define({
    name: 'auth.purge_sessions',
    schema: z.object({}).strict(),
    maxAttempts: 3,
    handler: async () => ({ removed: await auth.purgeExpired() }),
  });
  worker?.every({
    name: 'auth.purge_sessions',
    everyMs: PURGE_EVERY_MS,
    enqueue: (key) => queue.enqueue('auth.purge_sessions', {}, { uniqueKey: key }),
  });
}
