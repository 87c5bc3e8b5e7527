import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import type { App } from '../../platform/http/server.js';
import { requireAuth } from '../auth/auth.hook.js';
import type { BodycamsModule } from './bodycams.module.js';
import {
  httpDate,
  OFFSET_CONTENT_TYPE,
  parseNonNegative,
  TUS_CHECKSUM_ALGORITHMS,
  TUS_EXTENSIONS,
  TUS_VERSION,
} from './uploads/tus-protocol.js';
import type { UploadState } from './uploads/tus-upload.service.js';
import type { UploadStatus } from './uploads/uploads.tables.js';

const tags = ['bodycams'];
const BASE = '/api/bodycams/uploads';
const manage = { access: { permission: 'bodycam.manage' as const } };
const IdParams = z.object({ id: z.string().min(1).max(64) }).strict();
const UPLOAD_STATUSES = [
  'receiving',
  'ingesting',
  'done',
  'expired',
  'terminated',
  'failed',
] as const satisfies readonly UploadStatus[];

const UploadSchema = z.object({
  id: z.string(),
  serial: z.string(),
  fileName: z.string(),
  length: z.number(),
  offset: z.number(),
  status: z.enum(UPLOAD_STATUSES),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  completedAt: z.string().nullable(),
  outcome: z.string().nullable(),
  reason: z.string().nullable(),
  clipId: z.string().nullable(),
});

const NotIngestedSchema = UploadSchema.extend({
  kind: z.enum(['failed', 'stale', 'expired']),
  updatedAt: z.string(),
  fileKept: z.boolean(),
});

const DiscardSchema = z
  .object({
    reason: z
      .string()
      .trim()
      .min(5, 'motivo obbligatorio (almeno 5 caratteri)')
      .max(500, 'motivo troppo lungo (al massimo 500 caratteri)'),
  })
  .strict();

