import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../../../platform/http/server.js';
import { AppError } from '../../../platform/errors.js';
import { actorOf } from '../../auth/auth-context.js';
import { requireAuth } from '../../auth/auth.hook.js';
import { operatorOf } from '../acquisition.service.js';
import type { ShareAccessService, Visitor } from './share-access.service.js';
import type { ShareService } from './share.service.js';
import {
  CreatedShareSchema,
  NewShareSchema,
  OpenShareSchema,
  PublicDownloadQuerySchema,
  PublicFileQuerySchema,
  RevokeShareSchema,
  ShareAccessSchema,
  ShareParamsSchema,
  ShareSchema,
} from './share.schemas.js';

const read = { access: { permission: 'evidence.read' as const } };
const share = { access: { permission: 'evidence.share' as const } };
const open = { access: { public: true as const } };
const tags = ['evidence sharing'];
const ItemParams = z.object({ id: z.string().min(1).max(100) }).strict();

const attachment = (name: string) =>
  `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

const visitorOf = (req: FastifyRequest): Visitor => ({
  ip: req.ip,
  userAgent: (req.headers['user-agent'] ?? '').slice(0, 300) || null,
});

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A recipient who clicks a download link that can no longer be used gets a plain page that
 * says why (410 revoked/expired/exhausted), not JSON; API clients still get JSON.
 */
async function publicDownload(
  req: FastifyRequest,
  reply: FastifyReply,
  send: () => Promise<FastifyReply>,
): Promise<FastifyReply> {
  try {
    return await send();
  } catch (err: unknown) {
    if (!(err instanceof AppError) || !(req.headers.accept ?? '').includes('text/html')) throw err;
    return reply
      .status(err.status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(
        `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>Condivisione non disponibile</title></head>` +
          `<body style="font-family:sans-serif;max-width:40rem;margin:3rem auto"><h1>Condivisione non disponibile</h1>` +
          `<p data-code="${escapeHtml(err.code)}">${escapeHtml(err.message)}</p></body></html>`,
      );
  }
}

/** Share links: the operations room's routes and the recipient's few public ones. */
export function shareRoutes(app: App, deps: { shares: ShareService; access: ShareAccessService }) {
  app.get(
    '/api/evidence/share-terms',
    {
      config: share,
      schema: {
        tags,
        summary: 'Default and longest validity of a share link, in days',
        response: { 200: z.object({ defaultDays: z.number(), maxDays: z.number() }) },
      },
    },
    () => deps.shares.terms(),
  );

  app.post(
    '/api/evidence/:id/shares',
    {
      config: share,
      schema: {
        tags,
        summary:
          'Create an expiring download link for a recipient, with its verbale di consegna (the link is returned once)',
        params: ItemParams,
        body: NewShareSchema,
        response: { 201: CreatedShareSchema },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      return reply
        .status(201)
        .header('cache-control', 'no-store')
        .send(await deps.shares.create(operatorOf(auth), req.params.id, req.body));
    },
  );

  app.get(
    '/api/evidence/:id/shares',
    {
      config: read,
      schema: {
        tags,
        summary: 'The item’s share links with status and every download (time, IP)',
        params: ItemParams,
        response: { 200: z.object({ items: z.array(ShareSchema) }) },
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      return {
        items: await deps.shares.list({ actor: actorOf(auth), viewer: auth }, req.params.id),
      };
    },
  );

  app.post(
    '/api/evidence/:id/shares/:shareId/revoke',
    {
      config: share,
      schema: {
        tags,
        summary: 'Revoke a share link (with the reason): it stops working at once',
        params: ShareParamsSchema,
        body: RevokeShareSchema,
        response: { 200: ShareSchema },
      },
    },
    (req) =>
      deps.shares.revoke(
        operatorOf(requireAuth(req)),
        req.params.id,
        req.params.shareId,
        req.body.reason,
      ),
  );

  app.get(
    '/api/evidence/:id/shares/:shareId/verbale.pdf',
    {
      // No automatic HEAD: it would run the handler, counting and logging a download (or a
      // reading of the verbale) that never sends a byte.
      exposeHeadRoute: false,
      config: read,
      schema: {
        tags,
        summary: 'The verbale di consegna (handover report) of a share, PDF (recorded in custody)',
        params: ShareParamsSchema,
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      const pdf = await deps.shares.verbale(
        { actor: actorOf(auth), viewer: auth },
        req.params.id,
        req.params.shareId,
      );
      return reply
        .header('content-type', 'application/pdf')
        .header('content-length', String(pdf.bytes))
        .header('content-disposition', attachment(pdf.fileName))
        .header('cache-control', 'no-store')
        .send(pdf.stream);
    },
  );

  // ---- the recipient's routes: public, the link's secret travels only in a POST body ----

  app.post(
    '/api/public/shares/open',
    {
      config: open,
      schema: {
        tags,
        summary:
          'Recipient: open a share link (secret and optional password in the body); returns the files and a short-lived download key',
        body: OpenShareSchema,
        response: { 200: ShareAccessSchema },
      },
    },
    async (req, reply) =>
      reply
        .header('cache-control', 'no-store')
        .send(await deps.access.open(req.body.token, req.body.password, visitorOf(req))),
  );

  app.get(
    '/api/public/shares/package.zip',
    {
      // No automatic HEAD: it would run the handler, counting and logging a download (or a
      // reading of the verbale) that never sends a byte.
      exposeHeadRoute: false,
      config: open,
      schema: {
        tags,
        summary: 'Recipient: the whole package as a ZIP (counted, logged with the IP)',
        querystring: PublicDownloadQuerySchema,
      },
    },
    (req, reply) =>
      publicDownload(req, reply, async () => {
        const zip = await deps.access.packageZip(req.query.key, visitorOf(req));
        reply
          .header('content-type', 'application/zip')
          .header('content-disposition', attachment(zip.fileName))
          .header('cache-control', 'no-store');
        if (zip.bytes >= 0) reply.header('content-length', String(zip.bytes));
        return reply.send(zip.stream);
      }),
  );

  app.get(
    '/api/public/shares/file',
    {
      // No automatic HEAD: it would run the handler, counting and logging a download (or a
      // reading of the verbale) that never sends a byte.
      exposeHeadRoute: false,
      config: open,
      schema: {
        tags,
        summary: 'Recipient: one file of the package (counted, logged with the IP)',
        querystring: PublicFileQuerySchema,
      },
    },
    (req, reply) =>
      publicDownload(req, reply, async () => {
        const file = await deps.access.file(req.query.key, req.query.path, visitorOf(req));
        return reply
          .header('content-type', file.mediaType)
          .header('content-length', String(file.bytes))
          .header('content-disposition', attachment(file.fileName))
          .header('cache-control', 'no-store')
          .send(file.stream);
      }),
  );
}
