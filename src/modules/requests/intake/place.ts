import { MONTH } from './italian.js';
import type { Place } from './parsed-request.schema.js';

// Places: "via Roma 12", "viale Isonzo angolo via Gorizia", "all'incrocio tra via Emilia San
// Pietro e viale Piave", "p.zza Fontanesi", landmarks ("davanti alla stazione"). Street names
// come out lower case with abbreviations spelled out, ready to match a street register.

/** Finds coordinates for a place (camera registry, stradario). Not the parser's business. */
export type PlaceResolver = (place: Place) => { lat: number; lon: number } | null;

/** [pattern, canonical type]; order matters: longer forms first. */
const STREET_TYPES: Array<[string, string]> = [
  ['viale|v\\.\\s?le|vle\\.?', 'viale'],
  ['piazzale|p\\.\\s?le|p\\.zale|pzle\\.?', 'piazzale'],
  ['piazzetta', 'piazzetta'],
  ['piazza|p\\.\\s?zza|p\\.\\s?za|pzza\\.?|pza\\.?', 'piazza'],
  ['corso|c\\.\\s?so', 'corso'],
  ['vicolo|v\\.\\s?lo|vic\\.', 'vicolo'],
  ['largo|l\\.\\s?go', 'largo'],
  ['stradone', 'stradone'],
  ['strada|str\\.', 'strada'],
  ['galleria', 'galleria'],
  ['circonvallazione', 'circonvallazione'],
  ['via', 'via'],
];
const TYPE_RE = STREET_TYPES.map(([p]) => p).join('|');

const CONNECTORS = new Set([
  'di',
  'de',
  'del',
  'della',
  'dei',
  'degli',
  'delle',
  'dello',
  "d'",
  "dell'",
  'da',
  'san',
  'santa',
  'santo',
  "sant'",
  's.',
  'ss.',
  'e',
]);
/** Words that end a street name (or cannot start one: "via email", "in via preliminare"). */
const STOP = new Set(
  (
    'angolo ang. incrocio intersezione altezza civico civ. n. nr. n° num. numero nei nel nella nelle negli ' +
    'presso pressi davanti dietro vicino fronte lato direzione dir. verso tra fra il lo la i gli le un una ' +
    'alle alla al allo ai agli dalle dalla dal dai in per con a ad su sul sulla sui che dove quando ove ' +
    'tratto zona ore oggi ieri stamattina stasera stanotte giorno mattina pomeriggio sera notte si sono è ' +
    'era ha hanno nord sud est ovest rotatoria semaforo fermata parcheggio circa poco dopo prima mentre ' +
    'intorno attorno come ma o anche però poi se email e-mail mail pec fax telefono telefonica posta ' +
    'preliminare cautelativa informale prioritaria urgenza breve ordinaria generale amministrativa ' +
    'telematica web libera via viale piazza corso largo vicolo strada ed sempre solo mi ti ci vi ne non ' +
    "c'è è' e' ho abbiamo avete erano siamo stato stata stati state hanno fatto mentre perché poiché " +
    'lunedì martedì mercoledì giovedì venerdì sabato domenica cui e/o rispettivamente all ' +
    'privata interna principale secondaria carreggiata corsia marciapiede'
  ).split(/\s+/),
);

