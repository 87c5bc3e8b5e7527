import { z } from 'zod';
import { Forbidden } from '../../platform/errors.js';
import type { App } from '../../platform/http/server.js';
import { OutboxItemSchema, type Outbox } from '../../platform/mail/outbox.js';
import type { AuthContext } from '../auth/auth-context.js';
import { actorOf } from '../auth/auth-context.js';
import { requireAuth } from '../auth/auth.hook.js';
import {
  AssignSchema,
  ChangeStateSchema,
  CommentInputSchema,
  IntakeMessageSchema,
  NewRequestSchema,
  RequestDetailSchema,
  RequestListQuerySchema,
  RequestSummarySchema,
  UpdateFieldsSchema,
} from './requests.schemas.js';
import { requestOperationsRoutes } from './request-operations.routes.js';
import type { RequestActor } from './request-record.js';
import type { RequestsModule } from './requests.module.js';

const read = { access: { permission: 'request.read' as const } };
const processing = { access: { permission: 'request.process' as const } };
const create = { access: { permission: 'request.create' as const } };
const Params = z.object({ id: z.string().min(1).max(100) }).strict();
const Empty = z.object({}).strict();
const tags = ['requests'];

const by = (auth: AuthContext): RequestActor => ({
  actor: actorOf(auth),
  userId: auth.userId,
  name: auth.displayName || auth.username,
});

