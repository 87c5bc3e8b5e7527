import { z } from 'zod';
import { RecordRefSchema } from '../../privacy/compliance.schemas.js';

export const DEVICE_STATUSES = ['available', 'issued', 'charging', 'fault', 'retired'] as const;
export const DeviceStatusSchema = z.enum(DEVICE_STATUSES);

const Serial = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/, 'matricola: lettere, cifre, . _ - (2-64)');

export const DeviceInputSchema = z
  .object({
    serial: Serial,
    model: z.string().trim().min(1).max(100),
    firmware: z.string().trim().max(100).default(''),
    notes: z.string().max(2000).default(''),
  })
  .strict();
export type DeviceInput = z.infer<typeof DeviceInputSchema>;

export const DevicePatchSchema = z
  .object({
    model: z.string().trim().min(1).max(100).optional(),
    firmware: z.string().trim().max(100).optional(),
    notes: z.string().max(2000).optional(),
    status: z
      .enum(['available', 'charging', 'fault', 'retired'])
      .optional()
      .describe('"issued" is set by check-out only'),
  })
  .strict();
export type DevicePatch = z.infer<typeof DevicePatchSchema>;

export const IssueSchema = z.object({
  id: z.string(),
  deviceId: z.string(),
  serial: z.string(),
  officerId: z.string(),
  officerName: z.string(),
  partnerCommand: z.string().nullable(),
  issuedAt: z.string(),
  issuedBy: z.string(),
  returnedAt: z.string().nullable(),
  receivedBy: z.string().nullable(),
  returnNotes: z.string().nullable(),
});
export type Issue = z.infer<typeof IssueSchema>;

export const DeviceSchema = z.object({
  id: z.string(),
  serial: z.string(),
  model: z.string(),
  firmware: z.string(),
  status: DeviceStatusSchema,
  notes: z.string(),
  currentIssue: IssueSchema.nullable(),
  disciplinareNumber: z.number().int().describe('version of the disciplinare in force now (G1)'),
  dpia: RecordRefSchema.nullable().describe('the bodycam DPIA in force now (G1)'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Device = z.infer<typeof DeviceSchema>;

export const CheckOutSchema = z
  .object({
    serial: Serial.describe('typed or scanned'),
    officer: z.string().trim().min(1).max(100).describe('user id or username'),
    partnerCommand: z
      .string()
      .trim()
      .min(2)
      .max(200)
      .optional()
      .describe('joint service: the partner command'),
  })
  .strict();
export type CheckOut = z.infer<typeof CheckOutSchema>;

export const CheckInSchema = z
  .object({
    serial: Serial,
    status: z.enum(['available', 'charging', 'fault']).default('charging'),
    notes: z.string().max(2000).optional(),
  })
  .strict();
export type CheckIn = z.infer<typeof CheckInSchema>;

export const IssueQuerySchema = z
  .object({
    serial: z.string().max(64).optional(),
    officerId: z.string().max(100).optional(),
    open: z.enum(['1', '0']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type IssueQuery = z.infer<typeof IssueQuerySchema>;
