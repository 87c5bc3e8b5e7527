import { EVENT_TYPES, REQUESTER_TYPES } from '../requests/intake/parsed-request.schema.js';
import { CHANNELS, NEGATIVE_REASONS, REQUEST_STATES } from '../requests/requests.schemas.js';

// Italian labels of the report, the same words as the web app's requests pages.

export const CHANNEL_LABELS: Record<(typeof CHANNELS)[number], string> = {
  email: 'E-mail',
  pec: 'PEC',
  form: 'Modulo web',
  phone: 'Telefono',
  paper: 'Cartaceo',
  in_person: 'Di persona',
  legacy_import: 'Registro precedente',
};

export const NO_EVENT_TYPE = 'non_indicato';

export const EVENT_LABELS: Record<(typeof EVENT_TYPES)[number] | typeof NO_EVENT_TYPE, string> = {
  sinistro_stradale: 'Sinistro stradale',
  danneggiamento: 'Danneggiamento',
  furto: 'Furto',
  aggressione: 'Aggressione',
  altro: 'Altro',
  non_indicato: 'Non indicato',
};

export const REQUESTER_LABELS: Record<(typeof REQUESTER_TYPES)[number], string> = {
  officer: 'Agente del Corpo',
  other_force: 'Altra forza di polizia',
  judicial_authority: 'Autorità giudiziaria',
  lawyer: 'Avvocato',
  citizen: 'Cittadino',
};

export const NEGATIVE_REASON_LABELS: Record<(typeof NEGATIVE_REASONS)[number], string> = {
  no_camera: 'Nessuna telecamera inquadra il luogo',
  camera_offline: 'Telecamera non funzionante',
  footage_expired: 'Immagini già cancellate',
  not_entitled: 'Richiedente non legittimato',
  other: 'Altro motivo',
};

export const STATE_LABELS: Record<(typeof REQUEST_STATES)[number], string> = {
  ricevuta: 'Ricevuta',
  in_lavorazione: 'In lavorazione',
  evasa: 'Evasa',
  negativa: 'Negativa',
  annullata: 'Annullata',
  unita: 'Unita ad altra',
};

export const CHANNEL_KEYS = CHANNELS;
export const EVENT_KEYS = [...EVENT_TYPES, NO_EVENT_TYPE] as const;
export const REQUESTER_KEYS = REQUESTER_TYPES;
export const NEGATIVE_KEYS = NEGATIVE_REASONS;

/** A label for any key of a map, the key itself when unknown (a value from a newer version). */
export function labelOf(map: Record<string, string>, key: string | null | undefined): string {
  if (key === null || key === undefined) return '—';
  return map[key] ?? key;
}
