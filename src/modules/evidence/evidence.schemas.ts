import { z } from 'zod';

const iso = z.iso.datetime({ offset: true });

export const ACQUISITION_REASON_MIN = 10;
/** The longest window one acquisition may cover. */
export const MAX_ACQUISITION_HOURS = 24;

export const NewAcquisitionSchema = z
  .object({
    cameraId: z.uuid(),
    from: iso.describe('start of the window, ISO 8601 with offset'),
    to: iso.describe('end of the window, ISO 8601 with offset'),
    reason: z
      .string()
      .trim()
      .min(ACQUISITION_REASON_MIN)
      .max(2000)
      .describe('why the footage is acquired (recorded in the verbale and the audit log)'),
    requestId: z.string().trim().min(1).max(100).optional().describe('request id or number (VS-…)'),
    caseRef: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('case file / protocol reference'),
  })
  .strict();
export type NewAcquisition = z.infer<typeof NewAcquisitionSchema>;

export const ACQUISITION_STATUSES = ['queued', 'running', 'done', 'failed'] as const;

const Person = z.object({ username: z.string(), name: z.string() });
const Span = z.object({ from: z.string(), to: z.string() });

export const AcquisitionSchema = z.object({
  id: z.uuid(),
  number: z.string().describe('AQ-YYYY-NNNNNN; the evidence item keeps it'),
  cameraId: z.string(),
  cameraCode: z.string(),
  from: z.string(),
  to: z.string(),
  reason: z.string(),
  requestId: z.string().nullable(),
  requestNumber: z.string().nullable(),
  caseRef: z.string().nullable(),
  operator: Person,
  status: z.enum(ACQUISITION_STATUSES),
  progress: z.number().describe('0..1'),
  stage: z.string().nullable().describe('clip | documenti | registrazione'),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  attempts: z.number().int(),
  holdId: z.string().nullable().describe('preservation hold on the window while exporting'),
  evidenceId: z.string().nullable().describe('the registered evidence item, once done'),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type Acquisition = z.infer<typeof AcquisitionSchema>;

export const AcquisitionListQuerySchema = z
  .object({
    status: z.enum(ACQUISITION_STATUSES).optional(),
    requestId: z.string().trim().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

export const GapSchema = z.object({ from: z.string(), to: z.string(), cause: z.string() });

export const EvidenceSummarySchema = z.object({
  id: z.string(),
  number: z.string(),
  cameraId: z.string(),
  cameraCode: z.string(),
  cameraName: z.string(),
  requested: Span,
  actual: Span,
  reason: z.string(),
  requestId: z.string().nullable(),
  requestNumber: z.string().nullable(),
  caseRef: z.string().nullable(),
  operator: Person,
  totalBytes: z.number(),
  gaps: z.array(GapSchema),
  manifestSha256: z.string(),
  keyFingerprint: z.string(),
  retainUntil: z.string().nullable(),
  legalHold: z.boolean(),
  legalHoldReason: z.string().nullable(),
  createdAt: z.string(),
});
export type EvidenceSummary = z.infer<typeof EvidenceSummarySchema>;

export const EvidenceFileSchema = z.object({
  path: z.string(),
  kind: z.string(),
  bytes: z.number(),
  sha256: z.string(),
  mediaType: z.string(),
});

export const CustodyEventSchema = z.object({
  at: z.string(),
  action: z
    .string()
    .describe('acquire | register | view | download | download_file | retention | …'),
  actor: z.string().nullable(),
  ip: z.string().nullable(),
  reason: z.string().nullable(),
  recipient: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type CustodyEvent = z.infer<typeof CustodyEventSchema>;

export const EvidenceDetailSchema = EvidenceSummarySchema.extend({
  files: z.array(EvidenceFileSchema),
  custody: z.array(CustodyEventSchema),
});
export type EvidenceDetail = z.infer<typeof EvidenceDetailSchema>;

export const EvidenceSearchQuerySchema = z
  .object({
    cameraId: z.uuid().optional(),
    requestId: z.string().trim().min(1).max(100).optional().describe('request id or number'),
    from: iso.optional().describe('evidence whose footage ends after this'),
    to: iso.optional().describe('evidence whose footage starts before this'),
    q: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('text: number, reason, camera, case, request, operator'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
export type EvidenceSearchQuery = z.infer<typeof EvidenceSearchQuerySchema>;

export const DownloadQuerySchema = z
  .object({ reason: z.string().trim().min(5).max(2000).describe('why (chain of custody)') })
  .strict();
export const ViewQuerySchema = z
  .object({ reason: z.string().trim().min(1).max(2000).optional() })
  .strict();

export const RetentionInputSchema = z
  .object({
    retainUntil: iso.nullable().describe('null: kept until deleted by decision'),
    legalHold: z.boolean(),
    reason: z.string().trim().min(5).max(2000),
  })
  .strict();
export type RetentionInput = z.infer<typeof RetentionInputSchema>;

export const PublicKeySchema = z.object({
  algorithm: z.literal('Ed25519'),
  publicKeyPem: z.string().describe('SPKI PEM'),
  fingerprintSha256: z.string().describe('SHA-256 of the DER (SPKI) public key, hex'),
});
