// The published request template: a fixed Italian form of labelled lines. A message that
// follows it is read label by label, and what it states is taken at full confidence. The same
// text goes in the README and in the acknowledgement mail.

export const REQUEST_TEMPLATE = `RICHIESTA DI ACQUISIZIONE IMMAGINI
Tipo evento: (sinistro stradale / danneggiamento / furto / aggressione / altro)
Data: (gg/mm/aaaa)
Dalle ore: (hh:mm)
Alle ore: (hh:mm)
Luogo: (via o piazza e numero civico, oppure un punto di riferimento)
Incrocio con: (la via che incrocia, se l'evento è avvenuto a un incrocio)
Riferimento (protocollo/verbale): (es. verbale n. 2231/2026)
Richiedente: (nome e cognome)
Qualifica: (es. Ag., Ass., Isp., Comm.)
Matricola:
Reparto/Ente:
Telefono:
Urgente (sì/no):
Motivo:
`;

export type TemplateKey =
  | 'eventType'
  | 'date'
  | 'from'
  | 'to'
  | 'place'
  | 'cross'
  | 'reference'
  | 'name'
  | 'rank'
  | 'badge'
  | 'unit'
  | 'phone'
  | 'urgent'
  | 'reason';

const LABELS: Array<[TemplateKey, string]> = [
  ['eventType', 'tipo\\s+(?:di\\s+)?evento|evento|tipologia(?:\\s+evento)?'],
  ['date', "data(?:\\s+(?:dell'?\\s*)?evento)?|giorno"],
  ['from', 'dalle\\s+ore|dalle|ora\\s+(?:di\\s+)?inizio|dalle\\s+h'],
  ['to', 'alle\\s+ore|alle|ora\\s+(?:di\\s+)?fine|alle\\s+h'],
  ['place', "luogo(?:\\s+(?:dell'?\\s*)?evento)?|indirizzo|località"],
  ['cross', 'incrocio\\s+con|incrocio|angolo(?:\\s+con)?'],
  [
    'reference',
    'riferimento(?:\\s*\\([^)\\n]*\\))?|rif\\.|n\\.\\s*(?:verbale|protocollo)|protocollo',
  ],
  ['name', 'richiedente|nominativo|nome\\s+e\\s+cognome'],
  ['rank', 'qualifica|grado'],
  ['badge', 'matricola|n\\.\\s*matricola'],
  ['unit', 'reparto\\s*\\/\\s*ente|reparto|ente|ufficio\\s+richiedente'],
  ['phone', 'telefono|tel\\.|recapito(?:\\s+telefonico)?'],
  ['urgent', 'urgente(?:\\s*\\([^)\\n]*\\))?|urgenza'],
  ['reason', 'motivo|motivazione'],
];

const LINE = new RegExp(
  `^[ \\t*•-]*(${LABELS.map(([, l]) => `(?:${l})`).join('|')})[ \\t]*:[ \\t]*(.*)$`,
  'gimu',
);

export interface TemplateValue {
  value: string;
  /** Offsets of the value in the text. */
  start: number;
  end: number;
}

export type TemplateFields = Partial<Record<TemplateKey, TemplateValue>>;

/** Placeholder text copied from the blank form is no answer. */
const PLACEHOLDER = /^\(.*\)$|^[-_.\s]*$/;

/**
 * The labelled values, when the text follows the template (at least four of its labels, among
 * them the ones that name the event: date or time, and place or type).
 */
export function readTemplate(text: string): TemplateFields | null {
  const fields: TemplateFields = {};
  let labels = 0;
  for (const m of text.matchAll(LINE)) {
    const label = m[1]!;
    const key = LABELS.find(([, l]) => new RegExp(`^(?:${l})$`, 'iu').test(label))?.[0];
    if (!key || fields[key]) continue;
    labels++;
    const raw = m[2]!;
    const value = raw.trim();
    if (!value || PLACEHOLDER.test(value)) continue;
    const start = m.index + m[0].length - raw.length + (raw.length - raw.trimStart().length);
    fields[key] = { value, start, end: start + value.length };
  }
  const namesEvent = (fields.date || fields.from) && (fields.place || fields.eventType);
  return labels >= 4 && namesEvent ? fields : null;
}

/** Kind of a reference whose label or value says it ("Riferimento (protocollo/verbale): 2231/2026"). */
export function referenceKindFromLabel(
  value: string,
): 'protocollo' | 'verbale' | 'denuncia' | 'rgnr' | 'altro' {
  if (/r\.?\s?g\.?\s?n\.?\s?r/i.test(value)) return 'rgnr';
  if (/verbale|rilievo|sinistro/i.test(value)) return 'verbale';
  if (/denuncia|querela/i.test(value)) return 'denuncia';
  if (/prot/i.test(value)) return 'protocollo';
  return 'altro';
}
