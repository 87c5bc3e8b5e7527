import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

let csrfToken: string | null = null;

/** Set from the session response; sent as `x-csrf-token` on every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The header a write sent outside the typed client (a raw file upload) needs. */
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Called when an API call answers 401 (session expired or closed elsewhere). */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => {
    unauthorizedListeners.delete(listener);
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// A 401 from these is an answer about the credentials, not an expired session.
const AUTH_PATHS = ['/api/session', '/api/auth/', '/api/setup'];

const sessionMiddleware: Middleware = {
  onRequest({ request }) {
    if (csrfToken && !SAFE_METHODS.has(request.method.toUpperCase())) {
      request.headers.set('x-csrf-token', csrfToken);
    }
    return request;
  },
  onResponse({ request, response }) {
    if (response.status !== 401) return undefined;
    const path = new URL(request.url, window.location.origin).pathname;
    if (!AUTH_PATHS.some((prefix) => path.startsWith(prefix))) {
      unauthorizedListeners.forEach((listener) => listener());
    }
    return undefined;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(sessionMiddleware);
