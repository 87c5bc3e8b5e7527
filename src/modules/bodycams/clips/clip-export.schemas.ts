import { z } from 'zod';

/** Clips at most this far apart are taken as one event and exported as one item. */
export const EXPORT_EVENT_SPAN_HOURS = 12;
export const EXPORT_MAX_CLIPS = 20;

export const ClipExportRequestSchema = z
  .object({
    clipIds: z
      .array(z.uuid())
      .min(1, 'almeno una clip')
      .max(EXPORT_MAX_CLIPS, `al massimo ${EXPORT_MAX_CLIPS} clip per reperto`),
    reason: z.string().trim().min(5, 'motivo obbligatorio (almeno 5 caratteri)').max(500),
    caseRef: z
      .string()
      .trim()
      .min(2, 'riferimento obbligatorio (fascicolo, verbale, protocollo)')
      .max(200),
  })
  .strict();
export type ClipExportRequest = z.infer<typeof ClipExportRequestSchema>;

export const ClipExportResultSchema = z.object({
  evidenceId: z.string(),
  number: z.string().describe('the evidence number (AQ-YYYY-NNNNNN) in the register'),
  manifestSha256: z.string(),
  files: z.number().int(),
  totalBytes: z.number().int(),
  clipIds: z.array(z.string()).describe('the clips now on legal hold ("acquisita come prova")'),
  notUsableForAdministrativeOffences: z.boolean(),
});
export type ClipExportResult = z.infer<typeof ClipExportResultSchema>;
