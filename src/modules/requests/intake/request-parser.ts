import { detectEventType } from './event-type.js';
import { prepareText, segmentAt } from './message-text.js';
import type { MailAddress } from './mime.js';
import type {
  EventType,
  Found,
  ParsedField,
  ParsedRequest,
  Reference,
  Span,
} from './parsed-request.schema.js';
import { findPlace } from './place-field.js';
import { DEFAULT_STREET_ALIASES, type PlaceResolver, type StreetAliases } from './place.js';
import { findReferences } from './references.js';
import { readTemplate } from './request-template.js';
import { extractRequester } from './requester.js';
import { formatRomeIso } from './rome-time.js';
import {
  placeFromTemplate,
  referencesFromTemplate,
  requesterFromTemplate,
  windowFromTemplate,
} from './template-fields.js';
import { extractWindow } from './time-window.js';

export interface ParseOptions {
  /** A single time ("alle 17") becomes ± this many minutes. */
  singleTimeMarginMinutes: number;
  /** Mail domains of the own corps (subdomains included): their senders are officers. */
  ownDomains: string[];
  /** The own corps' city, as signatures write it ("Polizia Locale di Reggio Emilia"). */
  ownCity: string;
  /** Local abbreviations of street names ("via E. S. Pietro"). */
  streetAliases: StreetAliases;
  /** Coordinates for a place; none by default (lat/lon stay null). */
  placeResolver: PlaceResolver | null;
}

/** Defaults for the demo installation (Reggio Emilia); real ones come from configuration. */
export const DEFAULT_PARSE_OPTIONS: ParseOptions = {
  singleTimeMarginMinutes: 10,
  ownDomains: ['comune.reggioemilia.it'],
  ownCity: 'Reggio Emilia',
  streetAliases: DEFAULT_STREET_ALIASES,
  placeResolver: null,
};

export interface RequestTextInput {
  body: string;
  subject: string;
  from: MailAddress | null;
  /** The message's Date header: relative words count from it. */
  date: Date | null;
}

export type ParsedFields = Pick<
  ParsedRequest,
  | 'eventType'
  | 'window'
  | 'place'
  | 'references'
  | 'requester'
  | 'urgent'
  | 'referenceDate'
  | 'confidence'
  | 'missing'
  | 'spans'
>;

/** Lines that are contact details, not the event: phone, fax, office hours, postal address. */
const NOISE_LINE =
  /^.*(?:(?<![\p{L}])(?:(?:tel|telefono|fax|cell|cellulare|mob)\.?\s*:?\s*\+?\d|(?:e-?mail|pec)\s*:|orari\s+(?:di\s+)?(?:apertura|ufficio|servizio)|c\.f\.|p\.\s?iva)|www\.|https?:\/\/|\b\d{5}\s+\p{Lu}).*$/gimu;

const URGENT =
  /(?<![\p{L}])(?<!non\s)(?:urgent[ei]|urgenza|con\s+priorità|massima\s+priorità|indifferibile)(?![\p{L}])/iu;

function freeReferences(work: string, subjects: string[]): Found<Reference[]> {
  const found = findReferences(work);
  const value: Reference[] = found.map((r) => ({ kind: r.kind, number: r.number }));
  for (const s of subjects) {
    for (const r of findReferences(s)) {
      if (!value.some((x) => x.number === r.number)) value.push({ kind: r.kind, number: r.number });
    }
  }
  return { value, confidence: value.length ? 0.9 : 0, spans: found };
}

/** Spans in text order, without repeats or spans inside another of the same field. */
function tidySpans(spans: Span[]): Span[] {
  const kept: Span[] = [];
  for (const s of [...spans].sort((a, b) => a.start - b.start || b.end - a.end)) {
    if (s.end <= s.start) continue;
    if (kept.some((k) => k.field === s.field && k.start <= s.start && k.end >= s.end)) continue;
    kept.push(s);
  }
  return kept;
}

