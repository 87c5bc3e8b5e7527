import {
  MONTH,
  PERIOD,
  WB,
  WE,
  WEEKDAY,
  monthNumber,
  periodOf,
  weekdayNumber,
  type DayPeriod,
} from './italian.js';
import { addDays, compareDates, isValidDate, weekday, type LocalDate } from './rome-time.js';

// Day mentions in Italian requests: "14/11/2026", "21 novembre", "sabato 7", "ieri sera",
// "venerdì scorso", "la notte tra sabato 7 e domenica 8", "il 12 c.m.". Each is resolved
// against the reference day of the text it is written in (the message date, or the date of
// the forwarded original).

export interface DateMention {
  start: number;
  end: number;
  /** The day named; for a night, the day the night begins. */
  date: LocalDate;
  night: boolean;
  period: DayPeriod | null;
  /** Relative to the reference day ("ieri", "venerdì scorso"). */
  relative: boolean;
  /** Letterhead, report or birth dates: used only when nothing better is found. */
  weak: boolean;
}

type Groups = Record<string, string | undefined>;

/** The most recent day on or before `ref` with this day and month (year not given). */
function pastDay(ref: LocalDate, m: number, d: number): LocalDate | null {
  for (const y of [ref.y, ref.y - 1]) {
    if (isValidDate(y, m, d) && compareDates({ y, m, d }, ref) <= 0) return { y, m, d };
  }
  return isValidDate(ref.y, m, d) ? { y: ref.y, m, d } : null;
}

/** The most recent day before `ref` (strictly) with this weekday. */
function pastWeekday(ref: LocalDate, wd: number): LocalDate {
  const back = (weekday(ref) - wd + 7) % 7 || 7;
  return addDays(ref, -back);
}

/** Day `d` of the reference month, or of the month before when that day is still to come. */
function dayOfMonth(ref: LocalDate, d: number, wd: number): LocalDate | null {
  for (let back = 0; back < 3; back++) {
    const month = new Date(Date.UTC(ref.y, ref.m - 1 - back, 1));
    const cand = { y: month.getUTCFullYear(), m: month.getUTCMonth() + 1, d };
    if (!isValidDate(cand.y, cand.m, cand.d) || compareDates(cand, ref) > 0) continue;
    if (wd < 0 || weekday(cand) === wd) return cand;
  }
  return null;
}

function year(y: string | undefined): number | null {
  if (!y) return null;
  const n = Number(y.replace(/\D/g, ''));
  return n < 100 ? 2000 + n : n;
}

function explicitDate(ref: LocalDate, d: number, m: number, y: number | null): LocalDate | null {
  if (y !== null) return isValidDate(y, m, d) ? { y, m, d } : null;
  return pastDay(ref, m, d);
}

interface Pattern {
  re: RegExp;
  resolve(
    g: Groups,
    ref: LocalDate,
    text: string,
  ): { date: LocalDate; night?: boolean; period?: DayPeriod; relative?: boolean } | null;
}

const YEAR = "(?<y>\\d{4}|'\\d{2})";
const u = (src: string) => new RegExp(src, 'giu');

