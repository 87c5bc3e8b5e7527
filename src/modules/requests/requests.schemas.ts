import { z } from 'zod';
import {
  EventTypeSchema,
  ReferenceSchema,
  RequesterTypeSchema,
  SpanSchema,
} from './intake/parsed-request.schema.js';

export const CHANNELS = [
  'email',
  'pec',
  'form',
  'phone',
  'paper',
  'in_person',
  'legacy_import',
] as const;
export const ChannelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof ChannelSchema>;

export const REQUEST_STATES = [
  'ricevuta',
  'in_lavorazione',
  'evasa',
  'negativa',
  'annullata',
  'unita',
] as const;
export const RequestStateSchema = z.enum(REQUEST_STATES);
export type RequestState = z.infer<typeof RequestStateSchema>;

export const NEGATIVE_REASONS = [
  'no_camera',
  'camera_offline',
  'footage_expired',
  'not_entitled',
  'other',
] as const;
export const NegativeReasonSchema = z.enum(NEGATIVE_REASONS);

/** Open states are in the operators' queue. */
export const OPEN_STATES: readonly RequestState[] = ['ricevuta', 'in_lavorazione'];

/** The lifecycle (issue 6 §4): which state may follow which. The others are final. */
export const TRANSITIONS: Record<RequestState, readonly RequestState[]> = {
  ricevuta: ['in_lavorazione', 'negativa', 'annullata', 'unita'],
  in_lavorazione: ['ricevuta', 'evasa', 'negativa', 'annullata', 'unita'],
  evasa: [],
  negativa: [],
  annullata: [],
  unita: [],
};

const iso = z.iso.datetime({ offset: true });

export const RequestPlaceSchema = z.object({
  text: z.string().nullable(),
  street: z.string().nullable(),
  number: z.string().nullable(),
  crossStreet: z.string().nullable(),
  landmark: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
});

export const RequestRequesterSchema = z.object({
  name: z.string().nullable(),
  email: z.string().nullable(),
  rank: z.string().nullable(),
  badge: z.string().nullable(),
  unit: z.string().nullable(),
  phone: z.string().nullable(),
  type: RequesterTypeSchema,
});

export const RequestSummarySchema = z.object({
  id: z.string(),
  number: z.string().describe('VS-2026-000123'),
  channel: ChannelSchema,
  state: RequestStateSchema,
  negativeReason: NegativeReasonSchema.nullable(),
  stateReason: z.string().nullable(),
  mergedInto: z.string().nullable(),
  subject: z.string(),
  eventType: EventTypeSchema.nullable(),
  window: z.object({ from: z.string(), to: z.string() }).nullable(),
  place: RequestPlaceSchema,
  requester: RequestRequesterSchema,
  references: z.array(ReferenceSchema),
  urgent: z.boolean(),
  daSmistare: z.boolean().describe('place or time not resolved, or no camera matched'),
  triageNotes: z.array(z.string()),
  dueAt: z.string().nullable().describe('when the footage would have been deleted'),
  msLeft: z.number().nullable().describe('milliseconds from now to dueAt (negative: past)'),
  assignedTo: z.string().nullable(),
  assignedName: z.string().nullable(),
  evidenceId: z.string().nullable().describe('the evidence item that fulfilled the request'),
  legacyNumber: z.string().nullable().describe('its number in the previous register'),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
});
export type RequestSummary = z.infer<typeof RequestSummarySchema>;

export const RequestCommentSchema = z.object({
  id: z.string(),
  author: z.string(),
  text: z.string(),
  createdAt: z.string(),
});

export const RequestHistoryEntrySchema = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});

export const RequestHoldSchema = z.object({
  id: z.string(),
  cameras: z.array(
    z.object({ id: z.string(), code: z.string().nullable(), name: z.string().nullable() }),
  ),
  from: z.string(),
  to: z.string(),
  state: z.string(),
});

