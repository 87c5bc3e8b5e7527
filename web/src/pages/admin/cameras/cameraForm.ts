import type { ApiError } from '../../../api/errors';
import type { Camera, CameraInput, CameraSettings, Purpose } from './types';

/** What the form holds: text as typed, converted only on submit. */
export interface CameraDraft {
  code: string;
  name: string;
  address: string;
  latitude: string;
  longitude: string;
  mainUrl: string;
  subUrl: string;
  username: string;
  /** Write-only: empty keeps the stored password. */
  password: string;
  removePassword: boolean;
  purpose: Purpose;
  retentionDays: string;
  retentionReason: string;
  enabled: boolean;
  notes: string;
  dpiaRef: string;
  /** Visibility groups, comma-separated as typed. */
  groups: string;
}

export type CameraField = Exclude<keyof CameraDraft, 'removePassword'>;
export type FieldErrors = Partial<Record<CameraField, string>>;

const FIELDS: readonly CameraField[] = [
  'code',
  'name',
  'address',
  'latitude',
  'longitude',
  'mainUrl',
  'subUrl',
  'username',
  'password',
  'purpose',
  'retentionDays',
  'retentionReason',
  'enabled',
  'notes',
  'dpiaRef',
  'groups',
];

function isField(name: string): name is CameraField {
  return (FIELDS as readonly string[]).includes(name);
}

export function emptyDraft(settings: CameraSettings): CameraDraft {
  return {
    code: '',
    name: '',
    address: '',
    latitude: '',
    longitude: '',
    mainUrl: '',
    subUrl: '',
    username: '',
    password: '',
    removePassword: false,
    purpose: settings.purposes[0] ?? 'sicurezza_urbana',
    // Within 72 hours no reason is needed (C1); longer retention is a deliberate choice.
    retentionDays: String(Math.min(settings.retentionReasonAboveDays, settings.retentionMaxDays)),
    retentionReason: '',
    enabled: true,
    notes: '',
    dpiaRef: '',
    groups: '',
  };
}

export function draftOf(camera: Camera): CameraDraft {
  return {
    code: camera.code,
    name: camera.name,
    address: camera.address,
    latitude: camera.latitude === null ? '' : String(camera.latitude),
    longitude: camera.longitude === null ? '' : String(camera.longitude),
    mainUrl: camera.mainUrl,
    subUrl: camera.subUrl ?? '',
    username: camera.username ?? '',
    password: '',
    removePassword: false,
    purpose: camera.purpose,
    retentionDays: String(camera.retentionDays),
    retentionReason: camera.retentionReason ?? '',
    enabled: camera.enabled,
    notes: camera.notes,
    dpiaRef: camera.dpiaRef,
    groups: camera.groups.join(', '),
  };
}

/** A decimal number typed the Italian way ("44,6975") or the English way; '' is null. */
export function parseDecimal(text: string): number | null | undefined {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return null;
  if (!/^[-+]?\d+(\.\d+)?$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

/** True when the address carries `user[:password]@` (the server takes them out). */
export function urlHasCredentials(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]+@/i.test(url.trim());
}

export interface BuildMessages {
  invalidNumber: string;
  invalidInteger: string;
}

/**
 * The request body for POST/PUT, or the fields that cannot even be sent. Everything else
 * (URL syntax, limits, the reason above 72 hours) is the server's to judge.
 */
export function buildInput(
  draft: CameraDraft,
  settings: CameraSettings,
  messages: BuildMessages,
): { input: CameraInput } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const latitude = parseDecimal(draft.latitude);
  const longitude = parseDecimal(draft.longitude);
  if (latitude === undefined) errors.latitude = messages.invalidNumber;
  if (longitude === undefined) errors.longitude = messages.invalidNumber;
  const days = draft.retentionDays.trim();
  if (!/^\d+$/.test(days)) errors.retentionDays = messages.invalidInteger;
  if (Object.keys(errors).length > 0) return { errors };

  const retentionDays = Number(days);
  const username = draft.username.trim();
  const mainUrl = draft.mainUrl.trim();
  const input: CameraInput = {
    code: draft.code.trim(),
    name: draft.name.trim(),
    address: draft.address.trim(),
    latitude: latitude ?? null,
    longitude: longitude ?? null,
    mainUrl,
    subUrl: draft.subUrl.trim() || null,
    purpose: draft.purpose,
    retentionDays,
    retentionReason:
      retentionDays > settings.retentionReasonAboveDays
        ? draft.retentionReason.trim() || null
        : null,
    enabled: draft.enabled,
    notes: draft.notes.trim(),
    dpiaRef: draft.dpiaRef.trim(),
    groups: draft.groups
      .split(',')
      .map((g) => g.trim().toLowerCase())
      .filter(Boolean),
  };
  // An empty username field lets the server take the one typed inside the URL.
  if (username) input.username = username;
  else if (!urlHasCredentials(mainUrl)) input.username = null;
  // Password: absent keeps the stored one, null removes it.
  if (draft.password) input.password = draft.password;
  else if (draft.removePassword) input.password = null;
  return { input };
}

/**
 * Per-field messages from a 400: the service answers `details.fields` ({ field: message }),
 * the request schema answers `details` as a list of `{ path: '/field', message }`.
 */
export function fieldErrorsOf(error: ApiError | null): FieldErrors {
  if (!error || error.status !== 400) return {};
  const details = error.details;
  const errors: FieldErrors = {};
  if (Array.isArray(details)) {
    for (const item of details as unknown[]) {
      if (typeof item !== 'object' || item === null) continue;
      const { path, message } = item as { path?: unknown; message?: unknown };
      const name = typeof path === 'string' ? path.split('/')[1] : undefined;
      if (name && isField(name) && typeof message === 'string') errors[name] ??= message;
    }
  } else if (typeof details === 'object' && details !== null && 'fields' in details) {
    const fields = details.fields;
    if (typeof fields === 'object' && fields !== null) {
      for (const [name, message] of Object.entries(fields)) {
        if (isField(name) && typeof message === 'string') errors[name] = message;
      }
    }
  }
  return errors;
}
