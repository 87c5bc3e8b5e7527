import { MINUTES_WORD, PERIOD, WB, WE, minutesOf, periodOf, type DayPeriod } from './italian.js';

// Times of day: ranges ("dalle h 13.00 alle h 14.30", "tra le 18:10 e le 18:40", "18.10-18.40"),
// single times ("ore 18,20", "verso le 17", "alle 7.20 circa") and margins ("15 minuti prima
// e dopo", "± 10 min"). Hours are kept as written; the part of the day is decided later.

export interface TimeOfDay {
  /** Minutes after midnight, as written (a "5" may still mean 17:00). */
  minutes: number;
  /** Written without minutes, e.g. "alle 5": may need the part of the day. */
  hourOnly: boolean;
  period: DayPeriod | null;
}

export interface TimeMention {
  start: number;
  end: number;
  from: TimeOfDay;
  /** Set for a range. */
  to: TimeOfDay | null;
  /** "dalle 20 del 7 novembre alle 2 dell'8": where each end's own day is written. */
  fromDayAt?: number;
  toDayAt?: number;
}

export interface MarginMention {
  start: number;
  end: number;
  before: number;
  after: number;
}

const T = (n: string) =>
  `(?:(?<${n}w>mezzanotte|mezzogiorno|mezzod[iì]|una(?![\\p{L}]))|(?<${n}h>[01]?\\d|2[0-4])(?:[:.,](?<${n}m>[0-5]\\d)(?!\\d)|\\s+e\\s+(?<${n}f>mezz[ao]|un\\s+quarto|tre\\s+quarti|[0-5]\\d|dieci|venti|trenta|quaranta|quindici|cinquanta)(?![\\p{L}\\d]))?(?![\\d])(?:\\s*(?:circa|c\\.a\\.?))?` +
  `(?:\\s+(?:del(?:la)?|di)\\s+(?<${n}p>${PERIOD}))?)`;

const H = `(?:(?:ore|h)\\.?\\s*)`;
const CUE = `(?:(?:verso|intorno|attorno|circa|poco\\s+prima|poco\\s+dopo|dopo|prima)\\s+(?:al)?(?:le|l')|alle|all'|delle|dell'|${H})`;

// Day mentions are blanked before times are looked for, so between "del" and "alle" there
// are only spaces where the day was.
// Bounded and unambiguous whitespace: no backtracking storm on long runs of spaces.
const DAY_OF = `(?:dell'|del|di)`;
const RANGES = [
  `${WB}(?:dalle|dall'|da)\\s*${H}?${T('a')}\\s+${DAY_OF}(?<d1>)[\\s,]{1,80}(?:(?:fino|sino)\\s+)?(?:alle|all'|a)\\s*${H}?${T('b')}(?:\\s+${DAY_OF}(?<d2>))?`,
  `${WB}(?:dalle|dall'|da)\\s*${H}?${T('a')}\\s*(?:(?:fino|sino)\\s+)?(?:alle|all'|a|-|–)\\s*${H}?${T('b')}`,
  `${WB}(?:tra|fra)\\s+(?:le\\s+)?${H}?${T('a')}\\s+e\\s+(?:le\\s+)?${H}?${T('b')}`,
  `${WB}${H}?(?<ah>[01]?\\d|2[0-3])[:.](?<am>[0-5]\\d)\\s*(?:-|–|÷|/|>)\\s*${H}?(?<bh>[01]?\\d|2[0-4])[:.](?<bm>[0-5]\\d)(?!\\d)`,
  `${WB}${H}(?<ah>[01]?\\d|2[0-3])\\s*(?:-|–|÷)\\s*(?<bh>[01]?\\d|2[0-4])${WE}(?![:.,]\\d)`,
].map((src) => new RegExp(src, 'dgiu'));

const HOUR_LIST = (
  'due tre quattro cinque sei sette otto nove dieci undici dodici tredici quattordici quindici ' +
  'sedici diciassette diciotto diciannove venti ventuno ventidue ventitre'
).split(' ');
const HOUR_WORDS = HOUR_LIST.join('|').replace('ventitre', 'ventitr[eé]');
/** Only where nothing but a time can follow: "verso le undici", not "alle due ragazze". */
const WORD_TIME =
  `${WB}(?:verso|intorno|attorno|circa|poco\\s+prima|poco\\s+dopo)\\s+(?:al)?le\\s+(?<aword>${HOUR_WORDS})` +
  `(?:\\s+e\\s+(?<af>mezz[ao]|un\\s+quarto|tre\\s+quarti))?(?:\\s+(?:del(?:la)?|di)\\s+(?<ap>${PERIOD}))?(?=\\s*(?:[,.;:)!?]|$|circa|\\s(?:mi|ci|si|hanno|ha|è|un|una|in|a|al|alla|davanti|nel|nella|sul|sulla|quando|mentre)\\s))`;
const SINGLES = [
  `${WB}${CUE}\\s*${H}?${T('a')}`,
  WORD_TIME,
  `${WB}(?<ah>[01]?\\d|2[0-3]):(?<am>[0-5]\\d)(?![\\d:])`,
  `${WB}(?<aw>mezzanotte|mezzogiorno)${WE}`,
].map((src) => new RegExp(src, 'giu'));

