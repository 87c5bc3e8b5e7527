import { z } from 'zod';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import type { JobWorker } from '../../platform/jobs/job-worker.js';
import type { PlaybackService } from './playback.service.js';
import type { RetentionService } from './retention.service.js';

declare module '../../platform/jobs/job-queue.js' {
  interface JobPayloads {
    'recording.purge': Record<string, never>;
    'playback.purge_sessions': Record<string, never>;
  }
}

const PURGE_EVERY_MS = 5 * 60_000;

/** Retention runs every five minutes, so footage never outlives its retention by much more. */
export function registerRecordingJobs(
  queue: JobQueue,
  worker: JobWorker | null,
  deps: { retention: RetentionService; playback: PlaybackService },
): void {
  queue.define({
    name: 'recording.purge',
    schema: z.object({}).strict(),
    maxAttempts: 3,
    handler: async () => deps.retention.purge(),
  });
  queue.define({
    name: 'playback.purge_sessions',
    schema: z.object({}).strict(),
    maxAttempts: 3,
    handler: async () => ({ removed: await deps.playback.purgeExpiredSessions() }),
  });
  worker?.every({
    name: 'recording.purge',
    everyMs: PURGE_EVERY_MS,
    enqueue: (key) => queue.enqueue('recording.purge', {}, { uniqueKey: key }),
  });
  worker?.every({
    name: 'playback.purge_sessions',
    everyMs: 60 * 60_000,
    enqueue: (key) => queue.enqueue('playback.purge_sessions', {}, { uniqueKey: key }),
  });
}