/** Reads the fields of a footage request from its text. Pure: no clock, no I/O. */
export function parseRequestText(
  input: RequestTextInput,
  options: Partial<ParseOptions> = {},
): ParsedFields {
  const opts = { ...DEFAULT_PARSE_OPTIONS, ...options };
  const messageDate = input.date ? input.date.getTime() : null;
  const prepared = prepareText(input.body, messageDate);
  const work = prepared.work;
  // contact lines hold numbers and addresses that are not the event's
  const quiet = work.replace(NOISE_LINE, (m) => m.replace(/[^\n]/g, ' '));
  const refAt = (pos: number) => segmentAt(prepared, pos).refDate ?? messageDate;
  const partAt = (pos: number) => segmentAt(prepared, pos).start;
  const subjects = [input.subject, prepared.forwardedSubject ?? ''].filter(Boolean);
  const template = readTemplate(work);

  const spans: Span[] = [];
  const confidence: Record<ParsedField, number> = {
    eventType: 0,
    window: 0,
    place: 0,
    references: 0,
    requester: 0,
    urgent: 0,
  };
  const record = <T>(field: ParsedField, found: Found<T> | null): T | null => {
    if (!found) return null;
    confidence[field] = Math.round(found.confidence * 100) / 100;
    for (const s of found.spans) spans.push({ field, start: s.start, end: s.end });
    return found.value;
  };

  let eventType: EventType | null = null;
  if (template?.eventType) {
    const ev = detectEventType(template.eventType.value, '');
    const sure = ev.confidence >= 0.6 || /altr/i.test(template.eventType.value);
    eventType = record('eventType', {
      value: ev.eventType,
      confidence: sure ? 1 : 0.6,
      spans: [template.eventType],
    });
  } else if (work.trim() || input.subject.trim()) {
    const ev = detectEventType(work, subjects.join('\n'));
    eventType = record('eventType', { ...ev, value: ev.eventType });
  }

  const tWindow = template
    ? windowFromTemplate(template, refAt(template.date?.start ?? 0), opts)
    : null;
  const free = tWindow ? null : extractWindow(quiet, { refAt, partAt }, opts);
  const window = tWindow
    ? record('window', tWindow)
    : free?.window
      ? record('window', { ...free, value: free.window })
      : null;

  const place = record(
    'place',
    (template && placeFromTemplate(template, opts.streetAliases)) ??
      findPlace(quiet, subjects, opts.streetAliases),
  );
  if (place) {
    const coords = opts.placeResolver?.(place) ?? null;
    if (coords) Object.assign(place, { lat: coords.lat, lon: coords.lon });
  }

  const fromTemplate = template ? referencesFromTemplate(template) : null;
  const inText = freeReferences(work, subjects);
  const references = record('references', {
    value: [
      ...(fromTemplate?.value ?? []),
      ...inText.value.filter((r) => !fromTemplate?.value.some((t) => t.number === r.number)),
    ],
    confidence: fromTemplate?.value.length ? 1 : inText.confidence,
    spans: [...(fromTemplate?.spans ?? []), ...inText.spans],
  })!;

  // the requester of a forward is the author of the forwarded original
  const fwd = prepared.segments.filter((s) => s.kind === 'forward').pop();
  const own = prepared.segments[0]!;
  const forwardedFrom = prepared.forwardedFrom;
  const who = extractRequester(
    {
      from: forwardedFrom?.address || forwardedFrom?.name ? forwardedFrom : input.from,
      text: work.slice(fwd?.start ?? 0, fwd?.end ?? own.end),
      body: work,
      subject: input.subject,
    },
    opts,
  );
  const offset = fwd?.start ?? 0;
  const whoSpans = who.spans.map((s) => ({ start: s.start + offset, end: s.end + offset }));
  const requester = template
    ? requesterFromTemplate(template, who.requester, opts)
    : { value: who.requester, spans: [] };
  record('requester', {
    value: requester.value,
    confidence: who.confidence,
    spans: [...whoSpans, ...requester.spans],
  });

  const urgentValue = template?.urgent?.value;
  const urgent = urgentValue
    ? /^s[iì]/i.test(urgentValue)
    : URGENT.test(input.subject) || URGENT.test(work);
  confidence.urgent = urgentValue ? 1 : 0.7;

  const missing: ParsedField[] = [];
  if (!eventType) missing.push('eventType');
  if (!window) missing.push('window');
  if (!place) missing.push('place');
  if (!references.length) missing.push('references');
  if (!requester.value.name && !requester.value.email) missing.push('requester');

  const referenceDate = prepared.forwardedDate ?? messageDate;
  return {
    eventType,
    window,
    place,
    references,
    requester: requester.value,
    urgent,
    referenceDate: referenceDate === null ? null : formatRomeIso(referenceDate),
    confidence,
    missing,
    spans: tidySpans(spans),
  };
}
