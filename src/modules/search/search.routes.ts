import { z } from 'zod';
import type { App } from '../../platform/http/server.js';
import { actorOf } from '../auth/auth-context.js';
import { requireAuth } from '../auth/auth.hook.js';
import {
  CoverageQuerySchema,
  CoverageResultSchema,
  SearchQuerySchema,
  SearchResultSchema,
  StreetSchema,
  ThumbnailQuerySchema,
} from './search.schemas.js';
import type { SearchService } from './search.service.js';

const playback = { access: { permission: 'recording.playback' as const } };

export function searchRoutes(app: App, search: SearchService): void {
  app.post(
    '/api/search',
    {
      config: playback,
      schema: {
        tags: ['search'],
        summary:
          'Event search: cameras near a place (point and radius, street, or list) with their availability for a window (audited)',
        body: SearchQuerySchema,
        response: { 200: SearchResultSchema },
      },
    },
    (req) => {
      const auth = requireAuth(req);
      return search.search(auth, actorOf(auth), req.body);
    },
  );

  app.post(
    '/api/search/coverage',
    {
      config: playback,
      schema: {
        tags: ['search'],
        summary:
          'How much of a window each camera recorded (gap, expired, held too): checked before an acquisition',
        body: CoverageQuerySchema,
        response: { 200: CoverageResultSchema },
      },
    },
    (req) => search.coverage(requireAuth(req), req.body),
  );

  app.get(
    '/api/search/thumbnail',
    {
      config: playback,
      schema: {
        tags: ['search'],
        summary: 'A JPEG frame behind a signed link returned by the caller’s own search',
        querystring: ThumbnailQuerySchema,
      },
    },
    async (req, reply) => {
      const jpeg = await search.thumbnail(requireAuth(req), req.query);
      return reply
        .header('content-type', 'image/jpeg')
        .header('cache-control', 'private, max-age=3600')
        .send(jpeg);
    },
  );

  app.get(
    '/api/search/streets',
    {
      config: playback,
      schema: {
        tags: ['search'],
        summary:
          'Streets named in the addresses of the cameras the caller may see, and (with q) matching streets of the stradario',
        querystring: z.object({ q: z.string().trim().max(200).optional() }).strict(),
        response: { 200: z.object({ items: z.array(StreetSchema) }) },
      },
    },
    async (req) => ({ items: await search.streets(requireAuth(req), req.query.q) }),
  );
}
