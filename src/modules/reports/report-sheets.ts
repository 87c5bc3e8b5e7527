import ExcelJS from 'exceljs';
import { csvCell } from '../../platform/csv.js';
import { romeHuman } from '../evidence/rome-time.js';
import { fmtHours, kpiLines } from './kpi-lines.js';
import {
  CHANNEL_LABELS,
  EVENT_LABELS,
  NEGATIVE_REASON_LABELS,
  REQUESTER_LABELS,
  STATE_LABELS,
  labelOf,
} from './labels.js';
import type { ReportData, ReportRow } from './report-data.js';

/** The KPI sheet's name and columns: the seeded-month test reads them back. */
export const KPI_SHEET = 'Indicatori';
export const ROWS_SHEET = 'Richieste';

const when = (ms: number | null) => (ms === null ? '' : romeHuman(ms).slice(0, 16));

/** The request rows' columns, shared by the XLSX sheet and the CSV file. */
const ROW_COLUMNS: Array<{
  header: string;
  key: string;
  width: number;
  value: (r: ReportRow) => string | number | null;
  /** The CSV's text form where it differs from the XLSX value (Italian decimals). */
  csv?: (r: ReportRow) => string;
}> = [
  { header: 'Numero', key: 'numero', width: 17, value: (r) => r.number },
  { header: 'Ricevuta il', key: 'ricevuta_il', width: 17, value: (r) => when(r.receivedAt) },
  { header: 'Canale', key: 'canale', width: 16, value: (r) => labelOf(CHANNEL_LABELS, r.channel) },
  {
    header: 'Tipo di evento',
    key: 'tipo_evento',
    width: 18,
    value: (r) => labelOf(EVENT_LABELS, r.eventType ?? 'non_indicato'),
  },
  {
    header: 'Richiedente',
    key: 'richiedente',
    width: 20,
    value: (r) => labelOf(REQUESTER_LABELS, r.requesterType),
  },
  { header: 'Reparto', key: 'reparto', width: 24, value: (r) => r.unit ?? '' },
  { header: 'Esito', key: 'esito', width: 14, value: (r) => labelOf(STATE_LABELS, r.state) },
  {
    header: 'Motivo negativa',
    key: 'motivo_negativa',
    width: 30,
    value: (r) =>
      r.state === 'negativa' ? labelOf(NEGATIVE_REASON_LABELS, r.negativeReason ?? 'other') : '',
  },
  { header: 'Nota', key: 'nota', width: 30, value: (r) => r.stateReason ?? '' },
  { header: 'Chiusa il', key: 'chiusa_il', width: 17, value: (r) => when(r.closedAt) },
  { header: 'Acquisita il', key: 'acquisita_il', width: 17, value: (r) => when(r.acquiredAt) },
  { header: 'Reperto', key: 'reperto', width: 17, value: (r) => r.evidenceNumber ?? '' },
  {
    header: 'Ore ricezione → acquisizione',
    key: 'ore_evasione',
    width: 14,
    value: (r) => r.turnaroundHours,
    csv: (r) => (r.turnaroundHours === null ? '' : fmtHours(r.turnaroundHours)),
  },
  { header: 'Scadenza filmati', key: 'scadenza_filmati', width: 17, value: (r) => when(r.dueAt) },
  {
    header: 'Filmati persi',
    key: 'filmati_persi',
    width: 10,
    value: (r) => (r.lost ? 'sì' : 'no'),
  },
];

function header(ws: ExcelJS.Worksheet, title: string, data: ReportData): void {
  const k = data.kpis;
  ws.addRow([title]).font = { bold: true, size: 13, color: { argb: 'FF003366' } };
  ws.addRow([`Periodo: ${k.period.label}`, k.unit ? `Reparto: ${k.unit}` : 'Tutti i reparti']);
  ws.addRow([`Dati estratti il ${romeHuman(Date.parse(k.extractedAt))} (ora italiana)`]);
  ws.addRow([]);
}

function headRow(row: ExcelJS.Row): void {
  row.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  row.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF003366' } };
  });
}

