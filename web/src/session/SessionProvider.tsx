import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, onUnauthorized, setCsrfToken } from '../api/client';
import { toApiError, unwrap, unwrapVoid } from '../api/errors';
import {
  SessionContext,
  type SessionState,
  type SessionValue,
  type SignedOutReason,
} from './context';

// setTimeout overflows above ~24.8 days.
const MAX_TIMER_MS = 2_147_000_000;

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const reasonRef = useRef<SignedOutReason>(undefined);

  const refresh = useCallback(async (): Promise<SessionState> => {
    let next: SessionState;
    try {
      const session = await unwrap(api.GET('/api/session'));
      if (session.authenticated) {
        setCsrfToken(session.csrfToken);
        reasonRef.current = undefined;
        next = { status: 'authenticated', session };
      } else {
        setCsrfToken(null);
        next = {
          status: 'anonymous',
          setupRequired: session.setupRequired,
          reason: reasonRef.current,
        };
      }
    } catch (error) {
      next = { status: 'error', error: toApiError(error) };
    }
    setState(next);
    return next;
  }, []);

  const signedOut = useCallback((reason: SignedOutReason) => {
    setCsrfToken(null);
    reasonRef.current = reason;
    setState({ status: 'anonymous', setupRequired: false, reason });
  }, []);

  const logout = useCallback(async () => {
    try {
      await unwrapVoid(api.POST('/api/auth/logout'));
    } catch {
      // Server unreachable or session already gone: the local session is closed anyway.
    }
    signedOut('logout');
  }, [signedOut]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // A 401 on any call: confirm with the server before sending the user to the login page.
  useEffect(
    () =>
      onUnauthorized(() => {
        reasonRef.current = 'expired';
        void refresh();
      }),
    [refresh],
  );

  // Re-check the session when it is due to expire, so the UI never shows a dead session.
  const expiresAt = state.status === 'authenticated' ? state.session.expiresAt : null;
  useEffect(() => {
    if (!expiresAt) return undefined;
    const delay = Math.min(
      Math.max(new Date(expiresAt).getTime() - Date.now() + 1000, 0),
      MAX_TIMER_MS,
    );
    const timer = window.setTimeout(() => {
      reasonRef.current = 'expired';
      void refresh();
    }, delay);
    return () => window.clearTimeout(timer);
  }, [expiresAt, refresh]);

  const value = useMemo<SessionValue>(
    () => ({ state, refresh, logout, signedOut }),
    [state, refresh, logout, signedOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
