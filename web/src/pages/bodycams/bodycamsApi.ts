import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { BodyOf, OkJson } from '../../api/types';
import type { paths } from '../../api/schema';

export type Device = OkJson<paths['/api/bodycams/devices']['get']>['items'][number];
export type Issue = OkJson<paths['/api/bodycams/issues']['get']>['items'][number];
export type OfficerTraining = OkJson<
  paths['/api/bodycams/training/officers']['get']
>['items'][number];
export type Course = OkJson<paths['/api/bodycams/training/courses']['get']>['items'][number];
export type TrainingSession = OkJson<
  paths['/api/bodycams/training/sessions']['get']
>['items'][number];
export type NewSession = BodyOf<paths['/api/bodycams/training/sessions']['post']>;
export type Clip = OkJson<paths['/api/bodycams/clips']['get']>['items'][number];
export type Categorize = BodyOf<paths['/api/bodycams/clips/{id}/categorization']['post']>;
export type Disciplinare = OkJson<paths['/api/bodycams/disciplinare']['get']>['current'];
export type ViewGrant = OkJson<paths['/api/bodycams/clips/{id}/view']['post']>;
export type CheckIn = BodyOf<paths['/api/bodycams/checkin']['post']>;

export const loadDevices = (signal?: AbortSignal) =>
  unwrap(api.GET('/api/bodycams/devices', { signal })).then((r) => r.items);
export const loadOpenIssues = (signal?: AbortSignal) =>
  unwrap(api.GET('/api/bodycams/issues', { signal, params: { query: { open: '1', limit: 200 } } }));
export const loadOfficers = (signal?: AbortSignal) =>
  unwrap(api.GET('/api/bodycams/training/officers', { signal })).then((r) => r.items);
export const loadCourses = (signal?: AbortSignal) =>
  unwrap(api.GET('/api/bodycams/training/courses', { signal })).then((r) => r.items);
export const loadSessions = (signal?: AbortSignal) =>
  unwrap(api.GET('/api/bodycams/training/sessions', { signal })).then((r) => r.items);
export const loadDisciplinare = (signal?: AbortSignal) =>
  unwrap(api.GET('/api/bodycams/disciplinare', { signal })).then((r) => r.current);

export const loadPartnerCommands = (signal?: AbortSignal) =>
  unwrap(api.GET('/api/bodycams/partner-commands', { signal }));

export function checkOut(body: { serial: string; officer: string; partnerCommand?: string }) {
  return unwrap(api.POST('/api/bodycams/checkout', { body }));
}
export function checkIn(body: CheckIn) {
  return unwrap(api.POST('/api/bodycams/checkin', { body }));
}
export function addDevice(body: {
  serial: string;
  model: string;
  firmware: string;
  notes: string;
}) {
  return unwrap(api.POST('/api/bodycams/devices', { body }));
}
export function setDeviceStatus(
  id: string,
  status: 'available' | 'charging' | 'fault' | 'retired',
) {
  return unwrap(
    api.PATCH('/api/bodycams/devices/{id}', { params: { path: { id } }, body: { status } }),
  );
}
export function createSession(body: NewSession) {
  return unwrap(api.POST('/api/bodycams/training/sessions', { body }));
}
export function importTraining(csv: string) {
  return unwrap(api.POST('/api/bodycams/training/import', { body: { csv } }));
}
export const loadMyClips = (signal?: AbortSignal) =>
  unwrap(api.GET('/api/bodycams/clips/mine', { signal, params: { query: { limit: 200 } } })).then(
    (r) => r.items,
  );
export const loadClips = (review: boolean, signal?: AbortSignal) =>
  (review
    ? unwrap(api.GET('/api/bodycams/review', { signal }))
    : unwrap(api.GET('/api/bodycams/clips', { signal, params: { query: { limit: 200 } } }))
  ).then((r) => r.items);
export function categorize(id: string, body: Categorize) {
  return unwrap(
    api.POST('/api/bodycams/clips/{id}/categorization', { params: { path: { id } }, body }),
  );
}
export function requestView(id: string, reason: string, caseRef: string) {
  return unwrap(
    api.POST('/api/bodycams/clips/{id}/view', {
      params: { path: { id } },
      body: { reason, caseRef, purpose: 'playback' },
    }),
  );
}

export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  return m > 0 ? `${m} min ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}

export type ClipExport = OkJson<paths['/api/bodycams/clips/export']['post']>;

/** Exports clips of one event as an evidence item (signed package, legal hold, audited). */
export function exportClips(body: { clipIds: string[]; reason: string; caseRef: string }) {
  return unwrap(api.POST('/api/bodycams/clips/export', { body }));
}
