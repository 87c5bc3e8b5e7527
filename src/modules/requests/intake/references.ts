import type { Reference } from './parsed-request.schema.js';

// Reference numbers: protocollo, verbale/rilievo di sinistro, denuncia/querela, R.G.N.R.
// Only numbers introduced by a cue word count: "L. 241/1990" and "art. 391-quater" do not.

export interface ReferenceMention extends Reference {
  start: number;
  end: number;
}

// 4471/2026, 2026/0012345, 2240/B/2026, 1502/12-2026, 245/3-1, 78812. Lengths are bounded and
// a number never starts inside another, so a long run of digits cannot make matching quadratic.
const NUM =
  '(?<num>(?<![\\d./-])(?:[A-Z]{1,4}\\s?[/-]\\s?)?\\d[\\d./-]{0,20}(?:[A-Z]{1,3}[./-]{1,2}[\\d./-]{0,12})?\\d(?:\\s?\\/\\s?[A-Z]{1,4}(?![\\p{L}]))?|\\d)';
/** Without "n.", only a number that looks like one: with a slash, or at least four digits. */
const BARE_NUM =
  '(?<num>(?<![\\d/])\\d{1,12}(?:\\/[\\dA-Z]{1,8}){0,3}\\/\\d{2,4}|\\d{4,12})(?![\\d/])';
const NO = '(?:\\s*(?:n(?:r|um)?\\.?|n°|nº|numero|num\\.|#)\\s*)';
/** Words between the cue and the number; a date may sit there ("presentata il 20/11/2026 (n. …)"). */
const GAP = '(?:[^\\n\\d]|\\d{1,2}[/.]\\d{1,2}[/.]\\d{2,4}){0,40}?';

const RGNR_WORD =
  '(?:R\\.?\\s?G\\.?\\s?N\\.?\\s?R\\.?|RGNR|R\\.G\\.\\s*notizie\\s+di\\s+reato|reg(?:istro)?\\.?\\s+gen(?:erale)?\\.?\\s+notizie\\s+di\\s+reato)';

const CUES: Array<[Reference['kind'], RegExp]> = [
  // 4471/2026 R.G.N.R. (number first) and RGNR n. 4471/2026 (number after)
  ['rgnr', new RegExp(`${NUM}\\s*(?:\\/\\s*)?(?:mod\\.?\\s*\\d+\\s*)?${RGNR_WORD}`, 'gu')],
  ['rgnr', new RegExp(`${RGNR_WORD}${NO}?\\s*${NUM}`, 'gu')],
  [
    'rgnr',
    new RegExp(
      `(?<![\\p{L}])(?:proc(?:edimento|\\.)\\s*pen(?:ale|\\.)|p\\.\\s?p\\.)${NO}?\\s*${NUM}`,
      'giu',
    ),
  ],
  [
    'verbale',
    new RegExp(
      `(?<![\\p{L}])(?:verbale|rilievo|rilievi|rapporto\\s+(?:di\\s+)?incidente|sinistro|incidente|vbl?\\.)${GAP}${NO}\\s*${NUM}`,
      'giu',
    ),
  ],
  [
    'verbale',
    new RegExp(
      `(?<![\\p{L}])(?:verbale|rilievo)(?:\\s+(?:di\\s+)?(?:sinistro|incidente|accertamento))?\\s+${BARE_NUM}`,
      'giu',
    ),
  ],
  ['denuncia', new RegExp(`(?<![\\p{L}])(?:denuncia|querela)\\s+${BARE_NUM}`, 'giu')],
  // N. 245/3-1 di prot. (number first, as the Carabinieri write it)
  [
    'protocollo',
    new RegExp(`(?<![\\p{L}])n(?:r)?\\.?\\s*${NUM}\\s+(?:di\\s+)?prot(?:ocollo|\\.)`, 'giu'),
  ],
  [
    'denuncia',
    new RegExp(
      `(?<![\\p{L}])(?:denuncia|querela|denuncia-querela|esposto|den\\.)${GAP}${NO}\\s*${NUM}`,
      'giu',
    ),
  ],
  [
    'protocollo',
    new RegExp(
      `(?<![\\p{L}])prot(?:ocollo)?\\.?(?:\\s*(?:gen(?:erale)?\\.?|n\\.?\\s*gen\\.?))?\\s*:?${NO}?\\s*${NUM}`,
      'giu',
    ),
  ],
  ['protocollo', new RegExp(`(?<![\\p{L}])(?<num>PG\\s?\\/\\s?\\d{4}\\s?\\/\\s?\\d+)`, 'gu')],
  [
    'altro',
    new RegExp(
      `(?<![\\p{L}])(?:pratica|fascicolo|nota|vs\\.?\\s+rif\\.?|ns\\.?\\s+rif\\.?|rif\\.|riferimento|C\\.?N\\.?R\\.?|SDI)${NO}?\\s*${NUM}`,
      'giu',
    ),
  ],
];

/** "4471 / 2026" → "4471/2026"; trailing punctuation dropped. */
function cleanNumber(raw: string): string {
  return raw.replace(/\s+/g, '').replace(/[./-]+$/, '');
}

/** Every reference number with its kind; the same number is reported once, first kind wins. */
export function findReferences(text: string): ReferenceMention[] {
  const out: ReferenceMention[] = [];
  for (const [kind, re] of CUES) {
    for (const m of text.matchAll(re)) {
      const raw = m.groups?.num;
      if (!raw) continue;
      const number = cleanNumber(raw);
      // years, dates and times are not reference numbers
      if (/^(?:19|20)\d{2}$/.test(number) || /^\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?$/.test(number))
        continue;
      if (/^\d{1,2}$/.test(number) && kind !== 'protocollo') continue;
      if (out.some((r) => r.number === number)) continue;
      const start = m.index + m[0].lastIndexOf(raw);
      out.push({ kind, number, start, end: start + raw.length });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
