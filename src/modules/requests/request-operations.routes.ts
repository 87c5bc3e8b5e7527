import { z } from 'zod';
import { Forbidden } from '../../platform/errors.js';
import type { App } from '../../platform/http/server.js';
import { actorOf } from '../auth/auth-context.js';
import { requireAuth } from '../auth/auth.hook.js';
import { NOTICE_KEYS } from './notice-templates.js';
import type { RequestsModule } from './requests.module.js';
import {
  RequestDetailSchema,
  RequestSummarySchema,
  type RequestSummary,
} from './requests.schemas.js';
import type { RequestActor } from './request-record.js';
import type { AuthContext } from '../auth/auth-context.js';

const byOf = (auth: AuthContext): RequestActor => ({
  actor: actorOf(auth),
  userId: auth.userId,
  name: auth.displayName || auth.username,
});

const tags = ['requests'];
const settings = { access: { permission: 'settings.manage' as const } };
const authenticated = { access: { permission: 'authenticated' as const } };
const processing = { access: { permission: 'request.process' as const } };
const TemplateSchema = z.object({
  subject: z.string().trim().min(1).max(300),
  body: z.string().min(1).max(20_000),
});
const TemplateViewSchema = TemplateSchema.extend({
  key: z.enum(NOTICE_KEYS),
  custom: z.boolean(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
const KeyParams = z.object({ key: z.enum(NOTICE_KEYS) }).strict();

/** The request a template preview is filled with when no real one is named. */
const SAMPLE: RequestSummary = {
  id: '00000000-0000-4000-8000-000000000000',
  number: 'VS-2026-000123',
  channel: 'email',
  state: 'in_lavorazione',
  negativeReason: 'camera_offline',
  stateReason: null,
  mergedInto: null,
  subject: 'Richiesta immagini sinistro stradale',
  eventType: 'sinistro_stradale',
  window: { from: '2026-11-21T17:10:00.000Z', to: '2026-11-21T17:40:00.000Z' },
  place: {
    text: null,
    street: 'via Emilia San Pietro',
    number: '12',
    crossStreet: null,
    landmark: null,
    lat: null,
    lon: null,
  },
  requester: {
    name: 'Mario Rossi',
    email: 'mario.rossi@comune.example.it',
    rank: 'Ag.',
    badge: '1234',
    unit: 'Reparto Infortunistica',
    phone: null,
    type: 'officer',
  },
  references: [{ kind: 'verbale', number: '2231/2026' }],
  urgent: false,
  daSmistare: false,
  triageNotes: [],
  dueAt: null,
  msLeft: null,
  assignedTo: null,
  assignedName: null,
  evidenceId: null,
  legacyNumber: null,
  createdAt: '2026-11-22T08:00:00.000Z',
  updatedAt: '2026-11-22T08:00:00.000Z',
  closedAt: null,
};

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

  app.get(
    '/api/requests/assignees',
    {
      config: processing,
      schema: {
        tags,
        summary: 'Active accounts that may process requests (to assign one)',
        response: {
          200: z.object({
            items: z.array(z.object({ id: z.string(), name: z.string(), username: z.string() })),
          }),
        },
      },
    },
    async () => ({ items: await m.lifecycle.assignees() }),
  );

  app.get(
    '/api/notice-templates',
    {
      config: settings,
      schema: {
        tags,
        summary: 'The Italian templates of the mails to requesters, with their placeholders',
        response: {
          200: z.object({
            items: z.array(TemplateViewSchema),
            placeholders: z.record(z.string(), z.string()),
          }),
        },
      },
    },
    () => m.notices.templates(),
  );

  app.put(
    '/api/notice-templates/:key',
    {
      config: settings,
      schema: {
        tags,
        summary: 'Save a template (unknown placeholders are refused); audited',
        params: KeyParams,
        body: TemplateSchema.strict(),
        response: { 200: TemplateViewSchema },
      },
    },
    (req) => m.notices.saveTemplate(actorOf(requireAuth(req)), req.params.key, req.body),
  );

  app.delete(
    '/api/notice-templates/:key',
    {
      config: settings,
      schema: {
        tags,
        summary: 'Restore the built-in text of a template; audited',
        params: KeyParams,
        response: { 200: TemplateViewSchema },
      },
    },
    (req) => m.notices.saveTemplate(actorOf(requireAuth(req)), req.params.key, null),
  );

  app.post(
    '/api/notice-templates/preview',
    {
      config: settings,
      schema: {
        tags,
        summary: 'A template filled with a sample request, before saving it',
        body: TemplateSchema.strict(),
        response: { 200: TemplateSchema },
      },
    },
    (req) => m.notices.preview(req.body, SAMPLE),
  );

  const IdParams = z.object({ id: z.string().min(1).max(100) }).strict();
  const Reason = z.string().trim().min(3).max(2000);

  app.get(
    '/api/requests/:id/duplicates',
    {
      config: processing,
      schema: {
        tags,
        summary: 'Open requests overlapping this one in place and time (proposed for merging)',
        params: IdParams,
        response: {
          200: z.object({
            items: z.array(
              z.object({ request: RequestSummarySchema, reasons: z.array(z.string()) }),
            ),
          }),
        },
      },
    },
    async (req) => ({ items: await m.duplicates.candidates(req.params.id) }),
  );

  app.post(
    '/api/requests/:id/merge',
    {
      config: processing,
      schema: {
        tags,
        summary: 'Merge another request into this one (it becomes "unita"; its requester is kept)',
        params: IdParams,
        body: z.object({ sourceId: z.string().min(1).max(100), reason: Reason }).strict(),
        response: { 200: RequestDetailSchema },
      },
    },
    (req) =>
      m.duplicates.merge(byOf(requireAuth(req)), req.params.id, req.body.sourceId, req.body.reason),
  );

  app.post(
    '/api/requests/:id/duplicates/dismiss',
    {
      config: processing,
      schema: {
        tags,
        summary: 'Not the same event: the pair is no longer proposed (audited with the reason)',
        params: IdParams,
        body: z.object({ otherId: z.string().min(1).max(100), reason: Reason }).strict(),
        response: { 200: z.object({ dismissed: z.literal(true) }) },
      },
    },
    async (req) => {
      await m.duplicates.dismiss(
        byOf(requireAuth(req)),
        req.params.id,
        req.body.otherId,
        req.body.reason,
      );
      return { dismissed: true as const };
    },
  );

  app.post(
    '/api/requests/import',
    {
      config: processing,
      schema: {
        tags,
        summary: 'Import the previous register of requests from CSV (documented columns)',
        description: ImportErrorsDescription,
        body: CsvBody,
        response: {
          200: z.object({ imported: z.number().int(), numbers: z.array(z.string()) }),
        },
      },
    },
    (req) => m.legacy.importCsv(byOf(requireAuth(req)), req.body.csv),
  );
}
