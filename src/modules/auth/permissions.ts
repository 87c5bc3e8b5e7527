import { z } from 'zod';

/** Every fine-grained permission (C3). Routes name one of these; roles grant a set of them. */
export const PERMISSIONS = [
  'live.view',
  'live.ptz',
  'recording.playback',
  'evidence.acquire',
  'evidence.read',
  'evidence.share',
  'hold.manage',
  'request.create',
  'request.read',
  'request.process',
  'camera.read',
  'camera.manage',
  'bodycam.own',
  'bodycam.view',
  'bodycam.manage',
  'privacy.manage',
  'user.manage',
  'audit.read',
  'report.read',
  'job.read',
  'job.manage',
  'settings.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];
export const PermissionSchema = z.enum(PERMISSIONS);

export const ROLES = [
  'operator',
  'officer',
  'commander',
  'privacy_officer',
  'admin',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = z.enum(ROLES);

/**
 * What each role may do. Separation of duties (Garante 2010 §3.3.1-2): the system administrator
 * manages users and cameras but sees no footage; the auditor only reads the audit log.
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  operator: [
    'live.view',
    'live.ptz',
    'recording.playback',
    'evidence.acquire',
    'evidence.read',
    'evidence.share',
    'hold.manage',
    'request.create',
    'request.read',
    'request.process',
    'camera.read',
  ],
  officer: ['request.create', 'bodycam.own', 'camera.read'],
  commander: [
    'live.view',
    'recording.playback',
    'evidence.acquire',
    'evidence.read',
    'evidence.share',
    'hold.manage',
    'request.create',
    'request.read',
    'request.process',
    'camera.read',
    'bodycam.view',
    // The shift commander issues and receives bodycams (B1) at the shift change.
    'bodycam.manage',
    'report.read',
    'audit.read',
    'job.read',
  ],
  privacy_officer: [
    'audit.read',
    'hold.manage',
    'camera.read',
    'privacy.manage',
    'report.read',
    'request.read',
    'evidence.read',
  ],
  admin: [
    'user.manage',
    'camera.read',
    'camera.manage',
    'bodycam.manage',
    'settings.manage',
    'job.read',
    'job.manage',
  ],
  auditor: ['audit.read'],
};

export function permissionsOf(role: string): Permission[] {
  return (RoleSchema.safeParse(role).success ? [...ROLE_PERMISSIONS[role as Role]] : []).sort();
}
