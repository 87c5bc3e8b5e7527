import { z } from 'zod';

export const RECIPIENT_TYPES = [
  'ag',
  'pg',
  'other_force',
  'partner_command',
  'defence',
  'other',
] as const;
export type RecipientType = (typeof RECIPIENT_TYPES)[number];

export const SHARE_STATUSES = ['attiva', 'scaduta', 'revocata', 'esaurita', 'bloccata'] as const;
export type ShareStatus = (typeof SHARE_STATUSES)[number];

/** Wrong passwords before a link is locked for good (a new share must be made). */
export const SHARE_PASSWORD_ATTEMPTS = 5;
export const SHARE_PASSWORD_MIN = 8;
export const SHARE_MAX_DOWNLOADS = 100;

const text = (max: number) => z.string().trim().min(1).max(max);

export const NewShareSchema = z
  .object({
    recipient: z
      .object({
        type: z
          .enum(RECIPIENT_TYPES)
          .describe(
            'ag: autorità giudiziaria; pg: polizia giudiziaria; other_force: altra forza di polizia; partner_command: comando convenzionato; defence: difesa; other',
          ),
        name: text(200).describe('who receives it'),
        organization: text(200).describe('authority or body (Procura di …, Comando di …)'),
        role: text(200).optional().describe('qualifica'),
        email: z.email().max(320).optional(),
      })
      .strict(),
    reason: z.string().trim().min(5).max(2000).describe('why the evidence is handed over'),
    caseRef: text(200).optional().describe('protocol or case reference (n. RGNR, protocollo)'),
    expiresInDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .optional()
      .describe('default 7, at most the configured maximum'),
    maxDownloads: z.number().int().min(1).max(SHARE_MAX_DOWNLOADS).default(5),
    password: z
      .string()
      .min(SHARE_PASSWORD_MIN)
      .max(200)
      .optional()
      .describe('optional; tell it to the recipient by another channel'),
    sendEmail: z
      .boolean()
      .default(false)
      .describe('mail the link (never the password) to the recipient through the outbox'),
  })
  .strict();
export type NewShare = z.infer<typeof NewShareSchema>;

export const ShareDownloadSchema = z.object({
  at: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  format: z.string().describe('zip | file'),
  path: z.string().nullable(),
});

export const ShareSchema = z.object({
  id: z.string(),
  evidenceId: z.string(),
  status: z.enum(SHARE_STATUSES),
  recipient: z.object({
    type: z.enum(RECIPIENT_TYPES),
    name: z.string(),
    organization: z.string(),
    role: z.string().nullable(),
    email: z.string().nullable(),
  }),
  reason: z.string(),
  caseRef: z.string().nullable(),
  expiresAt: z.string(),
  maxDownloads: z.number().int(),
  downloadCount: z.number().int(),
  hasPassword: z.boolean(),
  failedAttempts: z.number().int(),
  lockedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
  revokeReason: z.string().nullable(),
  createdBy: z.object({ username: z.string(), name: z.string() }),
  createdAt: z.string(),
  verbaleSha256: z.string(),
  mailed: z.boolean(),
  downloads: z.array(ShareDownloadSchema),
});
export type Share = z.infer<typeof ShareSchema>;

export const CreatedShareSchema = z.object({
  share: ShareSchema,
  link: z
    .string()
    .describe(
      'the link to hand over; shown once, its secret is not stored (relative when VEDETTA_PUBLIC_URL is unset)',
    ),
});

export const RevokeShareSchema = z.object({ reason: z.string().trim().min(5).max(2000) }).strict();

export const ShareParamsSchema = z
  .object({ id: z.string().min(1).max(100), shareId: z.uuid() })
  .strict();

// ---- recipient side (public) ----

export const OpenShareSchema = z
  .object({
    token: z.string().min(20).max(200).describe('the secret after # in the link'),
    password: z.string().min(1).max(200).optional(),
  })
  .strict();

export const ShareAccessSchema = z.object({
  evidenceNumber: z.string(),
  recipient: z.object({ name: z.string(), organization: z.string() }),
  sharedBy: z.string(),
  caseRef: z.string().nullable(),
  expiresAt: z.string(),
  maxDownloads: z.number().int(),
  downloadsLeft: z.number().int(),
  files: z.array(
    z.object({ path: z.string(), kind: z.string(), bytes: z.number(), sha256: z.string() }),
  ),
  totalBytes: z.number(),
  publicKeyFingerprint: z.string(),
  readme: z
    .string()
    .nullable()
    .describe('LEGGIMI.txt of the package: how to verify it with standard tools'),
  key: z.string().describe('short-lived download key for the download routes'),
  keyExpiresAt: z.string(),
});
export type ShareAccess = z.infer<typeof ShareAccessSchema>;

export const PublicDownloadQuerySchema = z
  .object({ key: z.string().min(10).max(300).describe('from POST /api/public/shares/open') })
  .strict();
export const PublicFileQuerySchema = PublicDownloadQuerySchema.extend({
  path: z.string().min(1).max(500),
}).strict();
