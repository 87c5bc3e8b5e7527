import { z } from 'zod';

/** The tools the law asks a DPIA for (G1); add one here to keep records for it. */
export const COMPLIANCE_TOOLS = ['cctv', 'bodycam'] as const;
export const ToolSchema = z.enum(COMPLIANCE_TOOLS);
export type ComplianceTool = z.infer<typeof ToolSchema>;

/**
 * What is kept per tool: the impact assessment, the DPO's opinion on it, the regulation's text
 * (the council's act; for bodycams the disciplinare) and the signage notice (informativa/cartello).
 */
export const COMPLIANCE_KINDS = ['dpia', 'dpo_opinion', 'disciplinare', 'signage'] as const;
export const KindSchema = z.enum(COMPLIANCE_KINDS);
export type ComplianceKind = z.infer<typeof KindSchema>;

export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256 in esadecimale (64 cifre)');

export const UploadQuerySchema = z
  .object({
    filename: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(/\.pdf$/i, 'il nome del file deve finire in .pdf')
      .optional(),
  })
  .strict();

export const UploadedFileSchema = z.object({
  sha256: z.string().describe('use it as fileSha256 when creating the record'),
  bytes: z.number().int(),
});
export type UploadedFile = z.infer<typeof UploadedFileSchema>;

export const NewRecordSchema = z
  .object({
    tool: ToolSchema,
    kind: KindSchema,
    title: z.string().trim().min(3, 'titolo: almeno 3 caratteri').max(200),
    version: z.string().trim().min(1, 'versione obbligatoria').max(50),
    documentDate: z.iso.date('data del documento: AAAA-MM-GG'),
    reference: z.string().trim().max(200).default('').describe('protocol number or reference'),
    effectiveFrom: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('in force from (default: now); must follow the record it supersedes'),
    disciplinareId: z
      .string()
      .max(100)
      .optional()
      .describe('bodycam disciplinare text: the disciplinare version it is the act of'),
    notes: z.string().max(4000).default(''),
    fileSha256: Sha256Schema.describe('the SHA-256 answered by POST /api/compliance/uploads'),
    fileName: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(/\.pdf$/i, 'il nome del file deve finire in .pdf'),
  })
  .strict();
export type NewRecord = z.infer<typeof NewRecordSchema>;

export const RecordSchema = z.object({
  id: z.string(),
  tool: ToolSchema,
  kind: KindSchema,
  title: z.string(),
  version: z.string(),
  documentDate: z.string(),
  reference: z.string(),
  effectiveFrom: z.string(),
  disciplinareId: z.string().nullable(),
  disciplinareNumber: z.number().int().nullable(),
  notes: z.string(),
  file: z.object({ name: z.string(), bytes: z.number().int(), sha256: z.string() }),
  status: z
    .enum(['in_force', 'superseded', 'scheduled'])
    .describe('scheduled: takes effect later; superseded: a newer record took its place'),
  supersededBy: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type ComplianceRecord = z.infer<typeof RecordSchema>;

/** The few fields shown beside a camera, a device or a clip. */
export const RecordRefSchema = z.object({
  id: z.string(),
  title: z.string(),
  version: z.string(),
  documentDate: z.string(),
  reference: z.string(),
});
export type RecordRef = z.infer<typeof RecordRefSchema>;

export const InForceSchema = z.object({
  dpia: RecordRefSchema.nullable(),
  dpo_opinion: RecordRefSchema.nullable(),
  disciplinare: RecordRefSchema.nullable(),
  signage: RecordRefSchema.nullable(),
});
export type InForce = z.infer<typeof InForceSchema>;

export const RecordQuerySchema = z
  .object({ tool: ToolSchema.optional(), kind: KindSchema.optional() })
  .strict();
export type RecordQuery = z.infer<typeof RecordQuerySchema>;

export const CameraComplianceSchema = z.object({
  cameraId: z.string(),
  dpia: RecordRefSchema.nullable(),
  source: z
    .enum(['assigned', 'in_force', 'none'])
    .describe('assigned: a specific DPIA; in_force: the CCTV DPIA in force'),
  legacyRef: z.string().describe('the free-text DPIA reference on the camera'),
  records: InForceSchema.describe('CCTV records in force now'),
});
export type CameraCompliance = z.infer<typeof CameraComplianceSchema>;

export const CameraDpiaRowSchema = z.object({
  cameraId: z.string(),
  code: z.string(),
  name: z.string(),
  dpia: RecordRefSchema.nullable(),
  source: z.enum(['assigned', 'in_force', 'none']),
  legacyRef: z.string(),
});
export type CameraDpiaRow = z.infer<typeof CameraDpiaRowSchema>;

export const AssignDpiaSchema = z
  .object({
    recordId: z.string().min(1).max(100).nullable().describe('null: the CCTV DPIA in force'),
  })
  .strict();
