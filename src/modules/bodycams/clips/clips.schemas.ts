import { z } from 'zod';
import { RecordRefSchema } from '../../privacy/compliance.schemas.js';

export const ClipSchema = z.object({
  id: z.string(),
  serial: z.string(),
  officerId: z.string().nullable(),
  officerName: z.string().nullable(),
  partnerCommand: z.string().nullable().describe('joint service: clips carry both commands'),
  commands: z
    .array(z.string())
    .describe('the commands the clip belongs to: own, and the partner in a joint service'),
  recordedStart: z.string(),
  recordedEnd: z.string(),
  timeSource: z.enum(['metadata', 'gps', 'file']),
  durationSeconds: z.number(),
  codec: z.string().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  bytes: z.number().int(),
  sha256: z.string(),
  originalName: z.string(),
  gps: z.array(z.object({ lat: z.number(), lon: z.number(), t: z.number().nullable() })).nullable(),
  disciplinareId: z.string(),
  disciplinareNumber: z.number().int(),
  dpia: RecordRefSchema.nullable().describe('the bodycam DPIA in force when recorded (G1)'),
  flags: z.array(z.enum(['outside_issue', 'too_long', 'whole_shift', 'unknown_device'])),
  category: z.string().nullable(),
  categoryLabel: z.string().nullable(),
  activationReason: z.string().nullable(),
  note: z.string().nullable(),
  subjectsWarned: z.boolean().nullable(),
  linkedRef: z.string().nullable(),
  categorizedBy: z.string().nullable(),
  categorizedAt: z.string().nullable(),
  categorizeDueAt: z.string(),
  overdue: z.boolean(),
  retainUntil: z.string().nullable(),
  legalHold: z.boolean(),
  legalHoldReason: z.string().nullable(),
  notUsableForAdministrativeOffences: z
    .boolean()
    .describe('"non utilizzabile per illeciti amministrativi"'),
  ingestedAt: z.string(),
  deletedAt: z.string().nullable(),
  deletedCause: z.string().nullable(),
});
export type Clip = z.infer<typeof ClipSchema>;

export const ClipListQuerySchema = z
  .object({
    officerId: z.string().max(100).optional(),
    serial: z.string().max(64).optional(),
    uncategorized: z.enum(['1', '0']).optional(),
    overdue: z.enum(['1', '0']).optional(),
    flagged: z.enum(['1', '0']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type ClipListQuery = z.infer<typeof ClipListQuerySchema>;

export const CategorizeSchema = z
  .object({
    activationReason: z.string().trim().min(2).max(200),
    category: z.string().min(2).max(40),
    note: z.string().trim().max(4000).default(''),
    subjectsWarned: z.boolean().describe('"soggetti avvisati": the people filmed were told'),
    linkedRef: z
      .string()
      .trim()
      .max(200)
      .optional()
      .describe('linked report or case (verbale, fascicolo, denuncia)'),
    notUsableForAdministrativeOffences: z.boolean().optional(),
  })
  .strict();
export type Categorize = z.infer<typeof CategorizeSchema>;

export const ViewRequestSchema = z
  .object({
    reason: z.string().trim().min(5, 'motivo obbligatorio (almeno 5 caratteri)').max(500),
    caseRef: z
      .string()
      .trim()
      .min(2, 'riferimento obbligatorio (fascicolo, verbale, protocollo)')
      .max(200),
    purpose: z.enum(['playback', 'download']).default('playback'),
  })
  .strict();
export type ViewRequest = z.infer<typeof ViewRequestSchema>;

export const ViewGrantSchema = z.object({
  url: z.string().describe('GET it (same session) within the validity; supports Range'),
  expiresAt: z.string(),
  notUsableForAdministrativeOffences: z.boolean(),
});

export const HoldSchema = z.object({ reason: z.string().trim().min(5).max(500) }).strict();

export const IngestLogEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  serial: z.string(),
  fileName: z.string(),
  bytes: z.number().nullable(),
  sha256: z.string().nullable(),
  outcome: z.string(),
  reason: z.string().nullable(),
  clipId: z.string().nullable(),
  storageKey: z.string().nullable(),
});
