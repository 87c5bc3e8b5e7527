import { z } from 'zod';

/** The longest period one register covers (a year and a day, for the annual print-out). */
export const MAX_REGISTER_DAYS = 367;
/** More rows than this in one period: the operator narrows it (a PDF of thousands of pages helps nobody). */
export const MAX_REGISTER_ROWS = 20_000;

export const RegisterQuerySchema = z
  .object({
    from: z.iso.datetime({ offset: true }).describe('start of the period (included)'),
    to: z.iso.datetime({ offset: true }).describe('end of the period (excluded)'),
    format: z.enum(['pdf', 'csv']).default('pdf'),
  })
  .strict();
export type RegisterQuery = z.infer<typeof RegisterQuerySchema>;

export type RegisterKind = 'extractions' | 'viewings';

export interface ExtractionEntry {
  number: string;
  createdAt: number;
  cameraCode: string;
  cameraName: string;
  from: number;
  to: number;
  actualFrom: number | null;
  actualTo: number | null;
  operatorName: string;
  operatorUsername: string;
  reason: string;
  requestNumber: string | null;
  caseRef: string | null;
  status: 'queued' | 'running' | 'done' | 'failed';
  error: string | null;
  attempts: number;
  clips: number;
  originals: number;
  documents: number;
  totalBytes: number;
  manifestSha256: string | null;
  retainUntil: number | null;
  legalHold: boolean;
  legalHoldReason: string | null;
}

export type ViewingKind =
  'evidence_view' | 'evidence_download' | 'playback' | 'bodycam_view' | 'bodycam_download';

export interface ViewingEntry {
  at: number;
  kind: ViewingKind;
  /** The action as recorded (custody action or audit action). */
  action: string;
  username: string;
  ip: string | null;
  /** The evidence number, or null for a playback of recorded footage or a bodycam clip. */
  evidenceNumber: string | null;
  cameraCode: string;
  cameraName: string;
  from: number | null;
  to: number | null;
  reason: string | null;
  caseRef: string | null;
  /** What exactly: the file, the format, the recipient. */
  detail: string | null;
}

/** Who printed the register and when, for its heading. */
export interface RegisterMeta {
  from: number;
  to: number;
  generatedAt: number;
  generatedBy: string;
}
