import type { paths } from '../../api/schema';
import { toRomeLocalInput } from '../../components/timeline/rome';
import { romeLocalToIso } from '../../lib/format';
import type { RequestDetail } from './requestsApi';

export type NewRequestBody = NonNullable<
  paths['/api/requests']['post']['requestBody']
>['content']['application/json'];
export type Channel = NewRequestBody['channel'];
export type EventType = NonNullable<RequestDetail['eventType']>;
export type RequesterType = RequestDetail['requester']['type'];
export type ReferenceKind = RequestDetail['references'][number]['kind'];

export const MANUAL_CHANNELS: readonly Channel[] = ['phone', 'paper', 'in_person', 'form'];
export const EVENT_TYPES: readonly EventType[] = [
  'sinistro_stradale',
  'danneggiamento',
  'furto',
  'aggressione',
  'altro',
];
export const REQUESTER_TYPES: readonly RequesterType[] = [
  'officer',
  'other_force',
  'judicial_authority',
  'lawyer',
  'citizen',
];
export const REFERENCE_KINDS: readonly ReferenceKind[] = [
  'protocollo',
  'verbale',
  'denuncia',
  'rgnr',
  'altro',
];

/** What the form holds: strings as typed, converted when sent. */
export interface RequestDraft {
  channel: Channel;
  subject: string;
  description: string;
  eventType: EventType | '';
  from: string;
  to: string;
  street: string;
  number: string;
  crossStreet: string;
  landmark: string;
  placeText: string;
  lat: number | null;
  lon: number | null;
  references: { kind: ReferenceKind; number: string }[];
  requester: {
    name: string;
    rank: string;
    badge: string;
    unit: string;
    phone: string;
    email: string;
    type: RequesterType;
  };
  urgent: boolean;
}

export function emptyDraft(channel: Channel): RequestDraft {
  return {
    channel,
    subject: '',
    description: '',
    eventType: '',
    from: '',
    to: '',
    street: '',
    number: '',
    crossStreet: '',
    landmark: '',
    placeText: '',
    lat: null,
    lon: null,
    references: [],
    requester: { name: '', rank: '', badge: '', unit: '', phone: '', email: '', type: 'officer' },
    urgent: false,
  };
}

/** A request's current fields as a draft, for the corrections dialog. */
export function draftOf(r: RequestDetail): RequestDraft {
  const s = (v: string | null) => v ?? '';
  return {
    channel: 'phone',
    subject: r.subject,
    description: r.description,
    eventType: r.eventType ?? '',
    from: r.window ? toRomeLocalInput(Date.parse(r.window.from)) : '',
    to: r.window ? toRomeLocalInput(Date.parse(r.window.to)) : '',
    street: s(r.place.street),
    number: s(r.place.number),
    crossStreet: s(r.place.crossStreet),
    landmark: s(r.place.landmark),
    placeText: s(r.place.text),
    lat: r.place.lat,
    lon: r.place.lon,
    references: r.references.map((x) => ({ kind: x.kind, number: x.number })),
    requester: {
      name: s(r.requester.name),
      rank: s(r.requester.rank),
      badge: s(r.requester.badge),
      unit: s(r.requester.unit),
      phone: s(r.requester.phone),
      email: s(r.requester.email),
      type: r.requester.type,
    },
    urgent: r.urgent,
  };
}

const orNull = (v: string) => (v.trim() ? v.trim() : null);

/** The window as ISO instants; null when not given; 'invalid' when the end precedes the start. */
export function windowOf(d: RequestDraft): { from: string; to: string } | null | 'invalid' {
  const from = d.from ? romeLocalToIso(d.from) : undefined;
  const to = d.to ? romeLocalToIso(d.to) : undefined;
  if (!from || !to) return null;
  return Date.parse(to) > Date.parse(from) ? { from, to } : 'invalid';
}

export function placeOf(d: RequestDraft): NonNullable<NewRequestBody['place']> | null {
  const place = {
    text: orNull(d.placeText),
    street: orNull(d.street),
    number: orNull(d.number),
    crossStreet: orNull(d.crossStreet),
    landmark: orNull(d.landmark),
    lat: d.lat,
    lon: d.lon,
  };
  return Object.values(place).some((v) => v !== null) ? place : null;
}

