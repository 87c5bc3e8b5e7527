import { z } from 'zod';

export const EVENT_TYPES = [
  'sinistro_stradale',
  'danneggiamento',
  'furto',
  'aggressione',
  'altro',
] as const;
export const EventTypeSchema = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventTypeSchema>;

export const REFERENCE_KINDS = ['protocollo', 'verbale', 'denuncia', 'rgnr', 'altro'] as const;
export const ReferenceSchema = z.object({
  kind: z.enum(REFERENCE_KINDS),
  number: z.string(),
});
export type Reference = z.infer<typeof ReferenceSchema>;

export const REQUESTER_TYPES = [
  'officer',
  'other_force',
  'judicial_authority',
  'lawyer',
  'citizen',
] as const;
export const RequesterTypeSchema = z.enum(REQUESTER_TYPES);
export type RequesterType = z.infer<typeof RequesterTypeSchema>;

export const RequesterSchema = z.object({
  name: z.string().nullable(),
  email: z.string().nullable(),
  rank: z.string().nullable(),
  badge: z.string().nullable().describe('matricola'),
  unit: z.string().nullable(),
  phone: z.string().nullable(),
  type: RequesterTypeSchema,
});
export type Requester = z.infer<typeof RequesterSchema>;

export const PlaceSchema = z.object({
  text: z.string().describe('the words of the message that name the place'),
  street: z.string().nullable().describe('lower case, abbreviations spelled out'),
  number: z.string().nullable(),
  crossStreet: z.string().nullable(),
  landmark: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
});
export type Place = z.infer<typeof PlaceSchema>;

export const TimeWindowSchema = z.object({
  from: z.string().describe('ISO 8601 with the Europe/Rome offset'),
  to: z.string(),
});
export type TimeWindow = z.infer<typeof TimeWindowSchema>;

/** Fields that can be reported as missing (and that carry a confidence). */
export const PARSED_FIELDS = [
  'eventType',
  'window',
  'place',
  'references',
  'requester',
  'urgent',
] as const;
export type ParsedField = (typeof PARSED_FIELDS)[number];

export const SpanSchema = z.object({
  field: z.enum(PARSED_FIELDS),
  start: z.number().int(),
  end: z.number().int(),
});
export type Span = z.infer<typeof SpanSchema>;

/** Certification data of a PEC envelope, from its daticert.xml. */
export const PecDataSchema = z.object({
  type: z.string().describe('posta-certificata, or a receipt kind such as avvenuta-consegna'),
  error: z.string().nullable(),
  sender: z.string().nullable(),
  recipients: z.array(z.string()),
  subject: z.string().nullable(),
  provider: z.string().nullable().describe('gestore-emittente'),
  identifier: z.string().nullable(),
  msgId: z.string().nullable(),
  date: z.string().nullable().describe('ISO 8601 with the offset given in daticert.xml'),
});
export type PecData = z.infer<typeof PecDataSchema>;

export const INTAKE_PROBLEMS = [
  'malformed_mime',
  'empty_body',
  'html_only',
  'unknown_charset',
  'missing_date',
  'pec_incomplete',
  'pec_receipt',
  'parse_error',
] as const;
export type IntakeProblem = (typeof INTAKE_PROBLEMS)[number];

export const ParsedRequestSchema = z.object({
  eventType: EventTypeSchema.nullable(),
  window: TimeWindowSchema.nullable(),
  place: PlaceSchema.nullable(),
  references: z.array(ReferenceSchema),
  requester: RequesterSchema,
  urgent: z.boolean(),
  channel: z.enum(['email', 'pec']),
  subject: z.string(),
  receivedAt: z.string().nullable(),
  referenceDate: z
    .string()
    .nullable()
    .describe('the date relative expressions were read from (the original, for forwards)'),
  messageId: z.string().nullable(),
  confidence: z.record(z.enum(PARSED_FIELDS), z.number().min(0).max(1)),
  missing: z.array(z.enum(PARSED_FIELDS)),
  spans: z.array(SpanSchema),
  bodyText: z.string(),
  pec: PecDataSchema.nullable(),
  problems: z.array(z.enum(INTAKE_PROBLEMS)),
});
export type ParsedRequest = z.infer<typeof ParsedRequestSchema>;

/** What a recognizer found: a value, how sure it is, and where in the text it read it. */
export interface Found<T> {
  value: T;
  confidence: number;
  spans: Array<{ start: number; end: number }>;
}