const PATTERNS: Pattern[] = [
  {
    // la notte tra sabato 7 e domenica 8 (novembre) / tra il 15 e il 16 novembre 2026
    re: u(
      `${WB}notte\\s+(?:tra|fra)\\s+(?:il\\s+|l'|lo\\s+)?(?:(?<wd1>${WEEKDAY})\\s*)?(?<d1>\\d{1,2})?°?\\s*(?:(?<m1>${MONTH})\\s*)?` +
        `(?:(?<y1>\\d{4})\\s*)?(?:e|ed)\\s+(?:il\\s+|l'|la\\s+)?(?:(?<wd2>${WEEKDAY})\\s*)?(?<d2>\\d{1,2})?°?` +
        `(?:\\s*(?<m2>${MONTH}))?(?:\\s+(?:del\\s+)?(?<y2>\\d{4}))?`,
    ),
    resolve(g, ref) {
      if (g.d1) {
        const d1 = Number(g.d1);
        let m = monthNumber(g.m1 ?? g.m2 ?? '');
        if (!g.m1 && g.m2 && g.d2 && d1 > Number(g.d2)) m = m === 1 ? 12 : m - 1;
        const y = year(g.y1 ?? g.y2);
        const date = m
          ? explicitDate(ref, d1, m, y)
          : dayOfMonth(ref, d1, g.wd1 ? weekdayNumber(g.wd1) : -1);
        return date ? { date, night: true } : null;
      }
      if (!g.wd1) return null;
      return { date: pastWeekday(ref, weekdayNumber(g.wd1)), night: true, relative: true };
    },
  },
  {
    re: u(`${WB}(?<y>\\d{4})-(?<m>\\d{2})-(?<d>\\d{2})${WE}`),
    resolve: (g, ref) => {
      const date = explicitDate(ref, Number(g.d), Number(g.m), Number(g.y));
      return date ? { date } : null;
    },
  },
  {
    // 14/11/2026, 14.11.26, 14-11-2026, 14/11
    re: u(
      `${WB}(?:(?<wd>${WEEKDAY})\\s*,?\\s*)?(?<d>\\d{1,2})\\s*(?<sep>[/.-])\\s*(?<m>\\d{1,2})(?:\\k<sep>(?<y>\\d{4}|\\d{2}))?(?![\\d/])`,
    ),
    resolve(g, ref) {
      if (!g.y && g.sep !== '/') return null;
      const date = explicitDate(ref, Number(g.d), Number(g.m), year(g.y));
      return date ? { date } : null;
    },
  },
  {
    // del 23.11: a dotted day and month without year, only after a word that introduces a day
    re: u(
      `(?<=(?:${WB}(?:il|del|dal|al|giorno|data))[ \\t]{1,3})(?<d>\\d{1,2})\\.(?<m>\\d{1,2})(?![.\\d]|\\s*(?:ore|h)${WE})`,
    ),
    resolve(g, ref) {
      const date = explicitDate(ref, Number(g.d), Number(g.m), null);
      return date ? { date } : null;
    },
  },
  {
    // 21 novembre 2026, sabato 7 novembre, 1° dicembre
    re: u(
      `${WB}(?:(?<wd>${WEEKDAY})\\s*,?\\s*)?(?<d>\\d{1,2})\\s*(?:°|º)?\\s*(?:di\\s+)?(?<m>${MONTH})(?:\\s*,?\\s*(?:del\\s+|dell'anno\\s+)?${YEAR})?`,
    ),
    resolve(g, ref) {
      const date = explicitDate(ref, Number(g.d), monthNumber(g.m!), year(g.y));
      return date ? { date } : null;
    },
  },
  {
    // il 12 c.m. (this month), il 28 u.s. (last month)
    re: u(
      `${WB}(?<d>\\d{1,2})\\s*(?<rel>c\\.\\s?m\\.|u\\.\\s?s\\.|(?:del\\s+)?(?:corrente\\s+mese|mese\\s+corrente|mese\\s+scorso))`,
    ),
    resolve(g, ref) {
      const back = /u\.|scorso/i.test(g.rel!) ? 1 : 0;
      const month = new Date(Date.UTC(ref.y, ref.m - 1 - back, 1));
      const y = month.getUTCFullYear();
      const m = month.getUTCMonth() + 1;
      return isValidDate(y, m, Number(g.d)) ? { date: { y, m, d: Number(g.d) } } : null;
    },
  },
  {
    // sabato 7, il giorno 14 (month of the reference day)
    re: u(
      `${WB}(?:(?<wd>${WEEKDAY})|(?:il|del|nel|in)\\s+giorno)\\s+(?<d>\\d{1,2})(?![\\d:.,/]|\\s*(?:${MONTH}|c\\.|u\\.|ore|e\\s+mezz))`,
    ),
    resolve(g, ref) {
      const date =
        dayOfMonth(ref, Number(g.d), g.wd ? weekdayNumber(g.wd) : -1) ??
        dayOfMonth(ref, Number(g.d), -1);
      return date ? { date } : null;
    },
  },
  {
    re: u(
      `${WB}(?:l'altro\\s?ieri|altro\\s?ieri|ieri\\s+l'altro|avant'?\\s?ieri|l'altra\\s+(?<p2>sera|notte|mattina))${WE}`,
    ),
    resolve: (g, ref) => ({
      date: addDays(ref, -2),
      relative: true,
      ...(g.p2 ? { period: periodOf(g.p2) } : {}),
    }),
  },
  {
    re: u(`${WB}ieri${WE}`),
    resolve: (_g, ref) => ({ date: addDays(ref, -1), relative: true }),
  },
  {
    re: u(
      `${WB}(?:sta\\s?notte|questa\\s+notte|la\\s+notte\\s+scorsa|nella\\s+notte\\s+appena\\s+trascorsa|nottata\\s+odierna)${WE}`,
    ),
    resolve: (_g, ref) => ({ date: addDays(ref, -1), night: true, relative: true }),
  },
  {
    re: u(
      `${WB}(?:(?<m>sta\\s?mattina|stamane|stamani|questa\\s+mattina|sta\\s?mattinata|questa\\s+mattinata)|(?<p>questo\\s+pomeriggio)|(?<s>sta\\s?sera|questa\\s+sera)|oggi|quest'oggi|in\\s+data\\s+odierna|nella\\s+giornata\\s+odierna)${WE}`,
    ),
    resolve: (g, ref) => ({
      date: ref,
      relative: true,
      ...(g.m ? { period: 'mattina' as const } : {}),
      ...(g.p ? { period: 'pomeriggio' as const } : {}),
      ...(g.s ? { period: 'sera' as const } : {}),
    }),
  },
  {
    // venerdì scorso, lo scorso sabato, domenica u.s., sabato (the last one before today)
    re: u(
      `${WB}(?:(?:lo|la)\\s+scors[oa]\\s+)?(?<wd>${WEEKDAY})(?:\\s+(?:scors[oa]|u\\.\\s?s\\.|passat[oa]))?(?!\\s+prossim)`,
    ),
    resolve(g, ref, text) {
      if (/(?:dal|da)\s*$/i.test(text)) return null; // "dal lunedì al venerdì": opening hours
      return { date: pastWeekday(ref, weekdayNumber(g.wd!)), relative: true };
    },
  },
];

