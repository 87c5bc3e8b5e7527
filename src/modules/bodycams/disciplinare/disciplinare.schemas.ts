import { z } from 'zod';
import { RoleSchema } from '../../auth/permissions.js';

/** The Garante's limits for bodycam retention (B4): at least 24 hours, at most six months. */
export const MIN_RETENTION_HOURS = 24;
export const MAX_RETENTION_HOURS = 183 * 24;

export const CategorySchema = z
  .object({
    code: z
      .string()
      .regex(/^[a-z0-9_]{2,40}$/, 'codice: lettere minuscole, cifre e _ (2-40)')
      .describe('stable code stored on clips'),
    label: z.string().trim().min(2).max(100),
    retentionHours: z
      .number()
      .int()
      .min(MIN_RETENTION_HOURS, 'conservazione minima 24 ore')
      .max(MAX_RETENTION_HOURS, 'conservazione massima 6 mesi')
      .nullable()
      .describe('hours kept after recording; null only for a legal-hold category'),
    legalHold: z
      .boolean()
      .describe('clips of this category are kept until the hold is released (AG/PG, defence)'),
    viewRoles: z.array(RoleSchema).min(1).describe('roles that may view clips of this category'),
  })
  .strict()
  .refine((c) => (c.legalHold ? c.retentionHours === null : c.retentionHours !== null), {
    message: 'una categoria ha una conservazione in ore oppure il blocco legale, non entrambi',
    path: ['retentionHours'],
  });
export type Category = z.infer<typeof CategorySchema>;

export const DisciplinareRulesSchema = z
  .object({
    activationReasons: z.array(z.string().trim().min(2).max(200)).min(1).max(50),
    categories: z.array(CategorySchema).min(1).max(20),
    categorizeWithinHours: z
      .number()
      .int()
      .min(1)
      .max(30 * 24),
    reminderHoursBefore: z
      .array(
        z
          .number()
          .int()
          .min(1)
          .max(30 * 24),
      )
      .max(5)
      .default([])
      .describe('reminders to the officer, hours before the categorize deadline'),
    preRecordAllowed: z.boolean(),
    preRecordSeconds: z.number().int().min(0).max(120),
    maxClipMinutes: z
      .number()
      .int()
      .min(1)
      .max(12 * 60),
    notUsableForAdministrativeOffences: z
      .boolean()
      .default(true)
      .describe('clips carry "non utilizzabile per illeciti amministrativi" from ingest'),
  })
  .strict()
  .superRefine((r, ctx) => {
    const codes = r.categories.map((c) => c.code);
    const dup = codes.find((c, i) => codes.indexOf(c) !== i);
    if (dup)
      ctx.addIssue({ code: 'custom', message: `categoria ${dup} ripetuta`, path: ['categories'] });
    r.reminderHoursBefore.forEach((h, i) => {
      if (h >= r.categorizeWithinHours) {
        ctx.addIssue({
          code: 'custom',
          message: `il promemoria va inviato prima della scadenza di ${r.categorizeWithinHours} ore`,
          path: ['reminderHoursBefore', i],
        });
      }
    });
    if (!r.preRecordAllowed && r.preRecordSeconds > 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'pre-registrazione non ammessa: i secondi devono essere 0',
        path: ['preRecordSeconds'],
      });
    }
  });
export type DisciplinareRules = z.infer<typeof DisciplinareRulesSchema>;

const ActDate = z.iso.date();

export const ApprovalSchema = z
  .object({
    actKind: z.string().trim().min(3).max(100).describe('e.g. "Delibera di Consiglio comunale"'),
    actNumber: z.string().trim().min(1).max(50),
    actDate: ActDate,
  })
  .strict();
export type Approval = z.infer<typeof ApprovalSchema>;

export const NewDisciplinareSchema = z
  .object({
    title: z.string().trim().min(3).max(200),
    effectiveFrom: z.iso.datetime({ offset: true }).optional().describe('default: now'),
    rules: DisciplinareRulesSchema,
    notes: z.string().max(4000).default(''),
    approval: ApprovalSchema.optional().describe('the approving act, if already adopted'),
  })
  .strict();
export type NewDisciplinare = z.infer<typeof NewDisciplinareSchema>;

export const DisciplinareSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  title: z.string(),
  effectiveFrom: z.string(),
  rules: DisciplinareRulesSchema,
  notes: z.string(),
  seeded: z.boolean(),
  status: z.enum(['da_approvare', 'approvato']),
  approval: z
    .object({
      actKind: z.string(),
      actNumber: z.string(),
      actDate: z.string(),
      approvedBy: z.string(),
      approvedAt: z.string(),
    })
    .nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type Disciplinare = z.infer<typeof DisciplinareSchema>;
