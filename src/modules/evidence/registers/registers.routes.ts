import type { App } from '../../../platform/http/server.js';
import { actorOf } from '../../auth/auth-context.js';
import { requireAuth } from '../../auth/auth.hook.js';
import { RegisterQuerySchema, type RegisterKind } from './registers.schemas.js';
import type { RegistersService } from './registers.service.js';

const attachment = (name: string) =>
  `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/**
 * The printable registers. The route names one permission (deny by default); the service checks
 * the full rule (REGISTER_PERMISSIONS: the register of accesses needs evidence.read and audit.read).
 */
export function registersRoutes(app: App, registers: RegistersService): void {
  const tags = ['evidence'];
  const route = (kind: RegisterKind, summary: string) =>
    app.get(
      `/api/evidence/registers/${kind}`,
      {
        config: {
          access: { permission: kind === 'extractions' ? 'evidence.read' : 'audit.read' },
        },
        schema: { tags, summary, querystring: RegisterQuerySchema },
      },
      async (req, reply) => {
        const auth = requireAuth(req);
        const file = await registers.print(
          {
            actor: actorOf(auth),
            viewer: auth,
            permissions: auth.permissions,
            displayName: auth.displayName,
          },
          kind,
          req.query,
        );
        return reply
          .header('content-type', file.contentType)
          .header('content-length', String(file.body.length))
          .header('content-disposition', attachment(file.fileName))
          .header('x-register-rows', String(file.rows))
          .header('cache-control', 'no-store')
          .send(file.body);
      },
    );
  route(
    'extractions',
    'Register of extractions (every acquisition of the period) as PDF or CSV; needs evidence.read; the print is audited',
  );
  route(
    'viewings',
    'Register of accesses (evidence views and downloads, playback sessions) as PDF or CSV; needs evidence.read and audit.read; the print is audited',
  );
}
