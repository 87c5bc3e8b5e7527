import { z } from 'zod';
import { pingDatabase, type Db, type Dialect } from '../../platform/db/database.js';
import { errorMessage } from '../../platform/errors.js';
import type { App } from '../../platform/http/server.js';
import type { Storage } from '../../platform/storage/storage.js';
import { VERSION } from '../../version.js';

export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  time: z.string(),
  database: z.object({
    ok: z.boolean(),
    dialect: z.enum(['sqlite', 'postgres']),
    latencyMs: z.number().nullable(),
    error: z.string().optional(),
  }),
  storage: z.object({
    ok: z.boolean(),
    kind: z.string(),
    freeBytes: z.number().nullable(),
    totalBytes: z.number().nullable(),
    error: z.string().optional(),
  }),
});

/** Liveness and readiness for monitoring: public, reveals no paths or data. */
export function healthRoutes(app: App, d: { db: Db; dialect: Dialect; storage: Storage }): void {
  app.get(
    '/api/health',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['system'],
        summary: 'Database and storage status, and the version',
        response: { 200: HealthSchema, 503: HealthSchema },
      },
    },
    async (_req, reply) => {
      let database: z.infer<typeof HealthSchema>['database'];
      try {
        database = { ok: true, dialect: d.dialect, latencyMs: await pingDatabase(d.db) };
      } catch (err: unknown) {
        database = { ok: false, dialect: d.dialect, latencyMs: null, error: errorMessage(err) };
      }
      const s = await d.storage.health();
      // The storage error text may name server paths: public callers only learn that it failed.
      const storage = {
        ok: s.ok,
        kind: s.kind,
        freeBytes: s.freeBytes,
        totalBytes: s.totalBytes,
        ...(s.error && { error: 'storage not writable' }),
      };
      if (s.error) app.log.warn({ error: s.error }, 'storage health check failed');
      const ok = database.ok && storage.ok;
      return reply.status(ok ? 200 : 503).send({
        status: ok ? 'ok' : 'degraded',
        version: VERSION,
        time: new Date().toISOString(),
        database,
        storage,
      });
    },
  );
}
