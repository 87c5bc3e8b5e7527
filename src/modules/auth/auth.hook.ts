import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { safeEqual } from '../../platform/crypto/hash.js';
import { Forbidden, Unauthorized } from '../../platform/errors.js';
import { isRestricted, type AuthContext } from './auth-context.js';
import type { AuthService } from './auth.service.js';
import type { Permission } from './permissions.js';

export const SESSION_COOKIE = 'vedetta_session';

/**
 * How a route is protected. Every route states one: `public` (a short, explicit list), or the
 * permission it needs. A route with neither makes the server refuse to start.
 */
export type RouteAccess =
  | { public: true }
  | {
      permission: Permission | 'authenticated';
      /** Reachable by a session that must first change its password or enrol TOTP. */
      allowRestricted?: boolean;
    };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

export interface RouteAccessRecord {
  method: string;
  url: string;
  access: RouteAccess | undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Paths served by plugins (static files, API docs): public by nature, no data behind them. */
export function isFrameworkRoute(url: string): boolean {
  return url.startsWith('/api/docs') || !url.startsWith('/api/');
}

/**
 * Deny by default: resolves the session, then refuses the request unless the route is public or
 * the caller holds the route's permission. Runs before body parsing, so anonymous callers get 401
 * whatever they send.
 */
export function installAuth(
  app: FastifyInstance,
  auth: AuthService,
  routeTable: RouteAccessRecord[],
): void {
  app.decorateRequest('auth', null);

  app.addHook('onRoute', (route: RouteOptions) => {
    const access = route.config?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) routeTable.push({ method, url: route.url, access });
    if (!access && !isFrameworkRoute(route.url)) {
      throw new Error(
        `route ${methods.join(',')} ${route.url} declares no access rule (public or permission)`,
      );
    }
    if (access && !('public' in access)) {
      route.schema = { ...route.schema, security: [{ session: [] }] };
    } else if (access) {
      route.schema = { ...route.schema, security: [] };
    }
  });

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const access = req.routeOptions.config.access;
    const token = req.cookies[SESSION_COOKIE];
    req.auth = token ? await auth.authenticate(token, req.ip) : null;
    if (token && !req.auth) clearSessionCookie(reply);

    if (!access) {
      if (isFrameworkRoute(req.url)) return;
      // Unknown /api path (404) or a route without a rule: never served anonymously.
      if (!req.auth) throw new Unauthorized();
      return;
    }
    if ('public' in access) return;
    if (!req.auth) throw new Unauthorized();
    if (!SAFE_METHODS.has(req.method)) {
      const header = req.headers['x-csrf-token'];
      if (typeof header !== 'string' || !safeEqual(header, req.auth.csrfToken)) {
        throw new Forbidden(
          'Token CSRF mancante o non valido: ricaricare la pagina',
          'csrf_failed',
        );
      }
    }
    if (isRestricted(req.auth) && !access.allowRestricted) {
      throw new Forbidden(
        req.auth.restrictions.mustChangePassword
          ? 'È necessario cambiare la password prima di continuare'
          : 'È necessario attivare la verifica in due passaggi prima di continuare',
        'restricted_session',
      );
    }
    if (access.permission !== 'authenticated' && !req.auth.permissions.has(access.permission)) {
      throw new Forbidden(`Permesso negato: serve ${access.permission}`);
    }
  });
}

export function setSessionCookie(
  reply: FastifyReply,
  token: string,
  expiresAt: number,
  secure: boolean,
): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** The caller of a route that requires authentication (the hook guarantees it is set). */
export function requireAuth(req: FastifyRequest): AuthContext {
  if (!req.auth) throw new Unauthorized();
  return req.auth;
}
