import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { fromJson, toJson } from '../../platform/db/database.js';
import { ValidationFailed } from '../../platform/errors.js';
import type { App } from '../../platform/http/server.js';
import { requireAuth } from '../auth/auth.hook.js';

declare module '../../platform/db/database.js' {
  interface Tables {
    user_preferences: { user_id: string; key: string; value: string; updated_at: number };
  }
}

/** The preferences the web app keeps per user, each with its schema. */
export const PREFERENCES = {
  'live.wall': z
    .object({
      layout: z.enum(['1', '2x2', '3x3', '4x4']),
      cameras: z.array(z.uuid().nullable()).max(16),
    })
    .strict(),
} as const;
export type PreferenceKey = keyof typeof PREFERENCES;
const KeySchema = z.enum(Object.keys(PREFERENCES) as [PreferenceKey, ...PreferenceKey[]]);

/** Per-user interface preferences: small JSON documents, validated per key. */
export class PreferencesService {
  constructor(private readonly d: { db: Db; clock: Clock }) {}

  async get(userId: string, key: PreferenceKey): Promise<unknown> {
    const row = await this.d.db
      .selectFrom('user_preferences')
      .select('value')
      .where('user_id', '=', userId)
      .where('key', '=', key)
      .executeTakeFirst();
    return row ? fromJson(row.value) : null;
  }

  async set(userId: string, key: PreferenceKey, value: unknown): Promise<unknown> {
    const result = PREFERENCES[key].safeParse(value);
    if (!result.success) {
      throw new ValidationFailed(
        result.error.issues.map((i) => `${i.path.join('.') || key}: ${i.message}`).join('; '),
      );
    }
    const parsed: unknown = result.data;
    const now = this.d.clock.now();
    await this.d.db
      .insertInto('user_preferences')
      .values({ user_id: userId, key, value: toJson(parsed) ?? 'null', updated_at: now })
      .onConflict((oc) =>
        oc
          .columns(['user_id', 'key'])
          .doUpdateSet({ value: toJson(parsed) ?? 'null', updated_at: now }),
      )
      .execute();
    return parsed;
  }
}

export function preferencesRoutes(app: App, prefs: PreferencesService): void {
  const config = { access: { permission: 'authenticated' as const } };
  app.get(
    '/api/me/preferences/:key',
    {
      config,
      schema: {
        tags: ['account'],
        summary: 'One of my interface preferences (null when never saved)',
        params: z.object({ key: KeySchema }).strict(),
        response: { 200: z.object({ key: z.string(), value: z.unknown() }) },
      },
    },
    async (req) => ({
      key: req.params.key,
      value: await prefs.get(requireAuth(req).userId, req.params.key),
    }),
  );
  app.put(
    '/api/me/preferences/:key',
    {
      config,
      schema: {
        tags: ['account'],
        summary: 'Save one of my interface preferences',
        params: z.object({ key: KeySchema }).strict(),
        body: z.object({ value: z.unknown() }).strict(),
        response: { 200: z.object({ key: z.string(), value: z.unknown() }) },
      },
    },
    async (req) => ({
      key: req.params.key,
      value: await prefs.set(requireAuth(req).userId, req.params.key, req.body.value),
    }),
  );
}
