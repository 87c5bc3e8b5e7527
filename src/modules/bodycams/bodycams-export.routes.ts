import type { App } from '../../platform/http/server.js';
import { requireAuth } from '../auth/auth.hook.js';
import type { BodycamsModule } from './bodycams.module.js';
import { ClipExportRequestSchema, ClipExportResultSchema } from './clips/clip-export.schemas.js';

/** Export of bodycam clips as evidence through the signed package (issue 8 §6). */
export function bodycamsExportRoutes(app: App, m: BodycamsModule): void {
  app.post(
    '/api/bodycams/clips/export',
    {
      // Creating evidence is an acquisition; the service also requires the right to view
      // each clip's category (B5).
      config: { access: { permission: 'evidence.acquire' as const } },
      schema: {
        tags: ['bodycams'],
        summary:
          'Export clips of one event as an evidence item (signed package, register, legal hold)',
        body: ClipExportRequestSchema,
        response: { 201: ClipExportResultSchema },
      },
    },
    async (req, reply) => {
      const result = await m.exports.export(requireAuth(req), req.body);
      return reply.status(201).send(result);
    },
  );
}
