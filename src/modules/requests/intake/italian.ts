// Italian words shared by the recognizers: months, weekdays, parts of the day, numbers.

/** Word boundaries that know accented letters (\b does not). Use with the `u` flag. */
export const WB = '(?<![\\p{L}\\d])';
export const WE = '(?![\\p{L}\\d])';

export const MONTH =
  '(?:gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre|' +
  'genn?\\.?|febb?r?\\.?|mar\\.?|apr\\.?|magg?\\.?|giu\\.?|lug\\.?|ago\\.?|sett?\\.?|ott\\.?|nov\\.?|dic\\.?)' +
  '(?![\\p{L}])';

const MONTH_PREFIX = [
  'gen',
  'feb',
  'mar',
  'apr',
  'mag',
  'giu',
  'lug',
  'ago',
  'set',
  'ott',
  'nov',
  'dic',
];

/** 1-12 for an Italian month name or abbreviation, 0 when it is none. */
export function monthNumber(word: string): number {
  return MONTH_PREFIX.indexOf(word.toLowerCase().slice(0, 3)) + 1;
}

export const WEEKDAY =
  "(?:luned[iìí]'?|marted[iìí]'?|mercoled[iìí]'?|gioved[iìí]'?|venerd[iìí]'?|sabato|domenica)(?![\\p{L}])";

const WEEKDAY_PREFIX = ['dom', 'lun', 'mar', 'mer', 'gio', 'ven', 'sab'];

/** 0 = Sunday … 6 = Saturday, -1 when not a weekday. */
export function weekdayNumber(word: string): number {
  return WEEKDAY_PREFIX.indexOf(word.toLowerCase().slice(0, 3));
}

export type DayPeriod = 'mattina' | 'pomeriggio' | 'sera' | 'notte';

export const PERIOD =
  '(?:mattin[ao]|mattinata|pomeriggio|primo pomeriggio|tardo pomeriggio|sera|serata|tarda serata|notte|nottata)(?![\\p{L}])';

export function periodOf(word: string): DayPeriod {
  const w = word.toLowerCase();
  if (w.includes('mattin')) return 'mattina';
  if (w.includes('pomeriggio')) return 'pomeriggio';
  if (w.includes('sera')) return 'sera';
  return 'notte';
}

const NUMBER_WORDS: Record<string, number> = {
  cinque: 5,
  dieci: 10,
  quindici: 15,
  venti: 20,
  venticinque: 25,
  trenta: 30,
  quaranta: 40,
  quarantacinque: 45,
  sessanta: 60,
};

/** Minutes for "15", "quindici", "mezz'ora", "un'ora", "un quarto d'ora". */
export function minutesOf(text: string): number | null {
  const t = text.toLowerCase().replace(/’/g, "'").trim();
  if (/^\d+$/.test(t)) return Number(t);
  if (t in NUMBER_WORDS) return NUMBER_WORDS[t]!;
  if (/quarto d'ora/.test(t)) return 15;
  if (/mezz'?\s?ora/.test(t)) return 30;
  if (/un'?\s?ora/.test(t)) return 60;
  if (/(\d+|due) ore/.test(t)) return 60 * (Number(/\d+/.exec(t)?.[0] ?? 2) || 2);
  return null;
}

export const MINUTES_WORD =
  '(?:\\d{1,3}|cinque|dieci|quindici|venti|venticinque|trenta|quaranta|quarantacinque|sessanta)';
