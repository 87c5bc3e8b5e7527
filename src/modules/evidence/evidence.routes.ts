import { z } from 'zod';
import type { App } from '../../platform/http/server.js';
import { actorOf } from '../auth/auth-context.js';
import { requireAuth } from '../auth/auth.hook.js';
import { operatorOf, type AcquisitionService } from './acquisition.service.js';
import {
  AcquisitionListQuerySchema,
  AcquisitionSchema,
  DownloadQuerySchema,
  EvidenceDetailSchema,
  EvidenceSearchQuerySchema,
  EvidenceSummarySchema,
  NewAcquisitionSchema,
  PublicKeySchema,
  RetentionInputSchema,
  ViewQuerySchema,
} from './evidence.schemas.js';
import type { EvidenceService } from './evidence.service.js';
import { registersRoutes } from './registers/registers.routes.js';
import type { RegistersService } from './registers/registers.service.js';

const read = { access: { permission: 'evidence.read' as const } };
const acquire = { access: { permission: 'evidence.acquire' as const } };
const holdManage = { access: { permission: 'hold.manage' as const } };
const IdParams = z
  .object({ id: z.string().min(1).max(100).describe('id or number (AQ-…)') })
  .strict();

/** `attachment` with an ASCII name (our names are ASCII) and the RFC 5987 form. */
const attachment = (name: string) =>
  `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export function evidenceRoutes(
  app: App,
  deps: {
    acquisitions: AcquisitionService;
    evidence: EvidenceService;
    registers: RegistersService;
  },
): void {
  const tags = ['evidence'];
  // Before '/api/evidence/:id' in reading order; find-my-way prefers the static path anyway.
  registersRoutes(app, deps.registers);

  app.get(
    '/api/evidence/public-key',
    {
      config: read,
      schema: {
        tags,
        summary: 'The installation’s Ed25519 public key that signs evidence manifests',
        response: { 200: PublicKeySchema },
      },
    },
    () => deps.evidence.publicKey(),
  );

  app.post(
    '/api/evidence/acquisitions',
    {
      config: acquire,
      schema: {
        tags,
        summary: 'Acquire a camera window as evidence: places a hold and queues the export job',
        body: NewAcquisitionSchema,
        response: { 202: AcquisitionSchema },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      return reply.status(202).send(await deps.acquisitions.create(operatorOf(auth), req.body));
    },
  );

  app.get(
    '/api/evidence/acquisitions',
    {
      config: read,
      schema: {
        tags,
        summary: 'Acquisitions, newest first (queued, running, done, failed)',
        querystring: AcquisitionListQuerySchema,
        response: { 200: z.object({ items: z.array(AcquisitionSchema) }) },
      },
    },
    async (req) => ({ items: await deps.acquisitions.list(req.query, requireAuth(req)) }),
  );

  app.get(
    '/api/evidence/acquisitions/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'One acquisition with its progress (poll it while the export runs)',
        params: IdParams,
        response: { 200: AcquisitionSchema },
      },
    },
    (req) => deps.acquisitions.get(req.params.id, requireAuth(req)),
  );

  app.post(
    '/api/evidence/acquisitions/:id/retry',
    {
      config: acquire,
      schema: {
        tags,
        summary: 'Queue a failed acquisition again',
        params: IdParams,
        body: z.object({}).strict().optional(),
        response: { 202: AcquisitionSchema },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      return reply.status(202).send(await deps.acquisitions.retry(operatorOf(auth), req.params.id));
    },
  );

  app.get(
    '/api/evidence',
    {
      config: read,
      schema: {
        tags,
        summary: 'The evidence register: search by camera, request, footage date and text',
        querystring: EvidenceSearchQuerySchema,
        response: { 200: z.object({ items: z.array(EvidenceSummarySchema) }) },
      },
    },
    async (req) => ({ items: await deps.evidence.list(req.query, requireAuth(req)) }),
  );

  app.get(
    '/api/evidence/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'One evidence item with files, hashes and chain of custody (the view is recorded)',
        params: IdParams,
        querystring: ViewQuerySchema,
        response: { 200: EvidenceDetailSchema },
      },
    },
    (req) => {
      const auth = requireAuth(req);
      return deps.evidence.get(
        { actor: actorOf(auth), viewer: auth },
        req.params.id,
        req.query.reason,
      );
    },
  );

  app.get(
    '/api/evidence/:id/package.zip',
    {
      config: read,
      schema: {
        tags,
        summary: 'The whole package as a ZIP, streamed (the download and its reason are recorded)',
        params: IdParams,
        querystring: DownloadQuerySchema,
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      const zip = await deps.evidence.packageZip(
        { actor: actorOf(auth), viewer: auth },
        req.params.id,
        req.query.reason,
      );
      reply
        .header('content-type', 'application/zip')
        .header('content-disposition', attachment(zip.fileName))
        .header('cache-control', 'no-store');
      if (zip.bytes >= 0) reply.header('content-length', String(zip.bytes));
      return reply.send(zip.stream);
    },
  );

  app.get(
    '/api/evidence/:id/files/*',
    {
      config: read,
      schema: {
        tags,
        summary: 'One file of the package by its path (the download and its reason are recorded)',
        params: z.object({ id: IdParams.shape.id, '*': z.string().min(1).max(500) }).strict(),
        querystring: DownloadQuerySchema,
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      const file = await deps.evidence.file(
        { actor: actorOf(auth), viewer: auth },
        req.params.id,
        req.params['*'],
        req.query.reason,
      );
      return reply
        .header('content-type', file.mediaType)
        .header('content-length', String(file.bytes))
        .header('content-disposition', attachment(file.fileName))
        .header('cache-control', 'no-store')
        .send(file.stream);
    },
  );

  app.post(
    '/api/evidence/:id/retention',
    {
      config: holdManage,
      schema: {
        tags,
        summary:
          'Set the evidence’s own retention and legal hold (independent of camera retention)',
        params: IdParams,
        body: RetentionInputSchema,
        response: { 200: EvidenceSummarySchema },
      },
    },
    (req) => {
      const auth = requireAuth(req);
      return deps.evidence.setRetention(
        { actor: actorOf(auth), viewer: auth },
        req.params.id,
        req.body,
      );
    },
  );
}