const header = (req: FastifyRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

function stateHeaders(reply: FastifyReply, s: UploadState): void {
  reply.header('upload-offset', String(s.offset));
  if (s.expiresAt !== null) reply.header('upload-expires', httpDate(s.expiresAt));
}

/**
 * Resumable upload for docking PCs (tus 1.0.0: core, creation, termination, expiration,
 * checksum with sha256). The dock PC signs in with its own account holding bodycam.manage and
 * sends the session cookie and X-CSRF-Token on every request, like any API client. PATCH
 * bodies (application/offset+octet-stream) are streamed to disk, never held in memory.
 */
export function bodycamsUploadsRoutes(app: App, m: BodycamsModule): void {
  void app.register((scope: App, _opts, done) => {
    // The raw request stream is the body: the service writes it to disk as it arrives.
    scope.addContentTypeParser(OFFSET_CONTENT_TYPE, (_req, payload, next) => next(null, payload));
    scope.addHook('onSend', async (_req, reply, payload) => {
      reply.header('tus-resumable', TUS_VERSION);
      reply.header('cache-control', 'no-store');
      return payload;
    });
    // Every tus request but OPTIONS names the protocol version (after the auth hook: an
    // anonymous caller gets 401 whatever it sends).
    scope.addHook('preValidation', (req, _reply, next) => {
      if (
        req.method === 'OPTIONS' ||
        req.method === 'GET' ||
        header(req, 'tus-resumable') === TUS_VERSION
      ) {
        next();
        return;
      }
      next(
        new AppError(
          'tus_version_unsupported',
          412,
          `Tus-Resumable ${TUS_VERSION} richiesto`,
          undefined,
          { 'tus-version': TUS_VERSION },
        ),
      );
    });

    const options = async (_req: FastifyRequest, reply: FastifyReply) => {
      reply
        .status(204)
        .header('tus-version', TUS_VERSION)
        .header('tus-extension', TUS_EXTENSIONS)
        .header('tus-max-size', String(m.uploads.maxBytes))
        .header('tus-checksum-algorithm', TUS_CHECKSUM_ALGORITHMS);
      return reply.send();
    };
    scope.options(BASE, { config: manage, schema: { tags, hide: true } }, options);
    scope.options(`${BASE}/:id`, { config: manage, schema: { tags, hide: true } }, options);

    scope.post(
      BASE,
      {
        config: manage,
        schema: {
          tags,
          summary:
            'tus creation: Upload-Length and Upload-Metadata (filename, serial) → 201 with Location',
        },
      },
      async (req, reply) => {
        const created = await m.uploads.create(requireAuth(req), {
          length: parseNonNegative(req.headers['upload-length']),
          metadata: header(req, 'upload-metadata'),
          deferLength: req.headers['upload-defer-length'] !== undefined,
        });
        reply
          .status(201)
          .header('location', `${BASE}/${created.id}`)
          .header('upload-offset', '0')
          .header('upload-expires', httpDate(created.expiresAt));
        return reply.send();
      },
    );

    scope.head(
      `${BASE}/:id`,
      {
        config: manage,
        schema: { tags, summary: 'tus: the offset to resume from', params: IdParams },
      },
      async (req, reply) => {
        const s = await m.uploads.head(requireAuth(req), req.params.id);
        stateHeaders(reply, s);
        reply.header('upload-length', String(s.length));
        if (s.metadata) reply.header('upload-metadata', s.metadata);
        return reply.status(200).send();
      },
    );

    scope.patch(
      `${BASE}/:id`,
      {
        config: manage,
        schema: {
          tags,
          summary:
            'tus: append bytes at Upload-Offset (application/offset+octet-stream; Upload-Checksum sha256 optional)',
          params: IdParams,
        },
      },
      async (req, reply) => {
        const s = await m.uploads.append(requireAuth(req), req.params.id, {
          offset: parseNonNegative(req.headers['upload-offset']),
          contentType: header(req, 'content-type'),
          contentLength: parseNonNegative(req.headers['content-length']),
          checksum: header(req, 'upload-checksum'),
          body: req.body as Readable | undefined,
        });
        stateHeaders(reply, s);
        return reply.status(204).send();
      },
    );

    scope.delete(
      `${BASE}/:id`,
      {
        config: manage,
        schema: { tags, summary: 'tus termination: abandon an upload', params: IdParams },
      },
      async (req, reply) => {
        await m.uploads.terminate(requireAuth(req), req.params.id);
        return reply.status(204).send();
      },
    );

    scope.get(
      BASE,
      {
        config: manage,
        schema: {
          tags,
          summary:
            'Uploads with their state and the ingest outcome (clip, duplicate, quarantine); status=failed: complete uploads whose ingest was given up, file kept',
          querystring: z
            .object({
              status: z.enum(UPLOAD_STATUSES).optional(),
              limit: z.coerce.number().int().min(1).max(500).default(100),
            })
            .strict(),
          response: { 200: z.object({ items: z.array(UploadSchema) }) },
        },
      },
      async (req) => ({ items: await m.uploads.list(req.query) }),
    );
    done();
  });
  uploadIssuesRoutes(app, m);
}

/**
 * The operations room's side of the uploads (outside the tus scope: plain JSON requests):
 * uploads not ingested, and the two acts on a failed one, retry and discard into quarantine.
 */
function uploadIssuesRoutes(app: App, m: BodycamsModule): void {
  app.get(
    `${BASE}/not-ingested`,
    {
      config: manage,
      schema: {
        tags,
        summary:
          'Uploads not ingested: failed (ingest given up, file kept), stale (receiving, no progress for an hour) and expired in the last 7 days; with whether the data file is still there',
        querystring: z
          .object({ limit: z.coerce.number().int().min(1).max(500).default(200) })
          .strict(),
        response: { 200: z.object({ items: z.array(NotIngestedSchema) }) },
      },
    },
    async (req) => ({ items: await m.uploads.notIngested(req.query.limit) }),
  );

  app.post(
    `${BASE}/:id/retry`,
    {
      config: manage,
      schema: {
        tags,
        summary:
          'Retry the ingest of a failed upload: a new ingest job runs the same per-file pipeline on the kept file (audited)',
        params: IdParams,
        response: { 202: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req, reply) => {
      await m.uploads.retry(requireAuth(req), req.params.id);
      return reply.status(202).send({ ok: true as const });
    },
  );

  app.post(
    `${BASE}/:id/discard`,
    {
      config: manage,
      schema: {
        tags,
        summary:
          'Discard a failed upload with a reason: its file is moved, verified, into quarantine in storage (never deleted), logged and audited',
        params: IdParams,
        body: DiscardSchema,
        response: { 200: z.object({ storageKey: z.string() }) },
      },
    },
    async (req) => m.uploads.discard(requireAuth(req), req.params.id, req.body.reason),
  );
}
