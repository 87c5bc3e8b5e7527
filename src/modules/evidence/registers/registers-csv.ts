import { csvCell } from '../../../platform/csv.js';
import { romeHuman } from '../rome-time.js';
import {
  STATUS_LABEL,
  VIEWING_LABEL,
  filesLabel,
  requestLabel,
  retentionLabel,
} from './registers-format.js';
import type { ExtractionEntry, RegisterKind, ViewingEntry } from './registers.schemas.js';

const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());
const rome = (ms: number | null) => (ms === null ? '' : romeHuman(ms));

const EXTRACTION_COLUMNS: Array<[string, (e: ExtractionEntry) => unknown]> = [
  ['numero', (e) => e.number],
  ['data_ora', (e) => rome(e.createdAt)],
  ['data_ora_utc', (e) => iso(e.createdAt)],
  ['telecamera', (e) => e.cameraCode],
  ['denominazione', (e) => e.cameraName],
  ['periodo_richiesto_dal', (e) => rome(e.from)],
  ['periodo_richiesto_al', (e) => rome(e.to)],
  ['periodo_effettivo_dal', (e) => rome(e.actualFrom)],
  ['periodo_effettivo_al', (e) => rome(e.actualTo)],
  ['operatore', (e) => e.operatorName],
  ['utente', (e) => e.operatorUsername],
  ['motivo', (e) => e.reason],
  ['richiesta', (e) => e.requestNumber],
  ['fascicolo', (e) => e.caseRef],
  ['file', (e) => filesLabel(e)],
  ['byte', (e) => (e.status === 'done' ? e.totalBytes : '')],
  ['sha256_manifest', (e) => e.manifestSha256],
  ['stato', (e) => STATUS_LABEL[e.status]],
  ['tentativi', (e) => e.attempts],
  ['errore', (e) => e.error],
  ['conservazione', (e) => retentionLabel(e)],
];

const VIEWING_COLUMNS: Array<[string, (v: ViewingEntry) => unknown]> = [
  ['data_ora', (v) => rome(v.at)],
  ['data_ora_utc', (v) => iso(v.at)],
  ['utente', (v) => v.username],
  ['ip', (v) => v.ip],
  ['tipo', (v) => VIEWING_LABEL[v.kind]],
  ['azione', (v) => v.action],
  ['reperto', (v) => v.evidenceNumber],
  ['telecamera', (v) => v.cameraCode],
  ['denominazione', (v) => v.cameraName],
  ['periodo_dal', (v) => rome(v.from)],
  ['periodo_al', (v) => rome(v.to)],
  ['motivo', (v) => v.reason],
  ['richiesta_fascicolo', (v) => requestLabel(null, v.caseRef)],
  ['dettagli', (v) => v.detail],
];

/** One `;`-separated row (Italian spreadsheets), CRLF, cells quoted and formula-safe. */
const row = (cells: readonly unknown[]) => cells.map(csvCell).join(';') + '\r\n';

/** A register as CSV: UTF-8 with BOM (so that spreadsheet programs read the accents), `;`. */
export function registerCsv(
  kind: RegisterKind,
  rows: ReadonlyArray<ExtractionEntry | ViewingEntry>,
): string {
  const columns = (kind === 'extractions' ? EXTRACTION_COLUMNS : VIEWING_COLUMNS) as Array<
    [string, (r: ExtractionEntry | ViewingEntry) => unknown]
  >;
  let out = '\uFEFF' + row(columns.map(([name]) => name));
  for (const r of rows) out += row(columns.map(([, get]) => get(r)));
  return out;
}
