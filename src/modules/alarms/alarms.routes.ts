import { z } from 'zod';
import type { App } from '../../platform/http/server.js';
import { actorOf } from '../auth/auth-context.js';
import { requireAuth } from '../auth/auth.hook.js';
import { AlarmSchema, type AlarmsService } from './alarms.service.js';

const tags = ['alarms'];
const access = { access: { permission: 'camera.read' as const } };

export function alarmsRoutes(app: App, alarms: AlarmsService): void {
  app.get(
    '/api/alarms',
    {
      config: access,
      schema: {
        tags,
        summary: 'Alarms: open ones by default, all recent ones with ?all=1',
        querystring: z.object({ all: z.enum(['0', '1']).optional() }).strict(),
        response: { 200: z.object({ items: z.array(AlarmSchema) }) },
      },
    },
    async (req) => ({ items: await alarms.list({ open: req.query.all !== '1' }) }),
  );

  app.post(
    '/api/alarms/:id/acknowledge',
    {
      config: access,
      schema: {
        tags,
        summary: 'Acknowledge an alarm (it stays open until its cause ends)',
        params: z.object({ id: z.uuid() }).strict(),
        response: { 200: AlarmSchema },
      },
    },
    (req) => alarms.acknowledge(actorOf(requireAuth(req)), req.params.id),
  );
}
