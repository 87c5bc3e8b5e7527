import type { ReactNode } from 'react';
import type { Permission } from '../api/types';
import { AccessDeniedPage } from '../pages/AccessDeniedPage';
import { usePermissions } from '../session/context';

/** Route guard: direct URL access without the permission shows "Accesso negato". */
export function RequirePermission({
  anyOf,
  children,
}: {
  anyOf: readonly Permission[];
  children: ReactNode;
}) {
  const { canAny } = usePermissions();
  return canAny(anyOf) ? <>{children}</> : <AccessDeniedPage />;
}
