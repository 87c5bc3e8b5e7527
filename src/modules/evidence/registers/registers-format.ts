import { romeHuman } from '../rome-time.js';
import type { ExtractionEntry, ViewingEntry } from './registers.schemas.js';

// Italian wording shared by the PDF and the CSV of the registers.

export const STATUS_LABEL: Record<ExtractionEntry['status'], string> = {
  queued: 'in coda',
  running: 'in corso',
  done: 'registrata',
  failed: 'non riuscita',
};

export const VIEWING_LABEL: Record<ViewingEntry['kind'], string> = {
  evidence_view: 'consultazione reperto',
  evidence_download: 'scaricamento reperto',
  playback: 'riproduzione registrazioni',
  bodycam_view: 'visione ripresa bodycam',
  bodycam_download: 'scaricamento ripresa bodycam',
};

/** `23/11/2026 09:10` in Rome (the registers need no seconds but for the access time). */
export const romeMinute = (ms: number): string => romeHuman(ms).slice(0, 16);

/** `23/11/2026 09:10 – 09:40`, or both dates when the window spans midnight. */
export function windowLabel(from: number | null, to: number | null): string {
  if (from === null) return '';
  if (to === null) return `dal ${romeHuman(from)}`;
  const a = romeHuman(from);
  const b = romeHuman(to);
  return a.slice(0, 10) === b.slice(0, 10) ? `${a} – ${b.slice(11)}` : `${a} – ${b}`;
}

/** The period of a register: the end is excluded, so it prints the instant before it. */
export function rangeLabel(from: number, to: number): string {
  return `dal ${romeHuman(from)} al ${romeHuman(to - 1000)}`;
}

export const megabytes = (bytes: number): string =>
  `${(bytes / 1024 / 1024).toLocaleString('it-IT', { maximumFractionDigits: 1, minimumFractionDigits: 1 })} MB`;

/** `3 file: 1 clip, 2 originali, 6 documenti`. */
export function filesLabel(e: ExtractionEntry): string {
  const n = e.clips + e.originals + e.documents;
  if (n === 0) return '';
  return `${n} file: ${e.clips} clip, ${e.originals} originali, ${e.documents} documenti`;
}

export function retentionLabel(e: ExtractionEntry): string {
  if (e.status !== 'done') return '';
  const parts: string[] = [];
  if (e.legalHold) parts.push(`blocco legale${e.legalHoldReason ? `: ${e.legalHoldReason}` : ''}`);
  parts.push(
    e.retainUntil
      ? `conservare fino al ${romeHuman(e.retainUntil).slice(0, 10)}`
      : 'conservazione ordinaria',
  );
  return parts.join('; ');
}

export function statusLabel(e: ExtractionEntry): string {
  const base = STATUS_LABEL[e.status];
  if (e.status === 'failed' && e.error) return `${base}: ${e.error}`;
  return e.attempts > 1 ? `${base} (${e.attempts} tentativi)` : base;
}

export const requestLabel = (requestNumber: string | null, caseRef: string | null): string =>
  [requestNumber, caseRef].filter((x): x is string => Boolean(x)).join(' / ');
