import type { MailAddress } from './mime.js';
import type { Requester, RequesterType } from './parsed-request.schema.js';

// Who asks: name, rank, badge (matricola), unit and phone from the sender and the signature;
// the requester type from the sender's domain first, then the signature, then the body.

export interface RequesterOptions {
  /** Mail domains of the own corps (subdomains included): senders there are officers. */
  ownDomains: string[];
  /** Words that name the own corps' city in a signature ("Polizia Locale di Reggio Emilia"). */
  ownCity: string;
}

export interface RequesterInput {
  from: MailAddress | null;
  /** The part of the body the requester wrote (for a forward: the forwarded original). */
  text: string;
  /** The whole body, for cues anywhere (a lawyer's "391-quater"). */
  body: string;
  subject: string;
}

export interface RequesterResult {
  requester: Requester;
  confidence: number;
  spans: Array<{ start: number; end: number }>;
}

const RANK =
  '(?:Ag\\.\\s?Sc\\.|Ag\\.|Agente\\s+[Ss]celto|Agente|Ass\\.\\s?Sc\\.|Ass\\.\\s?Capo|Ass\\.|Assistente\\s+[Ss]celto|Assistente|' +
  'V\\.\\s?Isp\\.|Vice\\s+Ispettore|Isp\\.\\s?Sup\\.|Isp\\.\\s?Capo|Isp\\.|Ispettore\\s+[Ss]uperiore|Ispettore\\s+[Cc]apo|Ispettore|' +
  'Sovr\\.\\s?Capo|Sovr\\.|Sov\\.|Sovrintendente|V\\.\\s?Comm\\.|Vice\\s+Commissario|Comm\\.\\s?Sup\\.|Comm\\.\\s?Capo|Comm\\.|' +
  'Commissario\\s+[Cc]apo|Commissario|Mar\\.\\s?(?:Magg\\.|Capo|Ord\\.)?|M\\.llo|Maresciallo(?:\\s+[Mm]aggiore|\\s+[Cc]apo|\\s+[Oo]rdinario)?|' +
  'Brig\\.(?:\\s?C\\.)?|Brigadiere(?:\\s+[Cc]apo)?|App\\.\\s?Sc\\.|App\\.|Appuntato(?:\\s+[Ss]celto)?|Car\\.\\s?Sc\\.|Car\\.|' +
  'Lgt\\.(?:\\s?C\\.\\s?S\\.)?|Luogotenente|Cap\\.|Capitano|Ten\\.|Tenente|Magg\\.|Col\\.|Sost\\.\\s?Proc\\.|' +
  'Sostituto\\s+Procuratore(?:\\s+della\\s+Repubblica)?|Vice\\s+Questore(?:\\s+[Aa]ggiunto)?|Dott\\.ssa|Dott\\.|Dr\\.ssa|Dr\\.|' +
  'Avv\\.(?:to)?|Avvocato|Sig\\.ra|Sig\\.)';

const NAME =
  "(?<name>\\p{Lu}[\\p{L}'’-]+(?:\\s+(?:\\p{Lu}\\.|\\p{Lu}[\\p{L}'’-]+|de|di|del|della|da)){1,3})";
const RANK_NAME = new RegExp(`(?<![\\p{L}])(?<rank>${RANK})\\s*${NAME}`, 'gu');
const BADGE =
  /(?<![\p{L}])(?:matricola|matr\.?|mat\.)\s*(?:n\.?\s*|nr\.?\s*|n°\s*)?:?\s*(?<badge>[A-Z]{0,3}\s?\d{1,6})(?!\d)/giu;
const UNIT =
  /(?<![\p{L}])(?:Reparto|Nucleo|Ufficio|Sezione|Squadra|Stazione|Compagnia|Tenenza|Comando|Questura|Commissariato|Procura|Tribunale|Studio\s+[Ll]egale|Polizia\s+Locale|Polizia\s+[Mm]unicipale|Polizia\s+Stradale|Polizia\s+[Ff]erroviaria|Guardia\s+di\s+Finanza|U\.O\.|Unità|Pronto\s+Intervento)(?:[ \t]+[^\n,;()\t]{0,60})?/gu;
