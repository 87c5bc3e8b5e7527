import type { EventType } from './parsed-request.schema.js';

// Event type from keywords. Each hit scores; a hit in the subject counts double, and a tie goes
// to the earliest mention. Fights and brawls are aggressione; robbery counts as furto.

export interface EventTypeResult {
  eventType: EventType;
  confidence: number;
  spans: Array<{ start: number; end: number }>;
}

const KEYWORDS: Array<[Exclude<EventType, 'altro'>, RegExp]> = [
  [
    'sinistro_stradale',
    /(?<![\p{L}])(?:sinistr[oi](?:\s+stradal[ei])?|incidente(?:\s+stradale)?|incidenti\s+stradali|tamponament[oi]|tamponat[oa]|investiment[oa]|investit[oa]|collisione|scontro\s+tra|urtat[oa]|omissione\s+di\s+soccorso|pirata\s+della\s+strada|caduta\s+(?:dal|dalla|da)\s+(?:moto|bici|scooter|monopattino)\w*)(?![\p{L}])/giu,
  ],
  [
    'danneggiamento',
    /(?<![\p{L}])(?:danneggiament[oi]|danneggiat[oaie]|danneggiare|imbrattament[oi]|imbrattat[oaie]|imbrattare|atti\s+vandalici|vandal\w*|graffit[io]|graffiat[oaie]|ammaccat[oaie]|abbattut[oaie]|scritte|rigat[oaie]|rigare|sfregiat[oaie]|infrant[oaie]|spaccat[oaie]|sfondat[oaie]|rott[oaie]|incendiat[oaie]|incendi[oa]|dat[oaie]\s+(?:a(?:l|lle)\s+)?f(?:uoco|iamme))(?![\p{L}])/giu,
  ],
  [
    'furto',
    /(?<![\p{L}])(?:furt[oi]|rubat[oaie]|rubare|rubato|sottratt[oaie]|scipp[oi]|scippat[oa]|borseggi[oa]?|borseggiat[oa]|taccheggio|rapina|rapinat[oa]|ladr[oi])(?![\p{L}])/giu,
  ],
  [
    'aggressione',
    /(?<![\p{L}])(?:aggression[ei]|aggredit[oaie]|aggredire|riss[ae]|lite|litigio|percoss[ae]|pestaggio|picchiat[oaie]|colluttazione|accoltellament[oi]|accoltellat[oa]|lesioni\s+personali|molestie|minacce|violenza)(?![\p{L}])/giu,
  ],
];

/** Explicit other events: the request is about something else, not an unknown one. */
const OTHER =
  /(?<![\p{L}])(?:spaccio|stupefacenti|schiamazzi|abbandono\s+(?:di\s+)?rifiuti|persona\s+scomparsa|allontanamento|manifestazione|assembramento|bivacco|disturbo|occupazione|sosta\s+vietata|accesso\s+agli\s+atti)(?![\p{L}])/giu;

/** "lato sinistro", "specchietto sinistro": the left side, not an accident. */
const LEFT_SIDE =
  /(?:lato|fianco|specchietto|parafango|fanale|faro|braccio|piede|gamba|margine|senso|corsia|posteriore|anteriore)\s+$/iu;

/** Picks the event type; a text naming none is 'altro' with a low confidence. */
export function detectEventType(body: string, subject: string): EventTypeResult {
  const score = new Map<EventType, { n: number; first: number; spans: EventTypeResult['spans'] }>();
  const hit = (
    type: EventType,
    weight: number,
    pos: number,
    span?: { start: number; end: number },
  ) => {
    const s = score.get(type) ?? { n: 0, first: pos, spans: [] };
    s.n += weight;
    s.first = Math.min(s.first, pos);
    if (span) s.spans.push(span);
    score.set(type, s);
  };
  for (const [type, re] of KEYWORDS) {
    const inSubject = [...subject.matchAll(re)].length;
    if (inSubject) hit(type, 2 * inSubject, -1);
    for (const m of body.matchAll(re)) {
      if (/^sinistr/i.test(m[0]) && LEFT_SIDE.test(body.slice(Math.max(0, m.index - 20), m.index)))
        continue;
      hit(type, 1, m.index, { start: m.index, end: m.index + m[0].length });
    }
  }
  const ranked = [...score.entries()].sort((a, b) => b[1].n - a[1].n || a[1].first - b[1].first);
  // breaking in to steal ("spaccato la vetrina e rubato la cassa") is a theft
  const theft = ranked.findIndex(([t]) => t === 'furto');
  if (ranked[0]?.[0] === 'danneggiamento' && theft > 0) ranked.unshift(...ranked.splice(theft, 1));
  const best = ranked[0];
  if (best) {
    const runnerUp = ranked[1]?.[1].n ?? 0;
    const confidence = runnerUp === 0 ? 0.9 : best[1].n > runnerUp ? 0.75 : 0.6;
    return { eventType: best[0], confidence, spans: best[1].spans };
  }
  const other = [...body.matchAll(OTHER)];
  if (other.length || [...subject.matchAll(OTHER)].length) {
    return {
      eventType: 'altro',
      confidence: 0.8,
      spans: other.map((m) => ({ start: m.index, end: m.index + m[0].length })),
    };
  }
  return { eventType: 'altro', confidence: 0.3, spans: [] };
}
