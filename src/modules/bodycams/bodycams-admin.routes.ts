import { z } from 'zod';
import type { App } from '../../platform/http/server.js';
import { actorOf } from '../auth/auth-context.js';
import { requireAuth } from '../auth/auth.hook.js';
import type { BodycamsModule } from './bodycams.module.js';
import {
  ApprovalSchema,
  DisciplinareSchema,
  NewDisciplinareSchema,
} from './disciplinare/disciplinare.schemas.js';
import {
  CheckInSchema,
  CheckOutSchema,
  DeviceInputSchema,
  DevicePatchSchema,
  DeviceSchema,
  IssueQuerySchema,
  IssueSchema,
} from './fleet/fleet.schemas.js';
import {
  CourseInputSchema,
  CourseSchema,
  NewSessionSchema,
  OfficerTrainingSchema,
  SessionSchema,
  TrainingImportResultSchema,
} from './training/training.schemas.js';

const tags = ['bodycams'];
const anyone = { access: { permission: 'authenticated' as const } };
const manage = { access: { permission: 'bodycam.manage' as const } };
const IdParams = z.object({ id: z.string().min(1).max(100) }).strict();

/** The disciplinare, the training register and the fleet with its issuing register. */
export function bodycamsAdminRoutes(app: App, m: BodycamsModule): void {
  app.get(
    '/api/bodycams/disciplinare',
    {
      config: anyone,
      schema: {
        tags,
        summary: 'The disciplinare in force and every past version',
        response: {
          200: z.object({ current: DisciplinareSchema, versions: z.array(DisciplinareSchema) }),
        },
      },
    },
    () => m.disciplinare.list(),
  );
  app.post(
    '/api/bodycams/disciplinare',
    {
      // privacy.manage or settings.manage: checked by the service (two permissions may).
      config: anyone,
      schema: {
        tags,
        summary: 'A new version of the disciplinare (privacy officer or administrator; audited)',
        body: NewDisciplinareSchema,
        response: { 201: DisciplinareSchema },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      return reply
        .status(201)
        .send(await m.disciplinare.create(actorOf(auth), auth.permissions, req.body));
    },
  );
  app.post(
    '/api/bodycams/disciplinare/:id/approval',
    {
      config: anyone,
      schema: {
        tags,
        summary: 'Record the approving act of a version (delibera: kind, number, date)',
        params: IdParams,
        body: ApprovalSchema,
        response: { 200: DisciplinareSchema },
      },
    },
    (req) => {
      const auth = requireAuth(req);
      return m.disciplinare.approve(actorOf(auth), auth.permissions, req.params.id, req.body);
    },
  );

  app.get(
    '/api/bodycams/training/courses',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Training courses',
        response: { 200: z.object({ items: z.array(CourseSchema) }) },
      },
    },
    async () => ({ items: await m.training.courses() }),
  );
  app.post(
    '/api/bodycams/training/courses',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Add a course',
        body: CourseInputSchema,
        response: { 201: CourseSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await m.training.createCourse(actorOf(requireAuth(req)), req.body)),
  );
  app.put(
    '/api/bodycams/training/courses/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change a course',
        params: IdParams,
        body: CourseInputSchema,
        response: { 200: CourseSchema },
      },
    },
    (req) => m.training.updateCourse(actorOf(requireAuth(req)), req.params.id, req.body),
  );
  app.get(
    '/api/bodycams/training/sessions',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Training sessions with attendance, newest first',
        querystring: z.object({ courseId: z.string().max(100).optional() }).strict(),
        response: { 200: z.object({ items: z.array(SessionSchema) }) },
      },
    },
    async (req) => ({ items: await m.training.sessions(req.query.courseId ?? null) }),
  );
  app.post(
    '/api/bodycams/training/sessions',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Record a session and its attendance',
        body: NewSessionSchema,
        response: { 201: SessionSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await m.training.createSession(actorOf(requireAuth(req)), req.body)),
  );
  app.post(
    '/api/bodycams/training/import',
    {
      config: manage,
      schema: {
        tags,
        summary:
          'Import attendance from CSV (corso;data;matricola;docente;luogo): all or nothing, errors per line',
        body: z.object({ csv: z.string().min(1).max(5_000_000) }).strict(),
        response: { 200: TrainingImportResultSchema },
      },
    },
    (req) => m.training.importCsv(actorOf(requireAuth(req)), req.body.csv),
  );
  app.get(
    '/api/bodycams/training/officers',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Each officer’s training and whether a bodycam may be issued today',
        response: { 200: z.object({ items: z.array(OfficerTrainingSchema) }) },
      },
    },
    async () => ({ items: await m.training.officers() }),
  );

  app.get(
    '/api/bodycams/partner-commands',
    {
      config: manage,
      schema: {
        tags,
        summary: 'The own command and the partner commands offered for a joint service',
        response: { 200: z.object({ own: z.string(), partners: z.array(z.string()) }) },
      },
    },
    () => m.commands,
  );
  app.get(
    '/api/bodycams/devices',
    {
      config: manage,
      schema: {
        tags,
        summary: 'The bodycam fleet with who carries each device',
        response: { 200: z.object({ items: z.array(DeviceSchema) }) },
      },
    },
    async () => ({ items: await m.fleet.list() }),
  );
  app.post(
    '/api/bodycams/devices',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Register a device',
        body: DeviceInputSchema,
        response: { 201: DeviceSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await m.fleet.create(actorOf(requireAuth(req)), req.body)),
  );
  app.get(
    '/api/bodycams/devices/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'One device by id or serial',
        params: IdParams,
        response: { 200: DeviceSchema },
      },
    },
    (req) => m.fleet.get(req.params.id),
  );
  app.patch(
    '/api/bodycams/devices/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change model, firmware, notes or status (charging, fault, retired)',
        params: IdParams,
        body: DevicePatchSchema,
        response: { 200: DeviceSchema },
      },
    },
    (req) => m.fleet.update(actorOf(requireAuth(req)), req.params.id, req.body),
  );
  app.post(
    '/api/bodycams/checkout',
    {
      config: manage,
      schema: {
        tags,
        summary:
          'Issue a device to a trained officer at shift start (409 training_required says why not)',
        body: CheckOutSchema,
        response: { 201: IssueSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await m.fleet.checkOut(actorOf(requireAuth(req)), req.body)),
  );
  app.post(
    '/api/bodycams/checkin',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Receive a device back at shift end, by serial',
        body: CheckInSchema,
        response: { 200: IssueSchema },
      },
    },
    (req) => m.fleet.checkIn(actorOf(requireAuth(req)), req.body),
  );
  app.get(
    '/api/bodycams/issues',
    {
      config: manage,
      schema: {
        tags,
        summary: 'The issuing register (B1): officer, device, shift start and end',
        querystring: IssueQuerySchema,
        response: { 200: z.object({ items: z.array(IssueSchema) }) },
      },
    },
    async (req) => ({ items: await m.fleet.issues(req.query) }),
  );
}
