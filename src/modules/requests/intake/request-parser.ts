import { detectEventType } from './event-type.js';
import { findDateMentions } from './dates.js';
import { prepareText, segmentAt } from './message-text.js';
import type { MailAddress } from './mime.js';
import type {
  EventType,
  ParsedField,
  ParsedRequest,
  Place,
  Reference,
  Requester,
  Span,
  TimeWindow,
} from './parsed-request.schema.js';
import {
  DEFAULT_STREET_ALIASES,
  findLandmark,
  findStreets,
  normalizeStreet,
  pairCrossroads,
  type PlaceResolver,
  type StreetAliases,
} from './place.js';
import { findReferences } from './references.js';
import { readTemplate, referenceKindFromLabel, type TemplateFields } from './request-template.js';
import { extractRequester } from './requester.js';
import { formatRomeIso, romeDateOf } from './rome-time.js';
import { assembleWindow, dayWindow, extractWindow } from './time-window.js';
import { findTimeMentions } from './times.js';

export interface ParseOptions {
  /** A single time ("alle 17") becomes ± this many minutes. */
  singleTimeMarginMinutes: number;
  /** Mail domains of the own corps: their senders are officers. */
  ownDomains: string[];
  /** The own corps' city, as signatures write it ("Polizia Locale di Reggio Emilia"). */
  ownCity: string;
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

interface Found<T> {
  value: T;
  confidence: number;
  spans: Array<{ start: number; end: number }>;
}

/** Lines that are contact details, not the event: phone, fax, opening hours, postal address. */
const NOISE_LINE =
  /^.*(?:(?<![\p{L}])(?:tel|fax|cell|orari[oe]?|e-?mail|pec|www|http)(?![\p{L}])|\b\d{5}\s+\p{Lu}|c\.f\.|p\.\s?iva).*$/gimu;

const blankMatches = (text: string, re: RegExp) =>
  text.replace(re, (m) => m.replace(/[^\n]/g, ' '));

const PLACE_EXCLUDED =
  /(?:resident[ei]|residenza|domiciliat[oa]|domicilio|con\s+studio|studio\s+legale|sede|abitante|abito|nat[oa]\s+a|c\/o|comando\s+di\s+polizia\s+locale|al\s+comando)[^.\n]{0,40}$/iu;

function templateWindow(
  t: TemplateFields,
  refAt: (pos: number) => number | null,
  opts: ParseOptions,
): Found<TimeWindow> | null {
  if (!t.date) return null;
  const ref = refAt(t.date.start);
  const day = findDateMentions(t.date.value, () => (ref === null ? null : romeDateOf(ref).date))[0];
  if (!day) return null;
  const from = t.from ? findTimeMentions(`alle ${t.from.value}`)[0]?.from : undefined;
  const to = t.to ? findTimeMentions(`alle ${t.to.value}`)[0]?.from : undefined;
  const spans = [t.date, t.from, t.to]
    .filter((v) => !!v)
    .map((v) => ({ start: v.start, end: v.end }));
  if (!from) {
    return { value: dayWindow(day.date, day.night, day.period), confidence: 0.6, spans };
  }
  const window = assembleWindow(
    { date: day.date, night: day.night, from, to: to ?? null, period: day.period, margin: null },
    opts,
  );
  return { value: window, confidence: 1, spans };
}

function findPlace(
  work: string,
  subjects: string[],
  template: TemplateFields | null,
  opts: ParseOptions,
): Found<Place> | null {
  const build = (
    text: string,
    street: string | null,
    number: string | null,
    cross: string | null,
    landmark: string | null,
  ): Place => ({ text, street, number, crossStreet: cross, landmark, lat: null, lon: null });

  if (template?.place) {
    const v = template.place;
    const street = findStreets(v.value, opts.streetAliases)[0];
    const cross = template.cross
      ? (findStreets(template.cross.value, opts.streetAliases)[0]?.street ??
        normalizeStreet(template.cross.value, opts.streetAliases))
      : null;
    const landmark = findLandmark(v.value)?.text ?? null;
    const spans = [v, template.cross]
      .filter((x) => !!x)
      .map((x) => ({ start: x.start, end: x.end }));
    return {
      value: build(v.value, street?.street ?? null, street?.number ?? null, cross, landmark),
      confidence: street || landmark ? 1 : 0.5,
      spans,
    };
  }

  const streets = findStreets(work, opts.streetAliases).filter(
    (s) => !PLACE_EXCLUDED.test(work.slice(Math.max(0, s.start - 60), s.start)),
  );
  const pair = pairCrossroads(work, streets)[0];
  const landmark = findLandmark(work);
  if (pair) {
    const end = pair.cross ? pair.cross.numberEnd : pair.main.numberEnd;
    return {
      value: build(
        work.slice(pair.main.start, end).replace(/\s+/g, ' '),
        pair.main.street,
        pair.main.number,
        pair.cross?.street ?? null,
        landmark?.text ?? null,
      ),
      confidence: pair.cross || pair.main.number ? 0.9 : 0.85,
      spans: [{ start: pair.main.start, end }],
    };
  }
  for (const subject of subjects) {
    const s = pairCrossroads(subject, findStreets(subject, opts.streetAliases))[0];
    if (s) {
      const text = subject.slice(s.main.start, s.cross ? s.cross.end : s.main.end);
      return {
        value: build(
          text,
          s.main.street,
          s.main.number,
          s.cross?.street ?? null,
          landmark?.text ?? null,
        ),
        confidence: 0.7,
        spans: [],
      };
    }
  }
  if (landmark) {
    return {
      value: build(landmark.text, null, null, null, landmark.text),
      confidence: 0.5,
      spans: [{ start: landmark.start, end: landmark.end }],
    };
  }
  return null;
}

function findAllReferences(
  work: string,
  subjects: string[],
  template: TemplateFields | null,
): Found<Reference[]> {
  const refs: Reference[] = [];
  const spans: Found<Reference[]>['spans'] = [];
  const add = (r: Reference) => {
    if (!refs.some((x) => x.number === r.number)) refs.push(r);
  };
  const t = template?.reference;
  if (t) {
    const inValue = findReferences(t.value);
    for (const r of inValue) add({ kind: r.kind, number: r.number });
    const bare = /^(?:n\.?\s*)?([A-Z]{0,4}[\d][\d./-]*\d|\d)$/i.exec(t.value.trim());
    if (!inValue.length && bare) add({ kind: referenceKindFromLabel(t.value), number: bare[1]! });
    spans.push({ start: t.start, end: t.end });
  }
  for (const r of findReferences(work)) {
    add({ kind: r.kind, number: r.number });
    spans.push({ start: r.start, end: r.end });
  }
  for (const s of subjects)
    for (const r of findReferences(s)) add({ kind: r.kind, number: r.number });
  return { value: refs, confidence: refs.length ? (t ? 1 : 0.9) : 0, spans };
}

const URGENT =
  /(?<![\p{L}])(?<!non\s)(?:urgent[ei]|urgenza|con\s+priorità|massima\s+priorità|indifferibile)(?![\p{L}])/iu;

/** Reads the fields of a footage request from its text. Pure: no clock, no I/O. */
export function parseRequestText(
  input: RequestTextInput,
  options: Partial<ParseOptions> = {},
): ParsedFields {
  const opts = { ...DEFAULT_PARSE_OPTIONS, ...options };
  const messageDate = input.date ? input.date.getTime() : null;
  const prepared = prepareText(input.body, messageDate);
  const work = prepared.work;
  const quiet = blankMatches(work, NOISE_LINE);
  const refAt = (pos: number) => segmentAt(prepared, pos).refDate ?? messageDate;
  const partAt = (pos: number) => prepared.segments.indexOf(segmentAt(prepared, pos));
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
  const record = (
    field: ParsedField,
    found: { confidence: number; spans: Array<{ start: number; end: number }> },
  ) => {
    confidence[field] = Math.round(found.confidence * 100) / 100;
    for (const s of found.spans) spans.push({ field, ...s });
  };

  // event type
  let eventType: EventType | null = null;
  const tEvent = template?.eventType ? detectEventType(template.eventType.value, '') : null;
  if (tEvent && template?.eventType) {
    eventType = tEvent.eventType;
    record('eventType', {
      confidence: tEvent.confidence >= 0.6 || /altr/i.test(template.eventType.value) ? 1 : 0.6,
      spans: [template.eventType],
    });
  } else if (work.trim() || input.subject.trim()) {
    const ev = detectEventType(work, subjects.join('\n'));
    eventType = ev.eventType;
    record('eventType', ev);
  }

  // time window
  const tWindow = template ? templateWindow(template, refAt, opts) : null;
  const free = tWindow ? null : extractWindow(quiet, { refAt, partAt }, opts);
  const window = tWindow?.value ?? free?.window ?? null;
  if (tWindow) record('window', tWindow);
  else if (free?.window) record('window', free);

  // place
  const place = findPlace(quiet, subjects, template, opts);
  if (place) {
    const coords = opts.placeResolver?.(place.value) ?? null;
    if (coords) Object.assign(place.value, { lat: coords.lat, lon: coords.lon });
    record('place', place);
  }

  // references
  const references = findAllReferences(work, subjects, template);
  record('references', references);

  // requester: for a forward, the author of the forwarded original
  const fwd = prepared.segments.filter((s) => s.kind === 'forward').pop();
  const reqText = fwd ? work.slice(fwd.start, fwd.end) : work.slice(0, prepared.segments[0]!.end);
  const who = extractRequester(
    {
      from:
        prepared.forwardedFrom?.address || prepared.forwardedFrom?.name
          ? prepared.forwardedFrom
          : input.from,
      text: reqText,
      body: work,
      subject: input.subject,
    },
    opts,
  );
  const requester: Requester = { ...who.requester };
  const offset = fwd ? fwd.start : 0;
  const reqSpans = who.spans.map((s) => ({ start: s.start + offset, end: s.end + offset }));
  if (template) {
    const set = (key: 'name' | 'rank' | 'badge' | 'unit' | 'phone') => {
      const v = template[key];
      if (v) {
        requester[key] = v.value;
        reqSpans.push({ start: v.start, end: v.end });
      }
    };
    (['name', 'rank', 'badge', 'unit', 'phone'] as const).forEach(set);
  }
  record('requester', { confidence: who.confidence, spans: reqSpans });

  // urgency
  const urgentValue = template?.urgent?.value;
  const urgent = urgentValue
    ? /^s[iì]/i.test(urgentValue)
    : URGENT.test(input.subject) || URGENT.test(work);
  confidence.urgent = urgentValue ? 1 : 0.7;

  const missing: ParsedField[] = [];
  if (!eventType) missing.push('eventType');
  if (!window) missing.push('window');
  if (!place) missing.push('place');
  if (!references.value.length) missing.push('references');
  if (!requester.name && !requester.email) missing.push('requester');

  const referenceDate = prepared.forwardedDate ?? messageDate;
  return {
    eventType,
    window,
    place: place?.value ?? null,
    references: references.value,
    requester,
    urgent,
    referenceDate: referenceDate === null ? null : formatRomeIso(referenceDate),
    confidence,
    missing,
    spans: spans.sort((a, b) => a.start - b.start),
  };
}