const PERIOD_AFTER = new RegExp(
  `^\\s*,?\\s*(?:in\\s+|nel\\s+|nella\\s+|di\\s+|durante\\s+la\\s+|in\\s+tarda\\s+)?(?<p>${PERIOD})`,
  'iu',
);
const PERIOD_BEFORE = new RegExp(
  `(?<p>${PERIOD})\\s+(?:di\\s+|del\\s+|dello\\s+|della\\s+|dell'\\s*)?(?:giorno\\s+|scorso\\s+|scorsa\\s+)?$`,
  'iu',
);

// Cues, in the 30 characters before a date, that it dates a document or a person, not the event.
const WEAK_BEFORE =
  /(?:(?<![\p{L}])(?:nat[oa]|nascita|prot\.|protocollo|sport[oa]|presentat[oa]|depositat[oa]|redatt[oa]|trasmess[oa]|inviat[oa]|ricevut[oa]|firmat[oa]|nota)(?![\p{L}])[^\n]*|(?<![\p{L}])n\.\s*[\w/.-]+\s+(?:del|in data)\s*|(?<![\p{L}])l[iì]'?\s*)$/iu;
const LETTERHEAD = /(?:^|\n)[ \t]*[A-Z][\p{L} ']{2,30},[ \t]*(?:l[iì]'?[ \t]*)?$/u;

/** Every day mention in `work`, later patterns never overlapping earlier, longer ones. */
export function findDateMentions(
  work: string,
  refAt: (pos: number) => LocalDate | null,
): DateMention[] {
  const found: DateMention[] = [];
  const taken = (s: number, e: number) => found.some((f) => s < f.end && e > f.start);
  for (const p of PATTERNS) {
    for (const m of work.matchAll(p.re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken(start, end)) continue;
      const ref = refAt(start);
      if (!ref) continue;
      const before = work.slice(Math.max(0, start - 60), start);
      const res = p.resolve(m.groups ?? {}, ref, before);
      if (!res) continue;
      const after = PERIOD_AFTER.exec(work.slice(end, end + 30));
      const prior = PERIOD_BEFORE.exec(before.slice(-30));
      const periodWord = after?.groups?.p ?? prior?.groups?.p;
      const period = res.period ?? (periodWord ? periodOf(periodWord) : null);
      found.push({
        start,
        end: after ? end + after[0].length : end,
        date: res.date,
        night: res.night ?? period === 'notte',
        period,
        relative: res.relative ?? false,
        weak: WEAK_BEFORE.test(before.slice(-30)) || LETTERHEAD.test(before),
      });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
