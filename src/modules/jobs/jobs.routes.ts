import { z } from 'zod';
import type { App } from '../../platform/http/server.js';
import { actorOf } from '../auth/auth-context.js';
import { requireAuth } from '../auth/auth.hook.js';
import { JobListQuerySchema, JobSchema } from './jobs.schemas.js';
import type { JobsService } from './jobs.service.js';

const tags = ['jobs'];

export function jobsRoutes(app: App, jobs: JobsService): void {
  app.get(
    '/api/jobs',
    {
      config: { access: { permission: 'job.read' } },
      schema: {
        tags,
        summary: 'Background jobs, newest first',
        querystring: JobListQuerySchema,
        response: { 200: z.object({ items: z.array(JobSchema) }) },
      },
    },
    async (req) => ({ items: await jobs.list(req.query) }),
  );

  app.post(
    '/api/jobs/:id/retry',
    {
      config: { access: { permission: 'job.manage' } },
      schema: {
        tags,
        summary: 'Run a failed job once more',
        params: z.object({ id: z.uuid() }).strict(),
        response: { 200: JobSchema },
      },
    },
    (req) => jobs.retry(actorOf(requireAuth(req)), req.params.id),
  );
}
