import { z } from 'zod';
import type { App } from '../../platform/http/server.js';
import { actorOf } from '../auth/auth-context.js';
import { requireAuth } from '../auth/auth.hook.js';
import type { BodycamsModule } from './bodycams.module.js';
import {
  CategorizeSchema,
  ClipListQuerySchema,
  ClipSchema,
  HoldSchema,
  IngestLogEntrySchema,
  ViewGrantSchema,
  ViewRequestSchema,
} from './clips/clips.schemas.js';

const tags = ['bodycams'];
const anyone = { access: { permission: 'authenticated' as const } };
const IdParams = z.object({ id: z.uuid() }).strict();
const Items = z.object({ items: z.array(ClipSchema) });

/** `bytes=START-END` (one range) → offsets; null when absent or unsatisfiable. */
function parseRange(h: string | undefined, total: number): { start: number; end: number } | null {
  const m = h ? /^bytes=(\d*)-(\d*)$/.exec(h.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, total - Number(m[2]));
    end = total - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? total - 1 : Math.min(Number(m[2]), total - 1);
  }
  return start <= end && start < total ? { start, end } : null;
}

/** Clips: the officer's own, categorization, audited viewing, holds, the privacy review. */
export function bodycamsClipsRoutes(app: App, m: BodycamsModule): void {
  app.get(
    '/api/bodycams/clips/mine',
    {
      config: { access: { permission: 'bodycam.own' as const } },
      schema: {
        tags,
        summary: 'The officer’s own clips (overdue ones flagged)',
        querystring: ClipListQuerySchema,
        response: { 200: Items },
      },
    },
    async (req) => ({ items: await m.clips.mine(requireAuth(req), req.query) }),
  );
  app.get(
    '/api/bodycams/clips',
    {
      config: { access: { permission: 'bodycam.view' as const } },
      schema: {
        tags,
        summary: 'The clip register (metadata only)',
        querystring: ClipListQuerySchema,
        response: { 200: Items },
      },
    },
    async (req) => ({ items: await m.clips.list(req.query) }),
  );
  app.get(
    '/api/bodycams/review',
    {
      config: { access: { permission: 'privacy.manage' as const } },
      schema: {
        tags,
        summary: 'Clips flagged for the privacy officer: too long, whole shift, outside any issue',
        response: { 200: Items },
      },
    },
    async () => ({ items: await m.clips.list({ flagged: '1', limit: 500 }) }),
  );
  app.get(
    '/api/bodycams/clips/:id',
    {
      config: anyone,
      schema: {
        tags,
        summary: 'One clip’s metadata (its officer, viewers, privacy officer)',
        params: IdParams,
        response: { 200: ClipSchema },
      },
    },
    (req) => m.clips.get(requireAuth(req), req.params.id),
  );
  app.post(
    '/api/bodycams/clips/:id/categorization',
    {
      config: anyone,
      schema: {
        tags,
        summary:
          'Categorize a clip: activation reason, category, note, soggetti avvisati, linked report',
        params: IdParams,
        body: CategorizeSchema,
        response: { 200: ClipSchema },
      },
    },
    (req) => m.clips.categorize(requireAuth(req), req.params.id, req.body),
  );
  app.post(
    '/api/bodycams/clips/:id/view',
    {
      config: anyone,
      schema: {
        tags,
        summary:
          'Ask to view or download: reason and case reference required, audited; roles per category',
        params: IdParams,
        body: ViewRequestSchema,
        response: { 200: ViewGrantSchema },
      },
    },
    (req) => m.clips.requestView(requireAuth(req), req.params.id, req.body),
  );
  app.get(
    '/api/bodycams/clips/:id/video',
    {
      config: anyone,
      schema: {
        tags,
        summary: 'The footage, for a grant from /view (Range supported)',
        params: IdParams,
        querystring: z.object({ grant: z.string().min(10).max(300) }).strict(),
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      const probe = await m.clips.get(auth, req.params.id);
      const range = parseRange(req.headers.range, probe.bytes);
      const f = await m.clips.open(auth, req.params.id, req.query.grant, range);
      reply
        .header('content-type', 'video/mp4')
        .header('accept-ranges', 'bytes')
        .header('cache-control', 'no-store')
        .header('x-vedetta-not-usable-admin', f.notUsable ? '1' : '0')
        .header('content-length', String(f.bytes));
      if (f.download) reply.header('content-disposition', `attachment; filename="${f.fileName}"`);
      if (range) {
        reply
          .status(206)
          .header('content-range', `bytes ${range.start}-${range.start + f.bytes - 1}/${f.total}`);
      }
      return reply.send(f.stream);
    },
  );
  app.post(
    '/api/bodycams/clips/:id/hold',
    {
      config: { access: { permission: 'hold.manage' as const } },
      schema: {
        tags,
        summary: 'Legal hold (AG/PG, defence): kept until released',
        params: IdParams,
        body: HoldSchema,
        response: { 200: ClipSchema },
      },
    },
    (req) => m.clips.hold(actorOf(requireAuth(req)), req.params.id, req.body.reason),
  );
  app.post(
    '/api/bodycams/clips/:id/release',
    {
      config: { access: { permission: 'hold.manage' as const } },
      schema: {
        tags,
        summary: 'Release a legal hold: the category’s retention applies again',
        params: IdParams,
        body: HoldSchema,
        response: { 200: ClipSchema },
      },
    },
    (req) => m.clips.release(actorOf(requireAuth(req)), req.params.id, req.body.reason),
  );
  app.get(
    '/api/bodycams/ingest-log',
    {
      config: { access: { permission: 'bodycam.manage' as const } },
      schema: {
        tags,
        summary: 'Every file taken from the docks: ingested, duplicate, retried, quarantined',
        querystring: z
          .object({
            outcome: z
              .enum([
                'ingested',
                'duplicate',
                'hash_mismatch',
                'quarantined',
                'failed',
                'interrupted_cleanup',
              ])
              .optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          })
          .strict(),
        response: { 200: z.object({ items: z.array(IngestLogEntrySchema) }) },
      },
    },
    async (req) => ({ items: await m.clips.ingestLog(req.query.limit, req.query.outcome) }),
  );
}
