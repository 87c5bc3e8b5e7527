import { z } from 'zod';
import type { App } from '../../platform/http/server.js';
import { actorOf } from '../auth/auth-context.js';
import { requireAuth } from '../auth/auth.hook.js';
import {
  HoldSchema,
  NewHoldSchema,
  ReleaseHoldSchema,
  type HoldsService,
} from './holds.service.js';
import {
  AvailabilityQuerySchema,
  CameraAvailabilitySchema,
  NewPlaybackSchema,
  PlaybackSessionSchema,
} from './playback.schemas.js';
import type { PlaybackService } from './playback.service.js';

const playback = { access: { permission: 'recording.playback' as const } };
const holdManage = { access: { permission: 'hold.manage' as const } };
const SessionParams = z.object({ id: z.uuid() }).strict();

export function recordingRoutes(
  app: App,
  deps: { playback: PlaybackService; holds: HoldsService },
): void {
  app.get(
    '/api/recordings/availability',
    {
      config: playback,
      schema: {
        tags: ['recordings'],
        summary: 'What is recorded, missing (gaps with cause), held and deleted, per camera',
        querystring: AvailabilityQuerySchema,
        response: { 200: z.object({ items: z.array(CameraAvailabilitySchema) }) },
      },
    },
    async (req) => ({
      items: await deps.playback.availability(
        requireAuth(req),
        req.query.cameras,
        req.query.from,
        req.query.to,
      ),
    }),
  );

  app.post(
    '/api/playback',
    {
      config: playback,
      schema: {
        tags: ['recordings'],
        summary: 'Open an audited playback session for one camera and window (with a reason)',
        body: NewPlaybackSchema,
        response: { 201: PlaybackSessionSchema },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      return reply.status(201).send(await deps.playback.start(auth, actorOf(auth), req.body));
    },
  );

  app.get(
    '/api/playback/:id',
    {
      config: playback,
      schema: {
        tags: ['recordings'],
        summary: 'A playback session with the segments recorded so far',
        params: SessionParams,
        response: { 200: PlaybackSessionSchema },
      },
    },
    (req) => deps.playback.get(requireAuth(req), req.params.id),
  );

  app.get(
    '/api/playback/:id/segments/:segmentId',
    {
      config: playback,
      schema: {
        tags: ['recordings'],
        summary: 'One recorded segment (fragmented MP4) of the session',
        params: z.object({ id: z.uuid(), segmentId: z.uuid() }).strict(),
      },
    },
    async (req, reply) => {
      const { stream, bytes } = await deps.playback.segment(
        requireAuth(req),
        req.params.id,
        req.params.segmentId,
      );
      return reply
        .header('content-type', 'video/mp4')
        .header('content-length', String(bytes))
        .header('cache-control', 'private, max-age=3600')
        .send(stream);
    },
  );

  app.get(
    '/api/playback/:id/thumbnail',
    {
      config: playback,
      schema: {
        tags: ['recordings'],
        summary: 'A JPEG frame near an instant of the session',
        params: SessionParams,
        querystring: z.object({ at: z.iso.datetime({ offset: true }) }).strict(),
      },
    },
    async (req, reply) => {
      const jpeg = await deps.playback.thumbnail(requireAuth(req), req.params.id, req.query.at);
      return reply
        .header('content-type', 'image/jpeg')
        .header('cache-control', 'private, max-age=86400')
        .send(jpeg);
    },
  );

  app.get(
    '/api/holds',
    {
      config: holdManage,
      schema: {
        tags: ['holds'],
        summary: 'Preservation holds: active ones, or all with ?all=1',
        querystring: z.object({ all: z.enum(['0', '1']).optional() }).strict(),
        response: { 200: z.object({ items: z.array(HoldSchema) }) },
      },
    },
    async (req) => ({
      items: await deps.holds.list({
        includeEnded: req.query.all === '1',
        viewer: requireAuth(req),
      }),
    }),
  );

  app.post(
    '/api/holds',
    {
      config: holdManage,
      schema: {
        tags: ['holds'],
        summary: 'Place a preservation hold on cameras and a window (audited with its reason)',
        body: NewHoldSchema,
        response: { 201: HoldSchema },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await deps.holds.place(actorOf(requireAuth(req)), req.body, { viewer: requireAuth(req) }),
        ),
  );

  app.post(
    '/api/holds/:id/release',
    {
      config: holdManage,
      schema: {
        tags: ['holds'],
        summary: 'Release a hold after review (audited with its reason)',
        params: SessionParams,
        body: ReleaseHoldSchema,
        response: { 200: HoldSchema },
      },
    },
    (req) =>
      deps.holds.release(
        actorOf(requireAuth(req)),
        req.params.id,
        req.body.reason,
        requireAuth(req),
      ),
  );
}
