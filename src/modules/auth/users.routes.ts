import { z } from 'zod';
import type { App } from '../../platform/http/server.js';
import { actorOf } from './auth-context.js';
import { requireAuth } from './auth.hook.js';
import {
  type User,
  NewUserSchema,
  PasswordBodySchema,
  RoleInfoSchema,
  TotpRequiredBodySchema,
  UserPatchSchema,
  UserSchema,
} from './auth.schemas.js';
import { RoleSchema } from './permissions.js';
import type { UsersService } from './users.service.js';

const tags = ['users'];
const IdParams = z.object({ id: z.uuid() }).strict();
const manage = { access: { permission: 'user.manage' as const } };

export function usersRoutes(app: App, users: UsersService): void {
  app.get(
    '/api/users',
    {
      config: manage,
      schema: {
        tags,
        summary: 'List user accounts',
        response: { 200: z.object({ items: z.array(UserSchema) }) },
      },
    },
    async () => ({ items: await users.list() }),
  );

  app.post(
    '/api/users',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Create a personal account',
        body: NewUserSchema,
        response: { 201: UserSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await users.create(actorOf(requireAuth(req)), req.body)),
  );

  app.get(
    '/api/users/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'One user account',
        params: IdParams,
        response: { 200: UserSchema },
      },
    },
    (req) => users.get(req.params.id),
  );

  app.patch(
    '/api/users/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change name, role or e-mail',
        params: IdParams,
        body: UserPatchSchema,
        response: { 200: UserSchema },
      },
    },
    (req) => users.update(actorOf(requireAuth(req)), req.params.id, req.body),
  );

  const action = (
    path: string,
    summary: string,
    run: (actor: ReturnType<typeof actorOf>, id: string) => Promise<User>,
  ) =>
    app.post(
      `/api/users/:id/${path}`,
      {
        config: manage,
        schema: { tags, summary, params: IdParams, response: { 200: UserSchema } },
      },
      (req) => run(actorOf(requireAuth(req)), req.params.id),
    );

  action('disable', 'Disable an account and end its sessions', (a, id) => users.disable(a, id));
  action('enable', 'Enable an account', (a, id) => users.enable(a, id));
  action('unlock', 'Lift a lockout after failed logins', (a, id) => users.unlock(a, id));
  action('reset-totp', 'Remove the TOTP second factor (the user enrols again)', (a, id) =>
    users.resetTotp(a, id),
  );

  app.post(
    '/api/users/:id/reset-password',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Set a temporary password, to be changed at next login',
        params: IdParams,
        body: PasswordBodySchema,
        response: { 200: UserSchema },
      },
    },
    (req) => users.resetPassword(actorOf(requireAuth(req)), req.params.id, req.body.password),
  );

  app.get(
    '/api/roles',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Roles, their permissions and whether TOTP is mandatory',
        response: { 200: z.object({ items: z.array(RoleInfoSchema) }) },
      },
    },
    async () => ({ items: await users.roles() }),
  );

  app.put(
    '/api/roles/:role/totp-required',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Make TOTP mandatory (or not) for a role',
        params: z.object({ role: RoleSchema }).strict(),
        body: TotpRequiredBodySchema,
        response: { 200: RoleInfoSchema },
      },
    },
    (req) => users.setTotpRequired(actorOf(requireAuth(req)), req.params.role, req.body.required),
  );
}