const TOKEN = /^[\p{L}][\p{L}'’.-]*$|^(?:[IVXL]+|\d{1,2})$/u;

export interface StreetMention {
  start: number;
  end: number;
  street: string;
  number: string | null;
  numberEnd: number;
}

const expandInitials = (name: string): string =>
  name
    .replace(/\bs\.\s*(?=[aeiou])/g, "sant'")
    .replace(/\bs\.\s*(?=(?:s[^aeiou]|z|gn|ps))/g, 'santo ')
    .replace(
      /\bs\.\s*(?=(?:maria|anna|croce|chiara|caterina|teresa|lucia|agnese|rita|giulia|marta|agata|elisabetta|margherita|barbara)\b)/g,
      'santa ',
    )
    .replace(/\bs\.\s*/g, 'san ')
    .replace(/\bss\.\s*/g, 'santissima ')
    .replace(/\bf\.lli\b/g, 'fratelli')
    .replace(/\bgen\.\s*/g, 'generale ')
    .replace(/\bcard\.\s*/g, 'cardinale ');

/** Local abbreviations of the installation's streets ("via E. S. Pietro"). */
export type StreetAliases = Array<[RegExp, string]>;

/** Reggio Emilia (the demo installation): via Emilia is split in four named stretches. */
export const DEFAULT_STREET_ALIASES: StreetAliases = [[/^via e(?:m)?\.\s*/, 'via emilia ']];

/** "V.le  Piave" → "viale piave"; "p.zza S. Prospero" → "piazza san prospero". */
export function normalizeStreet(
  raw: string,
  aliases: StreetAliases = DEFAULT_STREET_ALIASES,
): string {
  let s = raw.toLowerCase().replace(/[’`]/g, "'").replace(/\s+/g, ' ').trim();
  for (const [re, canonical] of STREET_TYPES.map(
    ([p, c]) => [new RegExp(`^(?:${p})(?=\\s|$)\\s*`), c] as const,
  )) {
    if (re.test(s)) {
      s = s.replace(re, `${canonical} `);
      break;
    }
  }
  for (const [re, to] of aliases) s = s.replace(re, to);
  return expandInitials(s).replace(/\s+/g, ' ').trim();
}

const STREET_START = new RegExp(`(?<![\\p{L}.])(?:${TYPE_RE})(?=[\\s.])\\.?\\s*`, 'giu');
const STREET_START_ONE = new RegExp(`(?<![\\p{L}.])(?:${TYPE_RE})(?=[\\s.])`, 'iu');
const NUMBER_AFTER = new RegExp(
  `^\\s*,?\\s*(?:(?:n\\.|nr\\.?|n°|num\\.|civico|civ\\.)\\s*)?(\\d{1,4}(?:\\s?\\/\\s?[a-z]|[a-z])?)(?![\\d/:.,]\\d|\\s*(?:${MONTH}|ore|minuti))(?![\\p{L}\\d])`,
  'iu',
);
const CIVIC_NEAR =
  /^[^.\n]{0,40}?(?:civico|civ\.|n\.\s?civ\.?)\s*(\d{1,4}(?:\s?\/\s?[a-z]|[a-z])?)(?![\p{L}\d])/iu;

const NAME_MONTH = new RegExp(`^\\s*${MONTH}(?!\\s*,?\\s*\\d{4})`, 'iu');
const STARTERS =
  /^(?:san|santa|santo|sant'\p{L}*|s\.|dei|degli|delle|della|del|dello|dell'\p{L}+|d'\p{L}+)$/u;
const isConnector = (lower: string) => CONNECTORS.has(lower) || /^(?:dell|d)'\p{L}/u.test(lower);
const looksCapitalized = (raw: string) =>
  /^(?:\p{Lu}|[IVXL]+$|\d|(?:all|dell|d|sant)'\p{Lu})/u.test(raw);

/** The words of a street name after its type ("Emilia San Pietro"), and where they end. */
function streetName(work: string, nameStart: number): { words: string[]; end: number } {
  const words: string[] = [];
  let end = nameStart;
  let capitalized: boolean | null = null;
  for (const w of work.slice(nameStart, nameStart + 80).matchAll(/[^\s,;:()"«»]+/gu)) {
    const initial = /^(?:\p{L}|ss|gen|card|f\.lli)\.$/iu.test(w[0]);
    const endsSentence = !initial && w[0].endsWith('.');
    const raw = endsSentence ? w[0].slice(0, -1) : w[0];
    const lower = raw.toLowerCase().replace(/’/g, "'");
    const at = nameStart + w.index;
    if (words.length && /[,;:()\n]|\s{2,}/.test(work.slice(end, at))) break;
    if (!TOKEN.test(raw) && !/^(?:all|dell|d|sant)'\p{L}/u.test(raw)) break;
    // a number is part of a name only before a month ("Martiri del 7 Luglio"), not a date
    const rest = work.slice(at + raw.length, at + raw.length + 20);
    if (/^\d/.test(raw) && (!NAME_MONTH.test(rest) || (capitalized && !/^\s*\p{Lu}/u.test(rest))))
      break;
    if (STOP.has(lower) && !(capitalized && words.length && /^[IVXL]+$/.test(raw))) break;
    if (!words.length && isConnector(lower) && !STARTERS.test(lower)) break;
    if (/^all'/.test(lower) && !looksCapitalized(raw)) break;
    if (capitalized === null && !isConnector(lower)) capitalized = looksCapitalized(raw);
    if (capitalized && words.length && !isConnector(lower) && !looksCapitalized(raw)) break;
    words.push(raw);
    end = at + raw.length;
    if (endsSentence || words.length >= 6) break;
  }
  // a name may not end with a connector ("via dei", "via Roma di")
  while (words.length && isConnector(words[words.length - 1]!.toLowerCase())) {
    words.pop();
    const last = words[words.length - 1];
    end = last ? work.lastIndexOf(last, end - 1) + last.length : nameStart;
  }
  return { words, end };
}

/** Every street named in the text, with its house number when one follows. */
export function findStreets(work: string, aliases?: StreetAliases): StreetMention[] {
  const out: StreetMention[] = [];
  for (const m of work.matchAll(STREET_START)) {
    const { words, end } = streetName(work, m.index + m[0].length);
    if (!words.length) continue;
    const adjacent = NUMBER_AFTER.exec(work.slice(end, end + 30));
    // "all'altezza del civico 45", unless another street comes first
    const civic = adjacent ? null : CIVIC_NEAR.exec(work.slice(end, end + 60));
    const num = civic && STREET_START_ONE.test(civic[0]) ? null : (adjacent ?? civic);
    out.push({
      start: m.index,
      end,
      street: normalizeStreet(`${m[0].trim()} ${words.join(' ')}`, aliases),
      number: num ? num[1]!.replace(/\s/g, '').toUpperCase() : null,
      numberEnd: adjacent ? end + adjacent.index + adjacent[0].length : end,
    });
  }
  return out;
}

const CROSS_GAP =
  /^\s*,?\s*(?:(?:all'|nell'|in\s+|presso\s+l'|al(?:l')?\s*)?(?:angolo|ang\.|incrocio|intersezione|innesto|intersez\.)\s*(?:con\s+|tra\s+|fra\s+|di\s+|de\s+|della\s+|del\s+|d')?(?:la\s+|il\s+|l')?|(?:all'altezza\s+del(?:la)?\s+|alla\s+|nella\s+|sulla\s+|presso\s+la\s+)?(?:rotatoria|rotonda)\s+(?:con|di|tra|fra)\s+(?:la\s+|il\s+|l')?|\s*\/\s*)$/iu;
const CROSS_BEFORE =
  /(?:incrocio|intersezione|angolo|rotatoria|rotonda|innesto)(?:\s+semaforico)?\s+(?:tra|fra|di|de|della|del|delle|dei|d')?\s*(?:la\s+|il\s+|l')?$/iu;
const AND_GAP = /^\s*(?:e|ed|con)\s+(?:la\s+|il\s+|l')?$/iu;

export interface StreetPair {
  main: StreetMention;
  cross: StreetMention | null;
}

/** Pairs a street with the one it crosses, when the text says so. */
export function pairCrossroads(work: string, streets: StreetMention[]): StreetPair[] {
  const pairs: StreetPair[] = [];
  for (let i = 0; i < streets.length; i++) {
    const a = streets[i]!;
    const b = streets[i + 1];
    if (b) {
      const gap = work.slice(a.numberEnd, b.start);
      const before = work.slice(Math.max(0, a.start - 40), a.start);
      if (CROSS_GAP.test(gap) || (AND_GAP.test(gap) && CROSS_BEFORE.test(before))) {
        pairs.push({ main: a, cross: b });
        i++;
        continue;
      }
    }
    pairs.push({ main: a, cross: null });
  }
  return pairs;
}

const LANDMARK_WORDS = (
  'stazione(?!\\s+(?:dei\\s+)?[Cc]arabinieri)|ospedale|scuola|liceo|istituto|chiesa|duomo|basilica|teatro|' +
  'parco|giardini|supermercato|centro commerciale|farmacia|ufficio postale|municipio|mercato|cimitero|stadio|' +
  'palazzetto|parcheggio|fermata|capolinea|autostazione|biblioteca|museo|università|cinema|palazzo|palestra|' +
  'piscina|caserma|rotatoria|rotonda|discoteca|ponte|sottopasso|cavalcavia|polo scolastico'
)
  .split('|')
  .map((w) => `[${w[0]}${w[0]!.toUpperCase()}]${w.slice(1)}`)
  .join('|');
const LANDMARK = new RegExp(
  `(?<![\\p{L}])(?:${LANDMARK_WORDS})` +
    "(?:\\s+(?:\\p{Lu}[\\p{L}'.]*|di|del|della|dei|degli|delle|FS|ferroviaria|centrale|mediopadana|AV|storica|comunale|pubblico|coperto|multipiano)){0,4}",
  'gu',
);
const LANDMARK_CUE =
  /(?:davanti|di|di\s+fronte|vicino|accanto|nei\s+pressi|in\s+prossimità|presso|all'interno|all'ingresso|all'uscita|fuori|dietro|lato|zona|area|in|nel|nella|al|alla|allo|all'|sul|sulla)\s+(?:a\s+|al\s+|alla\s+|allo\s+|all'|ai\s+|alle\s+|agli\s+|del\s+|della\s+|dello\s+|dell'|dei\s+|degli\s+|delle\s+|la\s+|il\s+|lo\s+|l')?$/iu;

export interface LandmarkMention {
  start: number;
  end: number;
  text: string;
}

/** The first landmark the text places the event at ("davanti alla stazione"). */
export function findLandmark(work: string): LandmarkMention | null {
  for (const m of work.matchAll(LANDMARK)) {
    const before = work.slice(Math.max(0, m.index - 30), m.index);
    if (!LANDMARK_CUE.test(before) && !/\(\s*$/.test(before)) continue;
    const text = m[0].replace(/\s+(?:di|del|della|dei|degli|delle)$/i, '').trim();
    return { start: m.index, end: m.index + text.length, text };
  }
  return null;
}
