import { z } from 'zod';
import { CameraGroupsSchema } from '../auth/auth.schemas.js';

/** Finalità (purpose) of a camera: decides the legal regime and is stamped on holds and exports. */
export const PURPOSES = [
  'sicurezza_urbana',
  'viabilita',
  'tutela_patrimonio',
  'protezione_civile',
  'ambiente',
] as const;
export const PurposeSchema = z.enum(PURPOSES);
export type Purpose = z.infer<typeof PurposeSchema>;

export const CAMERA_STATES = ['starting', 'online', 'offline', 'error', 'disabled'] as const;
export const CameraStateSchema = z.enum(CAMERA_STATES);
export type CameraState = z.infer<typeof CameraStateSchema>;

export const CameraStatusSchema = z.object({
  state: CameraStateSchema,
  message: z.string().nullable(),
  since: z.string().nullable(),
  lastSegmentAt: z.string().nullable(),
  codec: z.string().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  bitrate: z.number().int().nullable().describe('bits per second, as ffprobe reports'),
});
export type CameraStatus = z.infer<typeof CameraStatusSchema>;

export const CameraSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  address: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  mainUrl: z.string().describe('RTSP address without credentials'),
  subUrl: z.string().nullable(),
  username: z.string().nullable(),
  hasPassword: z.boolean(),
  purpose: PurposeSchema,
  retentionDays: z.number().int(),
  retentionReason: z.string().nullable(),
  enabled: z.boolean(),
  notes: z.string(),
  dpiaRef: z.string(),
  demo: z.boolean(),
  groups: z
    .array(z.string())
    .describe('visibility groups; users limited to groups see only theirs'),
  createdAt: z.string(),
  updatedAt: z.string(),
  status: CameraStatusSchema,
});
export type Camera = z.infer<typeof CameraSchema>;

const text = (max: number) => z.string().trim().max(max);

export const CameraCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9_-]{1,31}$/, 'codice: lettere, cifre, - e _, da 2 a 32 caratteri');

/** What a person enters; credentials may come inside the URL and are taken out of it. */
export const CameraInputSchema = z
  .object({
    code: CameraCodeSchema,
    name: text(120).min(1),
    address: text(200).default(''),
    latitude: z.number().min(-90).max(90).nullable().default(null),
    longitude: z.number().min(-180).max(180).nullable().default(null),
    mainUrl: text(1000).min(1),
    subUrl: text(1000).nullable().default(null),
    username: text(200).nullable().optional(),
    /** Write-only. Absent: keep the stored one; null or '': remove it. */
    password: z.string().max(200).nullable().optional(),
    purpose: PurposeSchema.default('sicurezza_urbana'),
    retentionDays: z.number().int().min(1).default(7),
    retentionReason: text(1000).nullable().default(null),
    enabled: z.boolean().default(true),
    notes: text(2000).default(''),
    dpiaRef: text(200).default(''),
    /** Visibility groups; absent: keep the current ones (none for a new camera). */
    groups: CameraGroupsSchema.optional(),
  })
  .strict();
export type CameraInput = z.infer<typeof CameraInputSchema>;
export type CameraInputRaw = z.input<typeof CameraInputSchema>;

export const CameraImportResultSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  items: z.array(CameraSchema),
});
