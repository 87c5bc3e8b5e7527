import type { Role } from '../api/types';
import { isMessageKey, type Translate } from '../i18n';

/** Italian/English label of a role code; unknown codes are shown as they are. */
export function roleLabel(t: Translate, role: string): string {
  const key = `roles.${role}`;
  return isMessageKey(key) ? t(key) : role;
}

// `satisfies` makes the compiler flag a role added on the server and missing here.
const ROLE_ORDER = {
  operator: 1,
  officer: 2,
  commander: 3,
  privacy_officer: 4,
  admin: 5,
  auditor: 6,
} as const satisfies Record<Role, number>;

/** Role codes in the order they are offered in forms. */
export const KNOWN_ROLES = Object.keys(ROLE_ORDER) as Role[];

export function isRole(value: string): value is Role {
  return Object.prototype.hasOwnProperty.call(ROLE_ORDER, value);
}
