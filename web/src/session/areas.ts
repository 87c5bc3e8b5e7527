import type { Permission } from '../api/types';
import type { MessageKey } from '../i18n';

export type AreaId =
  | 'requests'
  | 'live'
  | 'recordings'
  | 'search'
  | 'evidence'
  | 'bodycam'
  | 'reports'
  | 'admin'
  | 'privacy'
  | 'audit';

export interface Area {
  id: AreaId;
  path: string;
  label: MessageKey;
  description: MessageKey;
  /** Bootstrap Italia sprite icon. */
  icon: string;
  /** Visible when the user holds at least one of these permissions. */
  anyOf: readonly Permission[];
}

/** The navigation areas, in menu order; the single place where area permissions live. */
export const AREAS: readonly Area[] = [
  {
    id: 'requests',
    path: '/richieste',
    label: 'nav.requests',
    description: 'areas.requests',
    icon: 'it-inbox',
    // The admin reaches the outbox and the reply templates.
    anyOf: ['request.read', 'request.create', 'settings.manage'],
  },
  {
    id: 'live',
    path: '/live',
    label: 'nav.live',
    description: 'areas.live',
    icon: 'it-video',
    anyOf: ['live.view'],
  },
  {
    // Playback needs recording.playback; the holds tab alone is open to hold.manage.
    id: 'recordings',
    path: '/registrazioni',
    label: 'recordings.navLabel',
    description: 'recordings.area',
    icon: 'it-file-video',
    anyOf: ['recording.playback', 'hold.manage'],
  },
  {
    id: 'search',
    path: '/ricerca',
    label: 'nav.search',
    description: 'areas.search',
    icon: 'it-search',
    anyOf: ['recording.playback'],
  },
  {
    id: 'evidence',
    path: '/evidenze',
    label: 'nav.evidence',
    description: 'areas.evidence',
    icon: 'it-file-signed',
    anyOf: ['evidence.read'],
  },
  {
    id: 'bodycam',
    path: '/bodycam',
    label: 'nav.bodycam',
    description: 'areas.bodycam',
    icon: 'it-camera',
    anyOf: ['bodycam.view', 'bodycam.own', 'bodycam.manage', 'privacy.manage'],
  },
  {
    id: 'reports',
    path: '/report',
    label: 'nav.reports',
    description: 'areas.reports',
    icon: 'it-chart-line',
    anyOf: ['report.read'],
  },
  {
    id: 'admin',
    path: '/admin',
    label: 'nav.admin',
    description: 'areas.admin',
    icon: 'it-settings',
    anyOf: ['user.manage', 'job.read', 'camera.manage'],
  },
  {
    // Compliance records (G1): the privacy officer edits, commanders and administrators read.
    id: 'privacy',
    path: '/privacy',
    label: 'compliance.nav',
    description: 'compliance.area',
    icon: 'it-locked',
    anyOf: ['privacy.manage', 'settings.manage', 'report.read'],
  },
  {
    id: 'audit',
    path: '/audit',
    label: 'nav.audit',
    description: 'areas.audit',
    icon: 'it-list',
    anyOf: ['audit.read'],
  },
];

export function area(id: AreaId): Area {
  const found = AREAS.find((a) => a.id === id);
  if (!found) throw new Error(`Unknown area ${id}`);
  return found;
}

export interface AdminSection {
  id: 'users' | 'roles' | 'jobs' | 'cameras';
  path: string;
  label: MessageKey;
  anyOf: readonly Permission[];
}

export const ADMIN_SECTIONS: readonly AdminSection[] = [
  { id: 'users', path: '/admin/users', label: 'nav.users', anyOf: ['user.manage'] },
  { id: 'roles', path: '/admin/roles', label: 'nav.roles', anyOf: ['user.manage'] },
  { id: 'jobs', path: '/admin/jobs', label: 'nav.jobs', anyOf: ['job.read'] },
  // Read-only for other roles that reach the admin area (e.g. the commander through job.read).
  { id: 'cameras', path: '/admin/cameras', label: 'nav.cameras', anyOf: ['camera.read'] },
];
