import type { AuditActor } from '../audit/audit.types.js';
import type { Permission, Role } from './permissions.js';

/** The authenticated caller of a request, as services see it. */
export interface AuthContext {
  userId: string;
  username: string;
  displayName: string;
  email: string | null;
  totpEnabled: boolean;
  /** TOTP is mandatory for the user's role. */
  totpRequired: boolean;
  role: Role;
  permissions: ReadonlySet<Permission>;
  sessionId: string;
  csrfToken: string;
  expiresAt: number;
  ip: string | null;
  restrictions: { mustChangePassword: boolean; mustEnrollTotp: boolean };
  /** Camera groups the user is limited to (a partner command); null: every camera. */
  cameraGroups: string[] | null;
}

export const isRestricted = (a: AuthContext): boolean =>
  a.restrictions.mustChangePassword || a.restrictions.mustEnrollTotp;

export const actorOf = (a: AuthContext): AuditActor => ({
  userId: a.userId,
  username: a.username,
  ip: a.ip,
});
