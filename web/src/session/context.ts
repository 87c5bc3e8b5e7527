import { createContext, useContext } from 'react';
import type { ApiError } from '../api/errors';
import type { AuthenticatedSession, Permission } from '../api/types';

/** Why the user is anonymous: shown as a notice on the login page. */
export type SignedOutReason = 'expired' | 'logout' | undefined;

export type SessionState =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'anonymous'; setupRequired: boolean; reason: SignedOutReason }
  | { status: 'authenticated'; session: AuthenticatedSession };

export interface SessionValue {
  state: SessionState;
  /** Re-reads GET /api/session (after login, password change, TOTP enrolment...). */
  refresh: () => Promise<SessionState>;
  logout: () => Promise<void>;
  /** Marks the session as closed locally (after logout-all). */
  signedOut: (reason: SignedOutReason) => void;
}

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** The authenticated session; only for components rendered behind <RequireAuth>. */
export function useAuthenticatedSession(): AuthenticatedSession {
  const { state } = useSession();
  if (state.status !== 'authenticated') throw new Error('No authenticated session');
  return state.session;
}

/** Permission checks against the permissions the server sent with the session. */
export function usePermissions(): {
  can: (permission: Permission) => boolean;
  canAny: (permissions: readonly Permission[]) => boolean;
} {
  const { state } = useSession();
  const granted: readonly Permission[] =
    state.status === 'authenticated' ? state.session.permissions : [];
  const can = (permission: Permission) => granted.includes(permission);
  return { can, canAny: (permissions) => permissions.some(can) };
}