/** The requester as the form holds it; a blank name is null (the server names it missing). */
export type RequesterBody = Omit<NonNullable<NewRequestBody['requester']>, 'name'> & {
  name: string | null;
};

export function requesterOf(d: RequestDraft): RequesterBody {
  const q = d.requester;
  return {
    name: orNull(q.name),
    rank: orNull(q.rank),
    badge: orNull(q.badge),
    unit: orNull(q.unit),
    phone: orNull(q.phone),
    email: orNull(q.email),
    type: q.type,
  };
}

export function referencesOf(d: RequestDraft): NewRequestBody['references'] {
  return d.references
    .filter((r) => r.number.trim())
    .map((r) => ({ kind: r.kind, number: r.number.trim() }));
}

/**
 * What the form sends to POST /api/requests: the fields as typed, blanks included (an event type
 * not chosen is null, a date not given is ''), so that the server names every missing field in
 * one answer and the page shows each message under its field.
 */
export type NewRequestDraftBody = Omit<NewRequestBody, 'eventType' | 'requester'> & {
  eventType: EventType | null;
  requester: RequesterBody;
};

export function newRequestBody(d: RequestDraft): NewRequestDraftBody {
  return {
    channel: d.channel,
    subject: d.subject.trim(),
    description: d.description.trim(),
    eventType: d.eventType || null,
    window: {
      from: (d.from && romeLocalToIso(d.from)) || '',
      to: (d.to && romeLocalToIso(d.to)) || '',
    },
    place: {
      text: orNull(d.placeText),
      street: orNull(d.street),
      number: orNull(d.number),
      crossStreet: orNull(d.crossStreet),
      landmark: orNull(d.landmark),
      lat: d.lat,
      lon: d.lon,
    },
    references: referencesOf(d),
    requester: requesterOf(d),
    urgent: d.urgent,
  };
}

/** The fields of the editor that show a message under them. */
export type FieldName =
  | 'channel'
  | 'requester.type'
  | 'requester.name'
  | 'requester.rank'
  | 'requester.badge'
  | 'requester.unit'
  | 'requester.phone'
  | 'requester.email'
  | 'eventType'
  | 'from'
  | 'to'
  | 'subject'
  | 'description'
  | 'street'
  | 'number'
  | 'crossStreet'
  | 'landmark'
  | 'lat'
  | 'lon';

export interface FieldErrors {
  /** Messages shown under their field. */
  fields: Partial<Record<FieldName, string>>;
  /** Messages under a reference's number, by row. */
  references: Record<number, string>;
  /** Messages no field shows (an API caller's mistakes): listed in the summary. */
  other: string[];
}

const FIELD_OF: Record<string, FieldName> = {
  channel: 'channel',
  requester: 'requester.name',
  'requester.name': 'requester.name',
  'requester.type': 'requester.type',
  'requester.rank': 'requester.rank',
  'requester.badge': 'requester.badge',
  'requester.unit': 'requester.unit',
  'requester.phone': 'requester.phone',
  'requester.email': 'requester.email',
  eventType: 'eventType',
  window: 'from',
  'window.from': 'from',
  'window.to': 'to',
  subject: 'subject',
  description: 'description',
  place: 'street',
  'place.street': 'street',
  'place.number': 'number',
  'place.crossStreet': 'crossStreet',
  'place.landmark': 'landmark',
  'place.lat': 'lat',
  'place.lon': 'lon',
};

/**
 * The server's per-field messages (dotted paths, see lib/pathErrors) placed on the editor's
 * fields; `shown` says which fields this page has (an officer has no channel to choose).
 */
export function fieldErrorsOf(
  byPath: Record<string, string>,
  shown: (field: FieldName) => boolean = () => true,
): FieldErrors {
  const out: FieldErrors = { fields: {}, references: {}, other: [] };
  for (const [path, message] of Object.entries(byPath)) {
    const field = FIELD_OF[path];
    const reference = /^references\.(\d+)(\.|$)/.exec(path);
    if (field && shown(field)) out.fields[field] ??= message;
    else if (reference) out.references[Number(reference[1])] ??= message;
    else out.other.push(message);
  }
  return out;
}

export const NO_FIELD_ERRORS: FieldErrors = { fields: {}, references: {}, other: [] };
