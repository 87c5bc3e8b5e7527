import { z } from 'zod';
import type { App } from '../../platform/http/server.js';
import { actorOf } from '../auth/auth-context.js';
import { requireAuth } from '../auth/auth.hook.js';
import {
  CameraImportResultSchema,
  CameraInputSchema,
  CameraSchema,
  PURPOSES,
} from './camera.schemas.js';
import type { CamerasService } from './cameras.service.js';

const tags = ['cameras'];
const IdParams = z.object({ id: z.uuid() }).strict();
const read = { access: { permission: 'camera.read' as const } };
const manage = { access: { permission: 'camera.manage' as const } };

export function camerasRoutes(
  app: App,
  cameras: CamerasService,
  settings: {
    retentionMaxDays: number;
    mapTileUrl: string;
    mapAttribution: string;
    liveWatermark: boolean;
  },
): void {
  app.get(
    '/api/cameras',
    {
      config: read,
      schema: {
        tags,
        summary: 'The camera registry with each camera’s recording status',
        response: { 200: z.object({ items: z.array(CameraSchema) }) },
      },
    },
    async (req) => ({ items: await cameras.list(requireAuth(req)) }),
  );

  app.get(
    '/api/cameras/settings',
    {
      config: read,
      schema: {
        tags,
        summary: 'Limits and map settings for the camera screens',
        response: {
          200: z.object({
            retentionMaxDays: z.number().int(),
            retentionReasonAboveDays: z.number().int(),
            purposes: z.array(z.enum(PURPOSES)),
            mapTileUrl: z.string(),
            mapAttribution: z.string(),
            liveWatermark: z
              .boolean()
              .describe(
                'draw the operator’s name over live pictures (deterrent against photographing the screen)',
              ),
          }),
        },
      },
    },
    () => ({ ...settings, retentionReasonAboveDays: 3, purposes: [...PURPOSES] }),
  );

  app.get(
    '/api/cameras/export.csv',
    {
      config: read,
      schema: { tags, summary: 'The registry as CSV (never with credentials)' },
    },
    async (req, reply) =>
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="vedetta-telecamere.csv"')
        .send(await cameras.exportCsv(requireAuth(req))),
  );

  app.post(
    '/api/cameras/import',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Create or update cameras from CSV text (by code, all or nothing)',
        body: z.object({ csv: z.string().min(1).max(5_000_000) }).strict(),
        response: { 200: CameraImportResultSchema },
      },
    },
    (req) => cameras.importCsv(actorOf(requireAuth(req)), req.body.csv),
  );

  app.get(
    '/api/cameras/:id',
    {
      config: read,
      schema: { tags, summary: 'One camera', params: IdParams, response: { 200: CameraSchema } },
    },
    (req) => cameras.get(req.params.id, requireAuth(req)),
  );

  app.post(
    '/api/cameras',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Add a camera (credentials may be given in the URL; they are stored apart)',
        body: CameraInputSchema,
        response: { 201: CameraSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await cameras.create(actorOf(requireAuth(req)), req.body)),
  );

  app.put(
    '/api/cameras/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change a camera (omit password to keep it, null to remove it)',
        params: IdParams,
        body: CameraInputSchema,
        response: { 200: CameraSchema },
      },
    },
    (req) => cameras.update(actorOf(requireAuth(req)), req.params.id, req.body),
  );

  app.delete(
    '/api/cameras/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Remove a camera from the registry (its footage follows retention and holds)',
        params: IdParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await cameras.remove(actorOf(requireAuth(req)), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