/** Footage requests: the register, the operators' queue, the lifecycle, the intake's quarantine. */
export function requestsRoutes(
  app: App,
  { module: m, outbox }: { module: RequestsModule; outbox: Outbox },
): void {
  const deps = { ...m, outbox };
  requestOperationsRoutes(app, m);
  app.get(
    '/api/requests',
    {
      config: read,
      schema: {
        tags,
        summary: 'The register of footage requests, newest first',
        querystring: RequestListQuerySchema,
        response: { 200: z.object({ items: z.array(RequestSummarySchema) }) },
      },
    },
    async (req) => ({ items: await deps.requests.list(req.query) }),
  );

  app.get(
    '/api/requests/queue',
    {
      config: read,
      schema: {
        tags,
        summary: 'Open requests: "da smistare" first, then by time left before the footage expires',
        response: { 200: z.object({ now: z.string(), items: z.array(RequestSummarySchema) }) },
      },
    },
    async () => ({ now: deps.requests.now(), items: await deps.requests.queue() }),
  );

  app.get(
    '/api/requests/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'One request (by id or number) with holds, parsed fields, comments and history',
        params: Params,
        response: { 200: RequestDetailSchema },
      },
    },
    (req) => deps.requests.get(req.params.id),
  );

  app.post(
    '/api/requests',
    {
      config: create,
      schema: {
        tags,
        summary: 'A request from the officers’ form or entered by hand (phone, paper, in person)',
        body: NewRequestSchema,
        response: { 201: RequestDetailSchema },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      const selfService = !auth.permissions.has('request.process');
      return reply
        .status(201)
        .send(await deps.requests.create(by(auth), req.body, { selfService }));
    },
  );

  app.post(
    '/api/requests/:id/take',
    {
      config: processing,
      schema: {
        tags,
        summary: 'Take the request: assigned to the caller and in progress',
        params: Params,
        body: Empty,
        response: { 200: RequestDetailSchema },
      },
    },
    (req) => deps.lifecycle.take(by(requireAuth(req)), req.params.id),
  );

  app.post(
    '/api/requests/:id/fields',
    {
      config: processing,
      schema: {
        tags,
        summary: 'Correct fields (place, time, type, references) with a reason; preserves again',
        params: Params,
        body: UpdateFieldsSchema,
        response: { 200: RequestDetailSchema },
      },
    },
    (req) => deps.lifecycle.updateFields(by(requireAuth(req)), req.params.id, req.body),
  );

  app.post(
    '/api/requests/:id/assign',
    {
      config: processing,
      schema: {
        tags,
        summary: 'Assign the request to an operator (null: nobody)',
        params: Params,
        body: AssignSchema,
        response: { 200: RequestDetailSchema },
      },
    },
    (req) => deps.lifecycle.assign(by(requireAuth(req)), req.params.id, req.body.userId),
  );

  app.post(
    '/api/requests/:id/state',
    {
      config: processing,
      schema: {
        tags,
        summary: 'Change state (evasa, negativa with its reason, annullata, unita into another)',
        params: Params,
        body: ChangeStateSchema,
        response: { 200: RequestDetailSchema },
      },
    },
    (req) => deps.lifecycle.changeState(by(requireAuth(req)), req.params.id, req.body),
  );

  app.post(
    '/api/requests/:id/comments',
    {
      config: processing,
      schema: {
        tags,
        summary: 'Add a comment',
        params: Params,
        body: CommentInputSchema,
        response: { 201: RequestDetailSchema },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await deps.lifecycle.comment(by(requireAuth(req)), req.params.id, req.body.text)),
  );

  app.get(
    '/api/intake/messages',
    {
      config: processing,
      schema: {
        tags,
        summary: 'Received messages; status=quarantined lists the quarantine with its reasons',
        querystring: z
          .object({
            status: z
              .enum(['accepted', 'quarantined', 'duplicate', 'processing', 'discarded'])
              .optional(),
          })
          .strict(),
        response: { 200: z.object({ items: z.array(IntakeMessageSchema) }) },
      },
    },
    async (req) => ({ items: await deps.intake.list(req.query.status) }),
  );

  app.get(
    '/api/intake/messages/:id/raw',
    {
      config: processing,
      schema: {
        tags,
        summary: 'The message as received (.eml), served as plain text, never rendered',
        params: z.object({ id: z.uuid() }).strict(),
      },
    },
    async (req, reply) =>
      reply
        .header('content-type', 'text/plain; charset=utf-8')
        .header('content-disposition', `attachment; filename="${req.params.id}.eml"`)
        .send(await deps.intake.raw(req.params.id)),
  );

  app.post(
    '/api/intake/messages/:id/reprocess',
    {
      config: processing,
      schema: {
        tags,
        summary: 'Read a quarantined message again; accept=true makes it a request anyway',
        params: z.object({ id: z.uuid() }).strict(),
        body: z
          .object({
            accept: z.boolean().default(false),
            reason: z.string().trim().min(5).max(2000),
          })
          .strict(),
        response: {
          200: z.object({
            status: z.enum(['accepted', 'quarantined', 'duplicate']),
            intakeId: z.string(),
            requestId: z.string().nullable(),
            requestNumber: z.string().nullable(),
            reason: z.string().nullable(),
          }),
        },
      },
    },
    (req) => deps.intake.reprocess(by(requireAuth(req)), req.params.id, req.body),
  );

  app.post(
    '/api/intake/messages/:id/discard',
    {
      config: processing,
      schema: {
        tags,
        summary: 'Discard a quarantined message with a reason (kept, never deleted; audited)',
        params: z.object({ id: z.uuid() }).strict(),
        body: z.object({ reason: z.string().trim().min(5).max(2000) }).strict(),
        response: { 200: IntakeMessageSchema },
      },
    },
    (req) => deps.intake.discard(by(requireAuth(req)), req.params.id, req.body.reason),
  );

  app.post(
    '/api/outbox/:id/retry',
    {
      config: { access: { permission: 'authenticated' } },
      schema: {
        tags,
        summary: 'Send a failed mail again (attempts start from zero)',
        params: z.object({ id: z.uuid() }).strict(),
        body: Empty,
        response: { 200: OutboxItemSchema },
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      if (!auth.permissions.has('settings.manage') && !auth.permissions.has('request.process')) {
        throw new Forbidden();
      }
      return deps.notices.retry(actorOf(auth), req.params.id);
    },
  );

  app.get(
    '/api/mailboxes',
    {
      config: processing,
      schema: {
        tags,
        summary: 'Where mail is received: the built-in SMTP receiver and the IMAP connector',
        response: {
          200: z.object({
            smtp: z.object({ host: z.string(), port: z.number().int() }).nullable(),
            imap: z
              .object({
                mailbox: z.string(),
                connected: z.boolean(),
                passes: z.number().int(),
                lastError: z.string().nullable(),
              })
              .nullable(),
          }),
        },
      },
    },
    () => {
      const smtp = deps.mailboxes.smtpAddress;
      return {
        smtp: smtp ? { host: smtp.address, port: smtp.port } : null,
        imap: deps.mailboxes.imapConnector?.status ?? null,
      };
    },
  );

  app.get(
    '/api/outbox',
    {
      // Two roles read it (the admin and the operators): the permission is checked below.
      config: { access: { permission: 'authenticated' } },
      schema: {
        tags,
        summary: 'Outgoing mail (acknowledgements, notices); without a relay it stays here',
        querystring: z
          .object({
            requestId: z.string().max(100).optional(),
            status: z.enum(['queued', 'sent', 'failed', 'local']).optional(),
          })
          .strict(),
        response: {
          200: z.object({ relayConfigured: z.boolean(), items: z.array(OutboxItemSchema) }),
        },
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      if (!auth.permissions.has('settings.manage') && !auth.permissions.has('request.process')) {
        throw new Forbidden();
      }
      return {
        relayConfigured: deps.outbox.relayConfigured,
        items: await deps.outbox.list({
          limit: 200,
          relatedId: req.query.requestId,
          status: req.query.status,
        }),
      };
    },
  );
}
