import { REQUEST_TEMPLATE } from './intake/request-template.js';

/** The mails Vedetta writes to requesters; each has an editable Italian template. */
export const NOTICE_KEYS = ['ack', 'fulfilled', 'refused', 'cancelled'] as const;
export type NoticeKey = (typeof NOTICE_KEYS)[number];

/** Every placeholder, with what it becomes (shown to the admin next to the editor). */
export const PLACEHOLDERS: Record<string, string> = {
  saluto: '“Gentile Ag. Mario Rossi,” (o “Gentile richiedente,”)',
  numero: 'numero della richiesta (VS-2026-000123)',
  richiedente: 'grado e nome del richiedente',
  evento: 'tipo di evento',
  periodo: 'periodo dell’evento',
  luogo: 'luogo dell’evento',
  riferimenti: 'riferimenti (verbale, protocollo…)',
  dati: 'riepilogo dei dati compresi (uno per riga)',
  conservazione: 'telecamere bloccate, o perché non è stato possibile',
  link: '“Stato della richiesta: …” quando l’indirizzo pubblico è configurato',
  modello: 'il modello per le prossime richieste',
  esito: 'motivo dell’esito negativo',
  motivazione: 'motivazione scritta dall’operatore',
  evidenza: 'identificativo dell’evidenza acquisita',
};

export interface NoticeTemplate {
  subject: string;
  body: string;
}

const SIGNATURE = '--\nCentrale Operativa - Polizia Locale (messaggio generato da Vedetta)';

export const DEFAULT_TEMPLATES: Record<NoticeKey, NoticeTemplate> = {
  ack: {
    subject: 'Richiesta {{numero}} registrata',
    body: [
      '{{saluto}}',
      '',
      'la sua richiesta di acquisizione immagini è stata registrata con il numero {{numero}}.',
      '',
      'Abbiamo compreso:',
      '{{dati}}',
      '',
      '{{conservazione}}',
      '',
      'Se qualcosa non è corretto, risponda a questo messaggio citando il numero della richiesta.',
      '{{link}}',
      '',
      'Per le prossime richieste può usare questo modello, che viene letto senza ambiguità:',
      '',
      '{{modello}}',
      SIGNATURE,
    ].join('\n'),
  },
  fulfilled: {
    subject: 'Richiesta {{numero}} evasa',
    body: [
      '{{saluto}}',
      '',
      'la richiesta di acquisizione immagini {{numero}} è stata evasa: le immagini sono state acquisite e registrate.',
      '',
      '  Tipo evento: {{evento}}',
      '  Periodo: {{periodo}}',
      '  Luogo: {{luogo}}',
      '  Acquisizione: {{evidenza}}',
      '',
      'Per la consegna o la consultazione si rivolga alla Centrale Operativa citando il numero della richiesta.',
      '{{link}}',
      SIGNATURE,
    ].join('\n'),
  },
  refused: {
    subject: 'Richiesta {{numero}}: esito negativo',
    body: [
      '{{saluto}}',
      '',
      'la richiesta di acquisizione immagini {{numero}} ha avuto esito negativo.',
      '',
      '  Motivo: {{esito}}',
      '  {{motivazione}}',
      '',
      '  Tipo evento: {{evento}}',
      '  Periodo: {{periodo}}',
      '  Luogo: {{luogo}}',
      '',
      'Per chiarimenti risponda a questo messaggio citando il numero della richiesta.',
      SIGNATURE,
    ].join('\n'),
  },
  cancelled: {
    subject: 'Richiesta {{numero}} annullata',
    body: [
      '{{saluto}}',
      '',
      'la richiesta di acquisizione immagini {{numero}} è stata annullata.',
      '',
      '  {{motivazione}}',
      '',
      'Per chiarimenti risponda a questo messaggio citando il numero della richiesta.',
      SIGNATURE,
    ].join('\n'),
  },
};

const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;

/** Placeholders used in a text that Vedetta does not know (a typo the admin should see). */
export function unknownPlaceholders(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (!(m[1]! in PLACEHOLDERS)) out.add(m[1]!);
  }
  return [...out];
}

/**
 * Fills a template. A line that held only placeholders which came out empty is dropped, so
 * optional parts (the link, the operator's reason) leave no blank holes.
 */
export function renderTemplate(t: NoticeTemplate, values: Record<string, string>): NoticeTemplate {
  const fill = (s: string) => s.replace(PLACEHOLDER, (_, name: string) => values[name] ?? '');
  const lines: string[] = [];
  for (const line of t.body.split('\n')) {
    const filled = fill(line);
    const onlyPlaceholders =
      line.replace(PLACEHOLDER, '').trim() === '' && /\{\{\s*[a-z_]+\s*\}\}/.test(line);
    if (onlyPlaceholders && filled.trim() === '') continue;
    lines.push(filled);
  }
  return { subject: fill(t.subject).replace(/\s+/g, ' ').trim(), body: lines.join('\n') };
}

export { REQUEST_TEMPLATE };
