import { z } from 'zod';
import type { App } from '../../platform/http/server.js';
import {
  ChangePasswordBodySchema,
  LoginBodySchema,
  LoginResultSchema,
  PasswordBodySchema,
  SessionInfoSchema,
  SetupBodySchema,
  TotpCodeBodySchema,
  TotpLoginBodySchema,
  TotpSetupResultSchema,
} from './auth.schemas.js';
import { clearSessionCookie, requireAuth, setSessionCookie } from './auth.hook.js';
import type { AccountService } from './account.service.js';
import type { AuthService } from './auth.service.js';
import type { SetupService } from './setup.service.js';

const tags = ['auth'];
const Empty = z.null().describe('No content');

export function authRoutes(
  app: App,
  d: { auth: AuthService; account: AccountService; setup: SetupService; secureCookies: boolean },
): void {
  const client = (req: { ip: string; headers: Record<string, unknown> }) => ({
    ip: req.ip,
    userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null,
  });

  app.get(
    '/api/session',
    {
      config: { access: { public: true } },
      schema: {
        tags,
        summary: 'The current session and what it may do',
        response: { 200: SessionInfoSchema },
      },
    },
    (req) => d.auth.sessionInfo(req.auth, () => d.setup.isRequired()),
  );

  app.post(
    '/api/auth/login',
    {
      config: { access: { public: true } },
      schema: {
        tags,
        summary: 'Log in with username and password',
        body: LoginBodySchema,
        response: { 200: LoginResultSchema },
      },
    },
    async (req, reply) => {
      const { result, session } = await d.auth.login(req.body, client(req));
      if (session) setSessionCookie(reply, session.token, session.expiresAt, d.secureCookies);
      return result;
    },
  );

  app.post(
    '/api/auth/login/totp',
    {
      config: { access: { public: true } },
      schema: {
        tags,
        summary: 'Second login step: the TOTP code',
        body: TotpLoginBodySchema,
        response: { 200: LoginResultSchema },
      },
    },
    async (req, reply) => {
      const session = await d.auth.loginTotp(req.body.challengeId, req.body.code, client(req));
      setSessionCookie(reply, session.token, session.expiresAt, d.secureCookies);
      return { status: 'ok' as const };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: { permission: 'authenticated', allowRestricted: true } },
      schema: { tags, summary: 'End this session', response: { 204: Empty } },
    },
    async (req, reply) => {
      await d.auth.logout(requireAuth(req));
      clearSessionCookie(reply);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/logout-all',
    {
      config: { access: { permission: 'authenticated', allowRestricted: true } },
      schema: {
        tags,
        summary: 'End every session of this user ("log out everywhere")',
        response: { 204: Empty },
      },
    },
    async (req, reply) => {
      await d.auth.logoutEverywhere(requireAuth(req));
      clearSessionCookie(reply);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/setup',
    {
      config: { access: { public: true } },
      schema: {
        tags,
        summary: 'Create the first administrator with the one-time link printed by `vedetta serve`',
        body: SetupBodySchema,
        response: { 201: z.object({ id: z.string(), username: z.string() }) },
      },
    },
    async (req, reply) => {
      const user = await d.setup.complete(req.body, req.ip);
      return reply.status(201).send({ id: user.id, username: user.username });
    },
  );

  app.post(
    '/api/me/password',
    {
      config: { access: { permission: 'authenticated', allowRestricted: true } },
      schema: {
        tags,
        summary: 'Change my password',
        body: ChangePasswordBodySchema,
        response: { 204: Empty },
      },
    },
    async (req, reply) => {
      await d.account.changePassword(
        requireAuth(req),
        req.body.currentPassword,
        req.body.newPassword,
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/me/totp/setup',
    {
      config: { access: { permission: 'authenticated', allowRestricted: true } },
      schema: {
        tags,
        summary: 'Start TOTP enrolment: a new secret and its QR code',
        response: { 200: TotpSetupResultSchema },
      },
    },
    (req) => d.account.totpSetup(requireAuth(req)),
  );

  app.post(
    '/api/me/totp/enable',
    {
      config: { access: { permission: 'authenticated', allowRestricted: true } },
      schema: {
        tags,
        summary: 'Confirm TOTP enrolment with a code',
        body: TotpCodeBodySchema,
        response: { 204: Empty },
      },
    },
    async (req, reply) => {
      await d.account.totpEnable(requireAuth(req), req.body.code);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/me/totp/disable',
    {
      config: { access: { permission: 'authenticated' } },
      schema: {
        tags,
        summary: 'Turn TOTP off (refused when the role requires it)',
        body: PasswordBodySchema,
        response: { 204: Empty },
      },
    },
    async (req, reply) => {
      await d.account.totpDisable(requireAuth(req), req.body.password);
      return reply.status(204).send(null);
    },
  );
}
