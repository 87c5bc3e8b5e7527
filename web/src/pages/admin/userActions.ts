import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { User } from '../../api/types';

export type SimpleUserAction = 'disable' | 'enable' | 'unlock' | 'reset-totp';

/** POST /api/users/{id}/{action}; each answers the updated user. */
export function runUserAction(id: string, action: SimpleUserAction): Promise<User> {
  const params = { params: { path: { id } } };
  switch (action) {
    case 'disable':
      return unwrap(api.POST('/api/users/{id}/disable', params));
    case 'enable':
      return unwrap(api.POST('/api/users/{id}/enable', params));
    case 'unlock':
      return unwrap(api.POST('/api/users/{id}/unlock', params));
    case 'reset-totp':
      return unwrap(api.POST('/api/users/{id}/reset-totp', params));
  }
}

export function resetUserPassword(id: string, password: string): Promise<User> {
  return unwrap(
    api.POST('/api/users/{id}/reset-password', { params: { path: { id } }, body: { password } }),
  );
}

export function isLocked(user: User, now = Date.now()): boolean {
  return user.lockedUntil !== null && new Date(user.lockedUntil).getTime() > now;
}