const PHONE =
  /(?<![\p{L}])(?:tel\.?|telefono|cell\.?|cellulare|mob\.?)\s*:?\s*(?<phone>\+?\d[\d ./-]{4,}\d)/giu;

const OTHER_FORCE_DOMAINS =
  /(?:^|\.)(?:carabinieri\.it|poliziadistato\.it|gdf\.it|interno\.it|interno\.gov\.it)$/;
const OTHER_FORCE_WORDS =
  /(?<![\p{L}])(?:carabinieri|polizia\s+di\s+stato|questura|commissariato|guardia\s+di\s+finanza|polizia\s+stradale|polizia\s+ferroviaria|polfer|squadra\s+mobile|compagnia\s+di\s+pronto\s+impiego)(?![\p{L}])|(?<![\p{L}])(?:Mar\.|M\.llo|Maresciallo|Brig\.|App\.|Appuntato|Car\.|Lgt\.|Luogotenente|Vice\s+Questore)/iu;
const JUDICIAL_WORDS =
  /(?<![\p{L}])(?:procura\s+della\s+repubblica|sostituto\s+procuratore|procuratore\s+della\s+repubblica|sost\.\s?proc\.|pubblico\s+ministero|procura\s+(?:presso|per\s+i\s+minorenni))/iu;
const LAWYER_WORDS =
  /(?<![\p{L}])(?:avv\.|avvocat[oa]|studio\s+legale|391[\s-]*quater|investigazion[ei]\s+difensiv[ae]|difensore\s+(?:di\s+fiducia\s+)?del(?:la)?\s+sig)/iu;
const CORPS = /polizia\s+(?:locale|municipale)(?<rest>[^\n]{0,50})/giu;

function domainOf(address: string | null | undefined): string {
  return address?.split('@')[1]?.toLowerCase() ?? '';
}

function isOwnDomain(domain: string, own: string[]): boolean {
  return own.some((d) => domain === d || domain.endsWith(`.${d}`));
}

