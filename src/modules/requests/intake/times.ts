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
}

export interface MarginMention {
  start: number;
  end: number;
  before: number;
  after: number;
}

const T = (n: string) =>
  `(?:(?<${n}w>mezzanotte|mezzogiorno|mezzod[iì])|(?<${n}h>[01]?\\d|2[0-4])(?:[:.,](?<${n}m>[0-5]\\d)(?!\\d)|\\s+e\\s+(?<${n}f>mezz[ao]|un\\s+quarto|tre\\s+quarti))?(?![\\d])(?:\\s*(?:circa|c\\.a\\.?))?` +
  `(?:\\s+(?:del(?:la)?|di)\\s+(?<${n}p>${PERIOD}))?)`;

const H = `(?:(?:ore|h)\\.?\\s*)`;
const CUE = `(?:(?:verso|intorno|attorno|circa|poco\\s+prima|poco\\s+dopo|dopo|prima)\\s+(?:al)?le|alle|delle|${H})`;

const RANGES = [
  `${WB}(?:dalle|dall'|da)\\s*${H}?${T('a')}\\s*(?:(?:fino|sino)\\s+)?(?:alle|all'|a|-|–)\\s*${H}?${T('b')}`,
  `${WB}(?:tra|fra)\\s+(?:le\\s+)?${H}?${T('a')}\\s+e\\s+(?:le\\s+)?${H}?${T('b')}`,
  `${WB}${H}?(?<ah>[01]?\\d|2[0-3])[:.](?<am>[0-5]\\d)\\s*(?:-|–|÷|/|>)\\s*${H}?(?<bh>[01]?\\d|2[0-4])[:.](?<bm>[0-5]\\d)(?!\\d)`,
  `${WB}${H}(?<ah>[01]?\\d|2[0-3])\\s*(?:-|–|÷)\\s*(?<bh>[01]?\\d|2[0-4])${WE}(?![:.,]\\d)`,
].map((src) => new RegExp(src, 'giu'));

const SINGLES = [
  `${WB}${CUE}\\s*${H}?${T('a')}`,
  `${WB}(?<ah>[01]?\\d|2[0-3]):(?<am>[0-5]\\d)(?![\\d:])`,
  `${WB}(?<aw>mezzanotte|mezzogiorno)${WE}`,
].map((src) => new RegExp(src, 'giu'));

type Groups = Record<string, string | undefined>;

function timeOf(g: Groups, n: string): TimeOfDay | null {
  const word = g[`${n}w`]?.toLowerCase();
  const period = g[`${n}p`] ? periodOf(g[`${n}p`]!) : null;
  if (word) return { minutes: word.startsWith('mezzan') ? 0 : 12 * 60, hourOnly: false, period };
  if (g[`${n}h`] === undefined) return null;
  const h = Number(g[`${n}h`]);
  const frac = g[`${n}f`]?.toLowerCase();
  const m = g[`${n}m`]
    ? Number(g[`${n}m`])
    : frac
      ? frac.startsWith('mezz')
        ? 30
        : frac.startsWith('tre')
          ? 45
          : 15
      : 0;
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
        found.push({ start, end, from, to });
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
      const r = read((m.groups ?? {}) as Groups);
      if (!r || (best && best.start <= m.index)) continue;
      best = { start: m.index, end: m.index + m[0].length, before: r[0], after: r[1] };
    }
  }
  return best;
}
