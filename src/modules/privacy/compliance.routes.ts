import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import type { App } from '../../platform/http/server.js';
import { actorOf } from '../auth/auth-context.js';
import { requireAuth } from '../auth/auth.hook.js';
import type { ComplianceModule } from './compliance.module.js';
import {
  AssignDpiaSchema,
  CameraComplianceSchema,
  CameraDpiaRowSchema,
  InForceSchema,
  NewRecordSchema,
  RecordQuerySchema,
  RecordSchema,
  ToolSchema,
  UploadedFileSchema,
  UploadQuerySchema,
} from './compliance.schemas.js';

const tags = ['privacy'];
// Readers are three roles' permissions (privacy.manage, settings.manage, report.read): the
// service checks them; writes need privacy.manage.
const readers = { access: { permission: 'authenticated' as const } };
const manage = { access: { permission: 'privacy.manage' as const } };
const IdParams = z.object({ id: z.string().min(1).max(100) }).strict();

/** The media type of a request, without parameters (`application/pdf; x=y` → `application/pdf`). */
const mediaType = (header: string | undefined) =>
  (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** `inline` with an ASCII name and the RFC 5987 form. */
const inline = (name: string) =>
  `inline; filename="${name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** Compliance records (G1): DPIA, DPO opinion, regulation text and signage notice per tool. */
export function complianceRoutes(app: App, m: ComplianceModule): void {
  // The PDF upload takes a raw application/pdf body with its own limit; the parser is scoped to
  // this plugin so the rest of the API keeps accepting JSON only.
  void app.register((scope: App, _opts, done) => {
    scope.addContentTypeParser(
      'application/pdf',
      { parseAs: 'buffer', bodyLimit: m.maxPdfBytes },
      (_req, body, next) => next(null, body),
    );
    scope.post(
      '/api/compliance/uploads',
      {
        config: manage,
        bodyLimit: m.maxPdfBytes,
        // Before the body is read (and after the session and CSRF checks): any other type would
        // reach Fastify's own parsers (text, JSON) and end up as a misleading "empty file".
        onRequest: (req, _reply, done) => {
          done(
            mediaType(req.headers['content-type']) === 'application/pdf'
              ? undefined
              : new AppError(
                  'unsupported_media_type',
                  415,
                  'Il Content-Type deve essere application/pdf',
                ),
          );
        },
        schema: {
          tags,
          summary: `Upload a PDF (raw body, Content-Type: application/pdf, at most ${Math.floor(m.maxPdfBytes / 1024 / 1024)} MiB); stored by SHA-256, audited`,
          querystring: UploadQuerySchema,
          response: { 201: UploadedFileSchema },
        },
      },
      async (req, reply) => {
        const auth = requireAuth(req);
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        return reply
          .status(201)
          .send(
            await m.service.upload(
              actorOf(auth),
              auth.permissions,
              body,
              req.query.filename ?? null,
            ),
          );
      },
    );
    done();
  });

  app.get(
    '/api/compliance/records',
    {
      config: readers,
      schema: {
        tags,
        summary: 'Compliance records, newest first, each in force, superseded or scheduled',
        querystring: RecordQuerySchema,
        response: { 200: z.object({ items: z.array(RecordSchema) }) },
      },
    },
    async (req) => ({ items: await m.service.list(requireAuth(req), req.query) }),
  );
  app.post(
    '/api/compliance/records',
    {
      config: manage,
      schema: {
        tags,
        summary:
          'Register a record (its PDF uploaded first): it supersedes the previous one of its tool and kind from effectiveFrom; audited',
        body: NewRecordSchema,
        response: { 201: RecordSchema },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      return reply
        .status(201)
        .send(await m.service.create(actorOf(auth), auth.permissions, req.body));
    },
  );
  app.get(
    '/api/compliance/records/:id',
    {
      config: readers,
      schema: { tags, summary: 'One record', params: IdParams, response: { 200: RecordSchema } },
    },
    (req) => m.service.get(requireAuth(req), req.params.id),
  );
  app.get(
    '/api/compliance/records/:id/file',
    {
      config: readers,
      schema: { tags, summary: 'The record’s PDF', params: IdParams },
    },
    async (req, reply) => {
      const f = await m.service.file(requireAuth(req), req.params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-length', String(f.bytes))
        .header('content-disposition', inline(f.name))
        .header('x-content-sha256', f.sha256)
        .header('cache-control', 'no-store')
        .send(f.stream);
    },
  );
  app.get(
    '/api/compliance/in-force',
    {
      config: { access: { permission: 'authenticated' as const } },
      schema: {
        tags,
        summary: 'A tool’s records in force at an instant (default now): titles and versions only',
        querystring: z
          .object({ tool: ToolSchema, at: z.iso.datetime({ offset: true }).optional() })
          .strict(),
        response: { 200: InForceSchema },
      },
    },
    (req) => m.service.inForce(req.query.tool, req.query.at ? Date.parse(req.query.at) : undefined),
  );
  app.get(
    '/api/compliance/cameras',
    {
      config: { access: { permission: 'camera.read' as const } },
      schema: {
        tags,
        summary: 'Every camera the user may see with the DPIA covering it',
        response: { 200: z.object({ items: z.array(CameraDpiaRowSchema) }) },
      },
    },
    async (req) => ({ items: await m.cameras.list(requireAuth(req)) }),
  );
  app.get(
    '/api/compliance/cameras/:id',
    {
      config: { access: { permission: 'camera.read' as const } },
      schema: {
        tags,
        summary: 'The DPIA covering a camera (tied to it, or the CCTV DPIA in force)',
        params: IdParams,
        response: { 200: CameraComplianceSchema },
      },
    },
    (req) => m.cameras.camera(requireAuth(req), req.params.id),
  );
  app.put(
    '/api/compliance/cameras/:id/dpia',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Tie a camera to a specific CCTV DPIA, or (null) to the one in force; audited',
        params: IdParams,
        body: AssignDpiaSchema,
        response: { 200: CameraComplianceSchema },
      },
    },
    (req) => {
      const auth = requireAuth(req);
      return m.cameras.assign(auth, actorOf(auth), req.params.id, req.body.recordId);
    },
  );
}