export const RequestDetailSchema = RequestSummarySchema.extend({
  description: z.string(),
  parse: z
    .object({
      confidence: z.record(z.string(), z.number()),
      missing: z.array(z.string()),
      spans: z.array(SpanSchema),
      bodyText: z.string(),
    })
    .nullable()
    .describe('what the parser read, to highlight the fields in the original text'),
  intake: z
    .object({ id: z.string(), sha256: z.string(), messageId: z.string().nullable() })
    .nullable(),
  holds: z.array(RequestHoldSchema),
  merged: z
    .array(z.object({ id: z.string(), number: z.string(), requester: RequestRequesterSchema }))
    .describe('requests merged into this one: their requesters get the outcome too'),
  comments: z.array(RequestCommentSchema),
  history: z.array(RequestHistoryEntrySchema),
});
export type RequestDetail = z.infer<typeof RequestDetailSchema>;

const text = (max: number) => z.string().trim().max(max);
const optText = (max: number) => text(max).nullable().default(null);

/** An officer's form or an operator's manual entry of a request received the previous way. */
export const NewRequestSchema = z
  .object({
    channel: z.enum(['form', 'phone', 'paper', 'in_person']),
    subject: text(300).default(''),
    description: text(10_000).default(''),
    eventType: EventTypeSchema.nullable().default(null),
    window: z.object({ from: iso, to: iso }).strict().nullable().default(null),
    place: z
      .object({
        text: optText(500),
        street: optText(200),
        number: optText(20),
        crossStreet: optText(200),
        landmark: optText(200),
        lat: z.number().min(-90).max(90).nullable().default(null),
        lon: z.number().min(-180).max(180).nullable().default(null),
      })
      .strict()
      .nullable()
      .default(null),
    references: z.array(ReferenceSchema.strict()).max(20).default([]),
    requester: z
      .object({
        name: optText(200),
        email: z.email().nullable().default(null),
        rank: optText(100),
        badge: optText(50),
        unit: optText(200),
        phone: optText(50),
        type: RequesterTypeSchema.default('officer'),
      })
      .strict()
      .optional(),
    urgent: z.boolean().default(false),
  })
  .strict();
export type NewRequest = z.infer<typeof NewRequestSchema>;

export const RequestListQuerySchema = z
  .object({
    state: RequestStateSchema.optional(),
    channel: ChannelSchema.optional(),
    q: z.string().trim().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type RequestListQuery = z.infer<typeof RequestListQuerySchema>;

export const ChangeStateSchema = z
  .object({
    state: RequestStateSchema,
    reason: z.string().trim().min(3).max(2000).optional(),
    negativeReason: NegativeReasonSchema.optional(),
    mergedInto: z.string().trim().min(1).max(100).optional().describe('id or number'),
    evidenceId: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe('evasa: the evidence item acquired for it'),
  })
  .strict();
export type ChangeState = z.infer<typeof ChangeStateSchema>;

/** The operator's corrections (a request "da smistare": the place or time the parser missed). */
export const UpdateFieldsSchema = z
  .object({
    eventType: EventTypeSchema.nullable().optional(),
    window: z.object({ from: iso, to: iso }).strict().nullable().optional(),
    place: NewRequestSchema.shape.place.unwrap().unwrap().nullable().optional(),
    references: z.array(ReferenceSchema.strict()).max(20).optional(),
    requester: NewRequestSchema.shape.requester.unwrap().optional(),
    urgent: z.boolean().optional(),
    subject: text(300).optional(),
    description: text(10_000).optional(),
    reason: z.string().trim().min(3).max(2000),
  })
  .strict();
export type UpdateFields = z.infer<typeof UpdateFieldsSchema>;

export const AssignSchema = z.object({ userId: z.string().min(1).max(100).nullable() }).strict();

export const CommentInputSchema = z.object({ text: z.string().trim().min(1).max(5000) }).strict();

export const IntakeMessageSchema = z.object({
  id: z.string(),
  sha256: z.string(),
  messageId: z.string().nullable(),
  source: z.string(),
  sender: z.string().nullable(),
  subject: z.string().nullable(),
  bytes: z.number(),
  status: z.enum(['processing', 'accepted', 'quarantined', 'duplicate', 'discarded']),
  reason: z.string().nullable(),
  discardReason: z.string().nullable(),
  discardedBy: z.string().nullable(),
  problems: z.array(z.string()),
  requestId: z.string().nullable(),
  duplicateOf: z.string().nullable(),
  attempts: z.number().int(),
  receivedAt: z.string(),
  processedAt: z.string().nullable(),
});
export type IntakeMessage = z.infer<typeof IntakeMessageSchema>;
