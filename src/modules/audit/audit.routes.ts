import { Readable } from 'node:stream';
import { z } from 'zod';
import type { App } from '../../platform/http/server.js';
import { actorOf } from '../auth/auth-context.js';
import { requireAuth } from '../auth/auth.hook.js';
import type { AuditService } from './audit.service.js';
import { AuditEntrySchema, AuditQuerySchema, AuditVerifyResultSchema } from './audit.types.js';

const tags = ['audit'];
const read = { access: { permission: 'audit.read' as const } };

export function auditRoutes(app: App, audit: AuditService): void {
  app.get(
    '/api/audit',
    {
      config: read,
      schema: {
        tags,
        summary: 'Search the audit log (this read is itself logged)',
        querystring: AuditQuerySchema,
        response: {
          200: z.object({ items: z.array(AuditEntrySchema), nextCursor: z.string().nullable() }),
        },
      },
    },
    (req) => audit.list(actorOf(requireAuth(req)), req.query),
  );

  app.get(
    '/api/audit/export.csv',
    {
      config: read,
      schema: {
        tags,
        summary: 'Export the filtered audit log as CSV (for the Garante)',
        querystring: AuditQuerySchema.omit({ limit: true }),
      },
    },
    (req, reply) => {
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      void reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="vedetta-audit-${stamp}.csv"`);
      return reply.send(
        Readable.from(audit.exportCsv(actorOf(requireAuth(req)), { ...req.query, limit: 500 })),
      );
    },
  );

  app.get(
    '/api/audit/verify',
    {
      config: read,
      schema: {
        tags,
        summary: 'Walk the hash chain and report the first broken entry',
        response: { 200: AuditVerifyResultSchema },
      },
    },
    () => audit.verify(),
  );
}