/** The spreadsheet: indicators, targets, the request rows and the lists under the indicators. */
export async function renderReportXlsx(data: ReportData): Promise<Buffer> {
  const k = data.kpis;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Vedetta';
  wb.created = new Date(k.extractedAt);

  const kpi = wb.addWorksheet(KPI_SHEET);
  header(kpi, `Rendicontazione ${k.period.label}: indicatori`, data);
  headRow(kpi.addRow(['Sezione', 'Indicatore', 'Valore', 'Formato', 'Chiave']));
  for (const l of kpiLines(k)) {
    const row = kpi.addRow([l.section, l.label, l.value, l.format, l.key]);
    const cell = row.getCell(3);
    if (l.format === 'pct') cell.numFmt = '0.00%';
    else if (l.format === 'hours') cell.numFmt = '0.0';
  }
  kpi.columns.forEach((c, i) => (c.width = [26, 44, 14, 10, 40][i] ?? 12));

  const targets = wb.addWorksheet('Obiettivi');
  header(targets, 'Indicatori di sintesi e obiettivi', data);
  headRow(targets.addRow(['Indicatore', 'Obiettivo', 'Valore', 'Esito']));
  for (const t of k.targets) {
    targets.addRow([
      t.label,
      t.target,
      t.value,
      t.met === null ? 'non misurabile' : t.met ? 'raggiunto' : 'non raggiunto',
    ]);
  }
  targets.columns.forEach((c, i) => (c.width = [42, 14, 14, 16][i] ?? 12));

  const rows = wb.addWorksheet(ROWS_SHEET);
  header(rows, `Richieste ricevute: ${data.rows.length}`, data);
  headRow(rows.addRow(ROW_COLUMNS.map((c) => c.header)));
  for (const r of data.rows) rows.addRow(ROW_COLUMNS.map((c) => c.value(r)));
  rows.columns.forEach((c, i) => (c.width = ROW_COLUMNS[i]?.width ?? 12));
  rows.views = [{ state: 'frozen', ySplit: 5 }];

  const backlog = wb.addWorksheet('Arretrato');
  header(backlog, `Richieste aperte al ${romeHuman(Date.parse(k.asOf))}`, data);
  headRow(
    backlog.addRow([
      'Numero',
      'Ricevuta il',
      'Stato',
      'Evento',
      'Scadenza filmati',
      'Ore residue',
      'Blocco',
    ]),
  );
  for (const b of k.backlog.items) {
    backlog.addRow([
      b.number,
      when(Date.parse(b.receivedAt)),
      labelOf(STATE_LABELS, b.state),
      labelOf(EVENT_LABELS, b.eventType ?? 'non_indicato'),
      b.dueAt === null ? '' : when(Date.parse(b.dueAt)),
      b.hoursLeft,
      b.held ? 'sì' : 'no',
    ]);
  }
  backlog.columns.forEach((c) => (c.width = 18));

  const exc = wb.addWorksheet('Eccezioni');
  header(exc, 'Eccezioni', data);
  headRow(exc.addRow(['Tipo', 'Riferimento', 'Descrizione', 'Data']));
  for (const l of k.footageLost.cases)
    exc.addRow([
      'Filmati persi',
      l.number,
      l.label,
      l.dueAt === null ? '' : when(Date.parse(l.dueAt)),
    ]);
  for (const e of k.acquisitions.exceptions)
    exc.addRow(['Registrazione', e.ref, e.label, when(Date.parse(e.at))]);
  exc.columns.forEach((c, i) => (c.width = [16, 18, 60, 18][i] ?? 12));

  const cams = wb.addWorksheet('Telecamere');
  header(cams, 'Disponibilità delle telecamere', data);
  headRow(
    cams.addRow(['Codice', 'Telecamera', 'Disponibilità', 'Interruzioni', 'Ore di interruzione']),
  );
  for (const c of k.cameras.items) {
    const row = cams.addRow([c.code, c.name, c.uptime, c.gaps, c.gapHours]);
    row.getCell(3).numFmt = '0.00%';
  }
  cams.columns.forEach((c, i) => (c.width = [14, 36, 14, 14, 18][i] ?? 12));

  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out);
}

/**
 * The request rows as CSV for Italian spreadsheets: `;` separated, UTF-8 with BOM, Italian
 * decimals; the last column repeats when the data was extracted.
 */
export function renderReportCsv(data: ReportData): Buffer {
  const extracted = romeHuman(Date.parse(data.kpis.extractedAt));
  const line = (cells: unknown[]) => cells.map(csvCell).join(';') + '\r\n';
  const parts = [
    '\uFEFF',
    line([...ROW_COLUMNS.map((c) => c.key), 'dati_estratti_il']),
    ...data.rows.map((r) =>
      line([...ROW_COLUMNS.map((c) => (c.csv ? c.csv(r) : (c.value(r) ?? ''))), extracted]),
    ),
  ];
  return Buffer.from(parts.join(''), 'utf8');
}
