import { z } from 'zod';
import {
  EVENT_TYPES,
  EventTypeSchema,
  REFERENCE_KINDS,
  REQUESTER_TYPES,
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

/** "Testo troppo lungo…": the limits of free text, in the words the form shows under the field. */
const tooLong = (max: number) => ({
  error: (issue: { input?: unknown }) =>
    `Testo troppo lungo: al massimo ${max.toLocaleString('it-IT')} caratteri` +
    (typeof issue.input === 'string'
      ? ` (ne sono stati inseriti ${issue.input.length.toLocaleString('it-IT')})`
      : ''),
});
const text = (max: number) =>
  z.string({ error: 'Deve essere un testo' }).trim().max(max, tooLong(max));
const optText = (max: number) => text(max).nullable().default(null);
/** Free text that must be there: `missing` answers null, absence and blanks alike. */
const requiredText = (max: number, missing: string) =>
  z.string({ error: missing }).trim().min(1, { error: missing }).max(max, tooLong(max));

/** Cap of a request's free text: enough for a dictated account, never megabytes. */
export const TEXT_LIMITS = { subject: 300, description: 10_000, note: 5_000, reason: 2_000 };

/** The channels of a request entered by a person (the others come from the mailbox). */
export const MANUAL_CHANNELS = ['form', 'phone', 'paper', 'in_person'] as const;

const instant = (missing: string) => z.iso.datetime({ offset: true, error: missing });

const ReferenceInputSchema = z
  .object({
    kind: z.enum(REFERENCE_KINDS, { error: 'Tipo di riferimento non valido' }),
    number: requiredText(100, 'Indicare il numero del riferimento'),
  })
  .strict();
const ReferencesInputSchema = z
  .array(ReferenceInputSchema)
  .max(20, { error: 'Al massimo 20 riferimenti' });

const placeShape = {
  text: optText(500),
  street: optText(200),
  number: optText(20),
  crossStreet: optText(200),
  landmark: optText(200),
  lat: z
    .number({ error: 'Latitudine non valida' })
    .min(-90, { error: 'Latitudine non valida' })
    .max(90, { error: 'Latitudine non valida' })
    .nullable()
    .default(null),
  lon: z
    .number({ error: 'Longitudine non valida' })
    .min(-180, { error: 'Longitudine non valida' })
    .max(180, { error: 'Longitudine non valida' })
    .nullable()
    .default(null),
};
const PlaceInputSchema = z.object(placeShape).strict();

const RequesterTypeInputSchema = z.enum(REQUESTER_TYPES, {
  error: 'Tipo di richiedente non valido',
});
const requesterShape = {
  email: z.email({ error: 'Indirizzo e-mail non valido' }).nullable().default(null),
  rank: optText(100),
  badge: optText(50),
  unit: optText(200),
  phone: optText(50),
  type: RequesterTypeInputSchema.default('officer'),
};
const RequesterInputSchema = z.object({ name: optText(200), ...requesterShape }).strict();

const PLACE_MISSING =
  'Indicare il luogo: via o piazza, un punto di riferimento, oppure un punto sulla mappa';

/**
 * An officer's form or an operator's manual entry of a request received the previous way. What
 * E1 (DOMAIN.md) makes a request is required here: who asks, how it came, what happened, when,
 * where, and a subject or description saying why. The clock's rules (no window in the future, at
 * most `requestMaxWindowHours`) are the service's, which knows the time.
 */
export const NewRequestSchema = z
  .object({
    channel: z.enum(MANUAL_CHANNELS, {
      error: 'Indicare il canale di arrivo (modulo, telefono, carta o di persona)',
    }),
    subject: text(TEXT_LIMITS.subject).default(''),
    description: text(TEXT_LIMITS.description).default(''),
    eventType: z.enum(EVENT_TYPES, { error: 'Indicare il tipo di evento' }),
    window: z
      .object(
        {
          from: instant('Indicare data e ora di inizio dell’evento'),
          to: instant('Indicare data e ora di fine dell’evento'),
        },
        { error: 'Indicare il periodo dell’evento (inizio e fine)' },
      )
      .strict()
      .refine((w) => Date.parse(w.to) > Date.parse(w.from), {
        path: ['to'],
        error: 'La fine deve essere successiva all’inizio',
      })
      .describe(
        'when the event happened: it may not start in the future nor last longer than the configured maximum (24 h by default)',
      ),
    place: z
      .object(placeShape, { error: PLACE_MISSING })
      .strict()
      .refine((p) => Boolean(p.street || p.landmark || p.text || p.lat !== null), {
        error: PLACE_MISSING,
      })
      .refine((p) => (p.lat === null) === (p.lon === null), {
        path: ['lon'],
        error: 'Indicare latitudine e longitudine insieme',
      })
      .describe('a street, a landmark, the words of the requester or a point (lat and lon)'),
    references: ReferencesInputSchema.default([]),
    requester: z
      .object({
        name: requiredText(200, 'Indicare nome e cognome del richiedente'),
        ...requesterShape,
      })
      .strict()
      .optional()
      .describe('required from an operator; an officer without it asks for themselves'),
    urgent: z.boolean({ error: 'Valore non valido' }).default(false),
  })
  .strict()
  // Checked even when other fields are wrong, so that one answer names every missing field.
  .check(
    z.refine(
      (r: { subject?: unknown; description?: unknown }) =>
        [r.subject, r.description].some((v) => typeof v === 'string' && v.trim() !== ''),
      {
        path: ['subject'],
        error:
          'Indicare l’oggetto o una descrizione: che cosa è successo e perché servono le immagini',
        when: (payload) => typeof payload.value === 'object' && payload.value !== null,
      },
    ),
  );
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
    reason: z
      .string({ error: 'Deve essere un testo' })
      .trim()
      .min(3, { error: 'Indicare il motivo (almeno 3 caratteri)' })
      .max(TEXT_LIMITS.reason, tooLong(TEXT_LIMITS.reason))
      .optional(),
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
    place: PlaceInputSchema.nullable().optional(),
    references: ReferencesInputSchema.optional(),
    requester: RequesterInputSchema.optional(),
    urgent: z.boolean().optional(),
    subject: text(TEXT_LIMITS.subject).optional(),
    description: text(TEXT_LIMITS.description).optional(),
    reason: z
      .string({ error: 'Indicare il motivo della correzione' })
      .trim()
      .min(3, { error: 'Indicare il motivo della correzione (almeno 3 caratteri)' })
      .max(TEXT_LIMITS.reason, tooLong(TEXT_LIMITS.reason)),
  })
  .strict();
export type UpdateFields = z.infer<typeof UpdateFieldsSchema>;

export const AssignSchema = z.object({ userId: z.string().min(1).max(100).nullable() }).strict();

export const CommentInputSchema = z
  .object({ text: requiredText(TEXT_LIMITS.note, 'Scrivere il commento') })
  .strict();

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
