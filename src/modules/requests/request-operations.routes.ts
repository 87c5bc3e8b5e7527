import { z } from 'zod';
import { Forbidden } from '../../platform/errors.js';
import type { App } from '../../platform/http/server.js';
import { actorOf } from '../auth/auth-context.js';
import { requireAuth } from '../auth/auth.hook.js';
import type { RequestsModule } from './requests.module.js';

const tags = ['requests'];
const settings = { access: { permission: 'settings.manage' as const } };
const authenticated = { access: { permission: 'authenticated' as const } };
const CsvBody = z.object({ csv: z.string().min(1).max(10_000_000) }).strict();

const StreetSchema = z.object({
  key: z.string(),
  name: z.string(),
  code: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
});

/** Import refusals carry every bad line: `details.errors = [{ line, message }]`. */
export const ImportErrorsDescription =
  'All or nothing: a 400 validation_failed names every bad line in details.errors.';

/** The operators' and the admin's tools around requests: stradario, templates, imports… */
export function requestOperationsRoutes(app: App, m: RequestsModule): void {
  app.get(
    '/api/streets',
    {
      // The form's autocomplete: whoever may enter or read requests.
      config: authenticated,
      schema: {
        tags,
        summary: 'Streets of the register (stradario) matching q; without q, only the count',
        querystring: z.object({ q: z.string().trim().max(100).optional() }).strict(),
        response: { 200: z.object({ count: z.number().int(), items: z.array(StreetSchema) }) },
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      const may = ['request.create', 'request.read', 'settings.manage'] as const;
      if (!may.some((p) => auth.permissions.has(p))) throw new Forbidden();
      return {
        count: await m.streets.count(),
        items: req.query.q ? await m.streets.search(req.query.q) : [],
      };
    },
  );

  app.post(
    '/api/streets/import',
    {
      config: settings,
      schema: {
        tags,
        summary: 'Replace the street register from CSV (nome; codice; lat; lon)',
        description: ImportErrorsDescription,
        body: CsvBody,
        response: {
          200: z.object({ imported: z.number().int(), withCoordinates: z.number().int() }),
        },
      },
    },
    (req) => m.streets.importCsv(actorOf(requireAuth(req)), req.body.csv),
  );
}
