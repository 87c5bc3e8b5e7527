/**
 * Types used by the web app, derived from the generated OpenAPI `paths`
 * so that they follow the server contract instead of being written twice.
 */
import type { paths } from './schema';

type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : never;

/** JSON body of the 200 (or 201) response of an operation. */
export type OkJson<Op> = Op extends { responses: infer R }
  ? R extends { 200: infer Ok }
    ? JsonOf<Ok>
    : R extends { 201: infer Created }
      ? JsonOf<Created>
      : never
  : never;

/** JSON request body of an operation. */
export type BodyOf<Op> = Op extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

export type SessionResponse = OkJson<paths['/api/session']['get']>;
export type AuthenticatedSession = Extract<SessionResponse, { authenticated: true }>;
export type AnonymousSession = Extract<SessionResponse, { authenticated: false }>;
export type SessionUser = AuthenticatedSession['user'];
export type Permission = AuthenticatedSession['permissions'][number];
export type Role = SessionUser['role'];

export type LoginResult = OkJson<paths['/api/auth/login']['post']>;
export type Health = OkJson<paths['/api/health']['get']>;

export type User = OkJson<paths['/api/users']['get']>['items'][number];
export type NewUser = BodyOf<paths['/api/users']['post']>;

export type RoleInfo = OkJson<paths['/api/roles']['get']>['items'][number];

export type AuditPage = OkJson<paths['/api/audit']['get']>;
export type AuditEntry = AuditPage['items'][number];
export type AuditQuery = NonNullable<paths['/api/audit']['get']['parameters']['query']>;
export type AuditVerification = OkJson<paths['/api/audit/verify']['get']>;

export type Job = OkJson<paths['/api/jobs']['get']>['items'][number];
export type JobStatus = Job['status'];

export type TotpSetup = OkJson<paths['/api/me/totp/setup']['post']>;