type Groups = Record<string, string | undefined>;

/** "e mezza", "e un quarto", "e 45", "e trenta". */
function fraction(word: string): number {
  if (/^\d+$/.test(word)) return Number(word);
  if (word.startsWith('mezz')) return 30;
  if (word.startsWith('tre')) return 45;
  if (word.startsWith('un')) return 15;
  return minutesOf(word) ?? 0;
}

function timeOf(g: Groups, n: string): TimeOfDay | null {
  const word = g[`${n}w`]?.toLowerCase();
  const period = g[`${n}p`] ? periodOf(g[`${n}p`]!) : null;
  // midnight is the end of the day named ("sabato verso mezzanotte"); a range may start at 0
  if (word === 'una') return { minutes: 60, hourOnly: true, period };
  const spelled = g[`${n}word`]?.toLowerCase();
  if (spelled) {
    const hour = HOUR_LIST.indexOf(spelled.replace('é', 'e')) + 2;
    const frac = g[`${n}f`]?.toLowerCase();
    return { minutes: hour * 60 + (frac ? fraction(frac) : 0), hourOnly: !frac, period };
  }
  if (word)
    return { minutes: word.startsWith('mezzan') ? 24 * 60 : 12 * 60, hourOnly: false, period };
  if (g[`${n}h`] === undefined) return null;
  const h = Number(g[`${n}h`]);
  const frac = g[`${n}f`]?.toLowerCase();
  const m = g[`${n}m`] ? Number(g[`${n}m`]) : frac ? fraction(frac) : 0;
  if (h === 24 && m > 0) return null;
  return { minutes: h * 60 + m, hourOnly: !g[`${n}m`] && !frac, period };
}

/** Ranges first, then single times outside them, in text order. */
export function findTimeMentions(work: string): TimeMention[] {
  const found: TimeMention[] = [];
  const taken = (s: number, e: number) => found.some((f) => s < f.end && e > f.start);
  const scan = (res: RegExp[], range: boolean) => {
    for (const re of res) {
      for (const m of work.matchAll(re)) {
        const start = m.index;
        const end = start + m[0].replace(/\s+$/, '').length;
        const g = (m.groups ?? {}) as Groups;
        const from = timeOf(g, 'a');
        const to = range ? timeOf(g, 'b') : null;
        if (!from || (range && !to) || taken(start, end)) continue;
        // "alle 3 telecamere", "ore 24 su 24": a number that is not a time
        if (
          /^\s*(?:telecamer|persone|auto|veicol|su\s+24|minut|giorn)/i.test(
            work.slice(end, end + 14),
          )
        )
          continue;
        const at = m.indices?.groups;
        found.push({ start, end, from, to, fromDayAt: at?.d1?.[0], toDayAt: at?.d2?.[0] });
      }
    }
  };
  scan(RANGES, true);
  scan(SINGLES, false);
  return found.sort((a, b) => a.start - b.start);
}

const MARGINS: Array<[RegExp, (g: Groups) => [number, number] | null]> = [
  [
    new RegExp(
      `${WB}(?<n>${MINUTES_WORD}|mezz'?\\s?ora|un'?\\s?ora|un\\s+quarto\\s+d'ora|\\d\\s+ore|due\\s+ore)\\s*(?:minuti|min\\.?|')?\\s+(?:(?:sia\\s+)?prima\\s+e\\s+(?:(?<n2>${MINUTES_WORD}|mezz'?\\s?ora|un'?\\s?ora)\\s*(?:minuti|min\\.?)?\\s+)?dopo|precedenti\\s+e\\s+successiv[ie]|in\\s+più\\s+e\\s+in\\s+meno|di\\s+margine)`,
      'giu',
    ),
    (g) => {
      const a = minutesOf(g.n!);
      const b = g.n2 ? minutesOf(g.n2) : a;
      return a === null || b === null ? null : [a, b];
    },
  ],
  [
    new RegExp(
      `(?:\\+\\s?\\/\\s?-|±|\\+-|più\\s+o\\s+meno)\\s*(?<n>${MINUTES_WORD})\\s*(?:minuti|min\\.?|')`,
      'giu',
    ),
    (g) => {
      const a = minutesOf(g.n!);
      return a === null ? null : [a, a];
    },
  ],
  [
    new RegExp(
      `${WB}margine\\s+(?:di\\s+)?(?:circa\\s+)?(?<n>${MINUTES_WORD}\\s*(?:minuti|min\\.?)|mezz'?\\s?ora|un'?\\s?ora|un\\s+quarto\\s+d'ora)`,
      'giu',
    ),
    (g) => {
      const a = minutesOf(g.n!.replace(/\s*(?:minuti|min\.?)$/i, ''));
      return a === null ? null : [a, a];
    },
  ],
];

/** The first margin the requester asks for, if any. */
export function findMargin(work: string): MarginMention | null {
  let best: MarginMention | null = null;
  for (const [re, read] of MARGINS) {
    for (const m of work.matchAll(re)) {
      const r = read(m.groups ?? {});
      if (!r || (best && best.start <= m.index)) continue;
      best = { start: m.index, end: m.index + m[0].length, before: r[0], after: r[1] };
    }
  }
  return best;
}
