import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import type { JobWorker } from '../../platform/jobs/job-worker.js';
import { monthPeriod, previousMonthKey } from './period.js';
import type { ReportsService } from './reports.service.js';

declare module '../../platform/jobs/job-queue.js' {
  interface JobPayloads {
    'reports.monthly': { month: string };
  }
}

/** How often the worker checks whether last month's report is due (cheap: a unique key). */
export const MONTHLY_CHECK_EVERY_MS = 60 * 60_000;

/** The job's unique key: one monthly report per month, whatever restarts or processes. */
export const monthlyReportKey = (month: string) => `reports.monthly:${month}`;

/**
 * On the 1st (the first check after local midnight), the previous month's report is built
 * and mailed. The job's unique key makes it happen once across restarts and processes; a
 * server that was down on the 1st catches up when it starts. Months that ended before the
 * installation had its first user are not reported (there was nothing to report).
 */
export function registerReportJobs(
  queue: JobQueue,
  worker: JobWorker | null,
  deps: { reports: ReportsService; clock: Clock; installedAt: () => Promise<number | null> },
): void {
  queue.define({
    name: 'reports.monthly',
    schema: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) }).strict(),
    maxAttempts: 10,
    leaseMs: 15 * 60_000,
    backoffMs: (attempt) => Math.min(6 * 60 * 60_000, 60_000 * 2 ** (attempt - 1)),
    // Every attempt failed: the month is recorded as failed (visible, mailed), not left blank.
    onDead: ({ month }, { error, tx }) => deps.reports.recordMonthlyFailure(month, error, tx),
    handler: async ({ month }) => {
      const report = await deps.reports.buildMonthly(month);
      return { reportId: report.id, recipients: report.recipients.length };
    },
  });
  worker?.every({
    name: 'reports.monthly',
    everyMs: MONTHLY_CHECK_EVERY_MS,
    enqueue: async () => {
      const month = previousMonthKey(deps.clock.now());
      const installedAt = await deps.installedAt();
      if (installedAt === null || monthPeriod(month).to <= installedAt) return null;
      return queue.enqueue('reports.monthly', { month }, { uniqueKey: monthlyReportKey(month) });
    },
  });
}
