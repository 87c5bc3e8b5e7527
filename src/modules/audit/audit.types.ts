import { z } from 'zod';

/** Who did something: a user (with the address they came from) or the system itself. */
export interface AuditActor {
  userId: string | null;
  username: string | null;
  ip: string | null;
}

export const SYSTEM_ACTOR: AuditActor = { userId: null, username: 'system', ip: null };

/** One thing worth recording (L1): who, when, what, why, on which object, for whom. */
export interface AuditEvent {
  action: string;
  objectType?: string | null;
  objectId?: string | null;
  reason?: string | null;
  caseRef?: string | null;
  recipient?: string | null;
  details?: Record<string, unknown> | null;
}

export const AuditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorUsername: z.string().nullable(),
  ip: z.string().nullable(),
  action: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  reason: z.string().nullable(),
  caseRef: z.string().nullable(),
  recipient: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

const optionalText = z.string().trim().min(1).max(200).optional();
const isoDate = z.iso.datetime({ offset: true }).optional();

export const AuditQuerySchema = z
  .object({
    from: isoDate,
    to: isoDate,
    actor: optionalText,
    action: optionalText,
    objectType: optionalText,
    objectId: optionalText,
    q: optionalText,
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z.string().regex(/^\d+$/).optional(),
  })
  .strict();
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditVerifyResultSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBadSeq: z.number().int().nullable(),
  problem: z.string().nullable(),
});
export type AuditVerifyResult = z.infer<typeof AuditVerifyResultSchema>;
