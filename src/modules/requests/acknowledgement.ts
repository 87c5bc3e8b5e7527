import { REQUEST_TEMPLATE } from './intake/request-template.js';
import { formatRomeIso } from './intake/rome-time.js';
import type { RequestSummary } from './requests.schemas.js';

const EVENT_LABELS: Record<string, string> = {
  sinistro_stradale: 'sinistro stradale',
  danneggiamento: 'danneggiamento',
  furto: 'furto',
  aggressione: 'aggressione',
  altro: 'altro',
};

/** "14/11/2026 18:10" in Rome time. */
export function romeLabel(iso: string): string {
  const s = formatRomeIso(Date.parse(iso));
  const [date = '', time = ''] = s.split('T');
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y} ${time.slice(0, 5)}`;
}

/**
 * The acknowledgement (issue 6 §7): the number, the fields as understood, what was preserved,
 * a link, and the template for the next request. Plain Italian text.
 */
export function acknowledgementText(
  r: RequestSummary,
  opts: { holdCameras: string[]; link: string | null },
): { subject: string; text: string } {
  const dash = '—';
  const place = [r.place.street ?? r.place.landmark ?? r.place.text, r.place.number]
    .filter(Boolean)
    .join(' ');
  const lines = [
    r.requester.name
      ? `Gentile ${[r.requester.rank, r.requester.name].filter(Boolean).join(' ')},`
      : 'Gentile richiedente,',
    '',
    `la sua richiesta di acquisizione immagini è stata registrata con il numero ${r.number}.`,
    '',
    'Abbiamo compreso:',
    `  Tipo evento: ${r.eventType ? EVENT_LABELS[r.eventType] : dash}`,
    `  Periodo: ${r.window ? `dalle ${romeLabel(r.window.from)} alle ${romeLabel(r.window.to)}` : dash}`,
    `  Luogo: ${place || dash}${r.place.crossStreet ? `, incrocio con ${r.place.crossStreet}` : ''}`,
    `  Riferimenti: ${r.references.map((x) => `${x.kind} ${x.number}`).join('; ') || dash}`,
    `  Richiedente: ${[r.requester.rank, r.requester.name, r.requester.badge && `matr. ${r.requester.badge}`, r.requester.unit].filter(Boolean).join(', ') || dash}`,
    `  Urgente: ${r.urgent ? 'sì' : 'no'}`,
    '',
  ];
  if (opts.holdCameras.length > 0) {
    lines.push(
      `Le immagini di ${opts.holdCameras.length === 1 ? 'una telecamera' : `${opts.holdCameras.length} telecamere`} ` +
        `(${opts.holdCameras.join(', ')}) sono state bloccate e non saranno cancellate finché la richiesta non sarà evasa.`,
    );
  } else {
    lines.push(
      'Non è stato possibile bloccare automaticamente le immagini: un operatore della Centrale Operativa esaminerà la richiesta al più presto.',
    );
    for (const note of r.triageNotes) lines.push(`  - ${note}`);
  }
  lines.push(
    '',
    'Se qualcosa non è corretto, risponda a questo messaggio citando il numero della richiesta.',
  );
  if (opts.link) lines.push(`Stato della richiesta: ${opts.link}`);
  lines.push(
    '',
    'Per le prossime richieste può usare questo modello, che viene letto senza ambiguità:',
    '',
    REQUEST_TEMPLATE,
    '--',
    'Centrale Operativa - Polizia Locale (messaggio generato da Vedetta)',
  );
  return { subject: `Richiesta ${r.number} registrata`, text: lines.join('\n') };
}
