import { z } from 'zod';
import { PermanentJobError, type JobQueue } from '../../platform/jobs/job-queue.js';
import type { AcquisitionService } from './acquisition.service.js';

declare module '../../platform/jobs/job-queue.js' {
  interface JobPayloads {
    'evidence.export': { acquisitionId: string };
  }
}

/** Attempts of an export job: only a dead worker (lease expired) or a shutdown uses more than one. */
export const EXPORT_JOB_ATTEMPTS = 3;

/**
 * The export job. An export that fails is recorded on the acquisition (status, error) and the
 * job ends for good: the operator retries once the cause is gone (disk space, say). An export
 * whose worker died (server killed: its lease expires) or was stopped is taken again by the
 * queue, and the acquisition follows it (AcquisitionService.run). The lease is renewed by the
 * worker's heartbeat, so hours-long exports are not taken over.
 */
export function registerEvidenceJobs(queue: JobQueue, acquisitions: AcquisitionService): void {
  queue.define({
    name: 'evidence.export',
    schema: z.object({ acquisitionId: z.uuid() }).strict(),
    maxAttempts: EXPORT_JOB_ATTEMPTS,
    leaseMs: 120_000,
    // Given up (the last attempt's worker died, or was stopped): the acquisition fails with a
    // clear error, keeping its hold for a retry, and its partial files are removed.
    onDead: ({ acquisitionId }, { error, tx }) => acquisitions.abandon(acquisitionId, error, tx),
    afterDead: ({ acquisitionId }) => acquisitions.removeLeftovers(acquisitionId),
    handler: async ({ acquisitionId }, ctx) => {
      try {
        const done = await acquisitions.run(acquisitionId, ctx.signal, { resumable: true });
        return { number: done.number, status: done.status };
      } catch (err: unknown) {
        // Stopped with the server: the acquisition is queued again and so is the job.
        if (ctx.signal.aborted) throw err;
        throw new PermanentJobError(err instanceof Error ? err.message : String(err));
      }
    },
  });
}