/** "Polizia Locale" names the own corps, another corps (partner command), or neither. */
function corpsMention(text: string, ownCity: string): 'own' | 'other' | null {
  const city = ownCity.toLowerCase();
  let result: 'own' | 'other' | null = null;
  for (const m of text.matchAll(CORPS)) {
    const rest = (m.groups?.rest ?? '').toLowerCase();
    if (city && rest.includes(city)) return 'own';
    if (/^\s*(?:dell'|della\s+|dei\s+|del\s+)?unione|^\s*(?:di|del)\s+\p{L}/u.test(rest))
      result = 'other';
    else result ??= 'own';
  }
  return result;
}

function classify(
  input: RequesterInput,
  signature: string,
  rank: string | null,
  opts: RequesterOptions,
): { type: RequesterType; confidence: number } {
  const domain = domainOf(input.from?.address);
  const whoText = `${input.from?.name ?? ''}\n${signature}`;
  if (/(?:^|\.)giustizia(?:cert)?\.it$/.test(domain))
    return { type: 'judicial_authority', confidence: 0.95 };
  if (OTHER_FORCE_DOMAINS.test(domain)) return { type: 'other_force', confidence: 0.95 };
  if (/avvocat/.test(domain)) return { type: 'lawyer', confidence: 0.95 };
  if (isOwnDomain(domain, opts.ownDomains)) return { type: 'officer', confidence: 0.95 };
  if (JUDICIAL_WORDS.test(whoText)) return { type: 'judicial_authority', confidence: 0.85 };
  if (/^avv/i.test(rank ?? '') || LAWYER_WORDS.test(whoText))
    return { type: 'lawyer', confidence: 0.85 };
  const corps = corpsMention(whoText, opts.ownCity);
  if (corps === 'other' || OTHER_FORCE_WORDS.test(whoText))
    return { type: 'other_force', confidence: 0.8 };
  if (corps === 'own') return { type: 'officer', confidence: 0.8 };
  if (LAWYER_WORDS.test(input.body)) return { type: 'lawyer', confidence: 0.7 };
  if (JUDICIAL_WORDS.test(input.body) && /(?:^|\.)gov\.it$|giustizia/.test(domain)) {
    return { type: 'judicial_authority', confidence: 0.7 };
  }
  const citizenCue =
    /241\/(?:19)?90|accesso\s+(?:agli\s+)?atti|in\s+qualità\s+di\s+(?:interessat|proprietari|cittadin)|art\.\s*15\s+(?:del\s+)?(?:GDPR|regolamento)/iu;
  return { type: 'citizen', confidence: citizenCue.test(input.body) ? 0.8 : 0.6 };
}

const CLOSING =
  /^\s*(?:cordiali\s+saluti|distinti\s+saluti|saluti|un\s+saluto|grazie|ringrazio|cordialmente|con\s+osservanza|in\s+attesa|buona\s+giornata|buon\s+lavoro|ciao\s+e\s+grazie|il\s+(?:comandante|sostituto|pubblico|vice|responsabile|dirigente)|firmato|--\s*$)/iu;
const ADDRESSEE =
  /^\s*(?:al|alla|allo|all'|agli|alle|spett|egreg|gentil|ill\.?mo|preg|c\.a\.|oggetto)/iu;

/**
 * The signature: from the last closing line ("Cordiali saluti", "Il Comandante") to the end,
 * else the trailing block of short lines. Addressee lines ("Al Comando …") are left out.
 */
function signatureOf(text: string): { text: string; offset: number } {
  const lines = text.split('\n');
  let from = -1;
  for (let i = lines.length - 1; i >= 0 && from < 0; i--) {
    if (lines[i]!.length <= 60 && CLOSING.test(lines[i]!)) from = i;
  }
  if (from < 0) {
    from = lines.length;
    while (from > 0 && !lines[from - 1]!.trim()) from--;
    while (from > 0 && lines[from - 1]!.trim() && lines[from - 1]!.length <= 80) from--;
  }
  const offset = lines.slice(0, from).join('\n').length + (from ? 1 : 0);
  const sig = lines
    .slice(from)
    .map((l) => (ADDRESSEE.test(l) ? ' '.repeat(l.length) : l))
    .join('\n');
  return { text: sig, offset };
}

const clean = (s: string | undefined | null) => s?.replace(/\s+/g, ' ').trim() || null;

export function extractRequester(input: RequesterInput, opts: RequesterOptions): RequesterResult {
  const sig = signatureOf(input.text);
  const spans: RequesterResult['spans'] = [];
  const display = input.from?.name ?? '';
  const fromRank = new RegExp(`^\\s*(?<rank>${RANK})\\s*(?<name>.+)$`, 'u').exec(display);
  // rank and name: the display name, else the signature, else the body ("la sottoscritta Avv. …")
  const inText = [...sig.text.matchAll(RANK_NAME)].map((m) => ({ m, offset: sig.offset }));
  if (!inText.length)
    inText.push(...[...input.text.matchAll(RANK_NAME)].slice(0, 1).map((m) => ({ m, offset: 0 })));
  const hit = inText[0];
  if (hit)
    spans.push({
      start: hit.offset + hit.m.index,
      end: hit.offset + hit.m.index + hit.m[0].length,
    });
  const rank = clean(fromRank?.groups?.rank) ?? clean(hit?.m.groups?.rank);
  const name =
    clean(fromRank?.groups?.name) ??
    clean(hit?.m.groups?.name) ??
    clean(display.replace(/^per conto di:?/i, '')) ??
    null;

  const badge = [...input.text.matchAll(BADGE)][0];
  if (badge) spans.push({ start: badge.index, end: badge.index + badge[0].length });
  // the unit: a signature line ("Reparto Pronto Intervento"), else the sender's name when it
  // is an office ("Stazione Carabinieri Reggio Emilia Principale")
  const units = [...sig.text.matchAll(UNIT), ...display.matchAll(UNIT)].map((m) =>
    m[0].replace(/\s+(?:-|–|tel\.?|telefono)(?:\s.*)?$/i, '').trim(),
  );
  const unit = clean(units.find((u) => u.split(/\s+/).length >= 2) ?? units[0]);
  const phone = [...sig.text.matchAll(PHONE)][0]?.groups?.phone;

  const { type, confidence } = classify(input, sig.text, rank, opts);
  return {
    requester: {
      name,
      email: input.from?.address ?? null,
      rank,
      badge: clean(badge?.groups?.badge?.replace(/\s/g, '')),
      unit,
      phone: clean(phone),
      type,
    },
    confidence,
    spans,
  };
}
