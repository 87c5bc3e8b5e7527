import type { OkJson } from '../../api/types';
import type { paths } from '../../api/schema';
import { DAY, HOUR, MINUTE, SECOND, formatClock } from '../../components/timeline/rome';

export type QueueAnswer = OkJson<paths['/api/requests/queue']['get']>;
export type RequestSummary = QueueAnswer['items'][number];
export type RequestDetail = OkJson<paths['/api/requests/{id}']['get']>;
export type RequestState = RequestSummary['state'];
export type NegativeReason = NonNullable<RequestSummary['negativeReason']>;
export type ParsedField = NonNullable<RequestDetail['parse']>['spans'][number]['field'];

export const STATE_COLORS: Record<RequestState, string> = {
  ricevuta: 'primary',
  in_lavorazione: 'warning',
  evasa: 'success',
  negativa: 'danger',
  annullata: 'secondary',
  unita: 'secondary',
};

/** Which state may follow which (as the server's lifecycle; the others are final). */
export const NEXT_STATES: Record<RequestState, readonly RequestState[]> = {
  ricevuta: ['in_lavorazione', 'negativa', 'annullata', 'unita'],
  in_lavorazione: ['ricevuta', 'evasa', 'negativa', 'annullata', 'unita'],
  evasa: [],
  negativa: [],
  annullata: [],
  unita: [],
};

export const NEGATIVE_REASONS: readonly NegativeReason[] = [
  'no_camera',
  'camera_offline',
  'footage_expired',
  'not_entitled',
  'other',
];

const pad = (n: number) => String(n).padStart(2, '0');

/** "03 g 05:12:09"; null when the time is past. */
export function formatCountdown(ms: number): string | null {
  if (ms <= 0) return null;
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  const seconds = Math.floor((ms % MINUTE) / SECOND);
  return `${pad(days)} g ${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
}

export const clock = (iso: string | null | undefined): string =>
  iso ? formatClock(Date.parse(iso)) : '';

/** "14/11/2026 18:10 – 18:40" (Europe/Rome); the day is repeated when the window crosses it. */
export function formatWindow(window: { from: string; to: string } | null): string | null {
  if (!window) return null;
  const from = formatClock(Date.parse(window.from)).slice(0, 16);
  const to = formatClock(Date.parse(window.to)).slice(0, 16);
  return from.slice(0, 10) === to.slice(0, 10) ? `${from} – ${to.slice(11)}` : `${from} – ${to}`;
}

/** The place as one line: the text read, or street, number and cross street. */
export function formatPlace(place: RequestSummary['place']): string | null {
  if (place.text) return place.text;
  const street = [place.street, place.number].filter(Boolean).join(' ');
  const parts = [street, place.crossStreet, place.landmark].filter(Boolean);
  return parts.length > 0 ? parts.join(' / ') : null;
}
