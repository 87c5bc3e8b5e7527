import { findReferences } from './intake/references.js';
import { findStreets } from './intake/place.js';
import { isValidDate, romeToInstant } from './intake/rome-time.js';
import type { Reference, Requester } from './intake/parsed-request.schema.js';
import type { RequestFields } from './request-record.js';
import type { Channel, RequestState } from './requests.schemas.js';

/**
 * Columns of the corps' previous register, as exported from its spreadsheet (aliases are the
 * headers such registers use). `numero` and `data` are required; the rest may be empty.
 */
export const LEGACY_COLUMNS = {
  known: {
    numero: ['n', 'n_', 'nr', 'num', 'numero_richiesta', 'protocollo_interno'],
    data: ['data_ricezione', 'ricevuta', 'data_richiesta', 'data_arrivo'],
    canale: ['modalita', 'mezzo', 'pervenuta'],
    richiedente: ['nominativo', 'richiedente_nome'],
    tipo_richiedente: ['tipo', 'qualifica_richiedente'],
    ente: ['reparto', 'comando', 'ufficio'],
    email: ['mail', 'e_mail'],
    telefono: ['tel', 'recapito'],
    evento: ['tipo_evento', 'fatto'],
    luogo: ['indirizzo', 'localita', 'via'],
    dal: ['inizio', 'data_ora_inizio', 'dalle'],
    al: ['fine', 'data_ora_fine', 'alle'],
    riferimenti: ['rif', 'verbale', 'protocollo'],
    stato: ['esito_richiesta', 'stato_richiesta'],
    note: ['esito', 'motivazione', 'annotazioni'],
  },
  required: ['numero', 'data'],
} as const;

const CHANNELS: Record<string, Channel> = {
  email: 'email',
  'e-mail': 'email',
  mail: 'email',
  pec: 'pec',
  telefono: 'phone',
  telefonica: 'phone',
  tel: 'phone',
  cartaceo: 'paper',
  carta: 'paper',
  fax: 'paper',
  'a mano': 'in_person',
  'di persona': 'in_person',
  sportello: 'in_person',
  modulo: 'form',
};

const REQUESTER_TYPES: Array<[RegExp, Requester['type']]> = [
  [/^(?:ag|agente|pl|polizia locale|interno|officer|ufficiale)/, 'officer'],
  [/carabinier|polizia di stato|questura|guardia di finanza|altra forza|other/, 'other_force'],
  [/procura|giudice|tribunale|autorit|\bag\b|pm\b|judicial/, 'judicial_authority'],
  [/avv|difensore|lawyer/, 'lawyer'],
  [/cittadin|privato|citizen/, 'citizen'],
];

const EVENTS: Array<[RegExp, string]> = [
  [/sinistr|incident|investiment|tampon/, 'sinistro_stradale'],
  [/danneggiament|vandal/, 'danneggiamento'],
  [/furt|rapin|scippo/, 'furto'],
  [/aggression|lite|rissa|percoss/, 'aggressione'],
];

const STATES: Record<string, RequestState> = {
  ricevuta: 'ricevuta',
  aperta: 'ricevuta',
  'in lavorazione': 'in_lavorazione',
  'in corso': 'in_lavorazione',
  evasa: 'evasa',
  consegnata: 'evasa',
  conclusa: 'evasa',
  negativa: 'negativa',
  respinta: 'negativa',
  'esito negativo': 'negativa',
  annullata: 'annullata',
  ritirata: 'annullata',
};

/** "14/11/2026", "14/11/2026 18:10", "14-11-26 18.10" read in Rome time. */
export function italianDateTime(value: string, what: string): number | null {
  const v = value.trim();
  if (!v) return null;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:[ T,]+(\d{1,2})[:.](\d{2}))?$/.exec(v);
  if (!m) throw new Error(`${what} "${value}" non è una data gg/mm/aaaa hh:mm`);
  const d = Number(m[1]);
  const mo = Number(m[2]);
  const y = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
  const h = m[4] === undefined ? 0 : Number(m[4]);
  const mi = m[5] === undefined ? 0 : Number(m[5]);
  if (!isValidDate(y, mo, d) || h > 23 || mi > 59) throw new Error(`${what} "${value}" non esiste`);
  return romeToInstant({ y, m: mo, d }, h * 60 + mi);
}

export interface LegacyRow {
  legacyNumber: string;
  receivedAt: number;
  state: RequestState;
  note: string | null;
  fields: RequestFields;
}

const lower = (s: string) => s.trim().toLowerCase();

/** One line of the previous register as a request. Throws an Italian message when it is wrong. */
export function legacyRow(get: (column: string) => string): LegacyRow {
  const legacyNumber = get('numero');
  if (!legacyNumber) throw new Error('numero mancante');
  if (legacyNumber.length > 50) throw new Error('numero troppo lungo');
  const receivedAt = italianDateTime(get('data'), 'data');
  if (receivedAt === null) throw new Error('data di ricezione mancante');
  const channelText = lower(get('canale'));
  const channel = channelText ? CHANNELS[channelText] : 'legacy_import';
  if (!channel) throw new Error(`canale "${get('canale')}" sconosciuto`);
  const typeText = lower(get('tipo_richiedente'));
  const type = typeText ? REQUESTER_TYPES.find(([re]) => re.test(typeText))?.[1] : 'officer';
  if (!type) throw new Error(`tipo di richiedente "${get('tipo_richiedente')}" sconosciuto`);
  const eventText = lower(get('evento'));
  const eventType = eventText ? (EVENTS.find(([re]) => re.test(eventText))?.[1] ?? 'altro') : null;
  const from = italianDateTime(get('dal'), 'inizio');
  const to = italianDateTime(get('al'), 'fine') ?? (from !== null ? from + 20 * 60_000 : null);
  if (from !== null && to !== null && to <= from) throw new Error('la fine precede l’inizio');
  if (from === null && get('al')) throw new Error('fine senza inizio');
  const stateText = lower(get('stato'));
  const state = stateText ? STATES[stateText] : 'ricevuta';
  if (!state) throw new Error(`stato "${get('stato')}" sconosciuto`);
  const email = get('email') || null;
  if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    throw new Error(`e-mail "${email}" non valida`);
  }
  const luogo = get('luogo');
  const street = luogo ? findStreets(luogo.toLowerCase())[0] : undefined;
  const refsText = get('riferimenti');
  const references: Reference[] = refsText
    ? findReferences(refsText).map((r) => ({ kind: r.kind, number: r.number }))
    : [];
  if (refsText && references.length === 0) references.push({ kind: 'altro', number: refsText });
  return {
    legacyNumber,
    receivedAt,
    state,
    note: get('note') || null,
    fields: {
      channel,
      subject: `Registro precedente n. ${legacyNumber}`,
      description: luogo ? `Luogo: ${luogo}` : '',
      eventType,
      window: from !== null && to !== null ? { from, to } : null,
      place: luogo
        ? {
            text: luogo,
            street: street?.street ?? null,
            number: street?.number ?? null,
            crossStreet: null,
            landmark: null,
            lat: null,
            lon: null,
          }
        : null,
      references,
      requester: {
        name: get('richiedente') || null,
        email,
        rank: null,
        badge: null,
        unit: get('ente') || null,
        phone: get('telefono') || null,
        type,
      },
      urgent: false,
      parse: null,
    },
  };
}
