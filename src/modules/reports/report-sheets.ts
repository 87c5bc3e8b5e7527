import { romeStamp } from './period.js';
import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';
import { csvCell } from '../../platform/csv.js';
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

let excelJs: Promise<typeof ExcelJS> | null = null;

/**
 * exceljs weighs about 29 MB of resident memory once loaded: it is imported with the first
 * spreadsheet (and kept), so that a server that builds no report does not carry it.
 */
function loadExcelJs(): Promise<typeof ExcelJS> {
  if (!excelJs) {
    excelJs = import('exceljs').then((m) => m.default);
    excelJs.catch(() => {
      excelJs = null; // a failed load is retried by the next spreadsheet
    });
  }
  return excelJs;
}

/** The KPI sheet's name and columns: the seeded-month test reads them back. */
export const KPI_SHEET = 'Indicatori';
export const ROWS_SHEET = 'Richieste';

const when = (ms: number | null) => (ms === null ? '' : romeStamp(ms).slice(0, 16));

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

type Sheet = ReturnType<ExcelJS.stream.xlsx.WorkbookWriter['addWorksheet']>;

/** A sheet of the streamed workbook: column widths first, then rows written as they come. */
function sheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, widths: number[]): Sheet {
  const ws = wb.addWorksheet(name);
  ws.columns = widths.map((width) => ({ width }));
  return ws;
}

function header(ws: Sheet, title: string, data: ReportData): void {
  const k = data.kpis;
  const t = ws.addRow([title]);
  t.font = { bold: true, size: 13, color: { argb: 'FF003366' } };
  t.commit();
  ws.addRow([
    `Periodo: ${k.period.label}`,
    k.unit ? `Reparto: ${k.unit}` : 'Tutti i reparti',
  ]).commit();
  ws.addRow([`Dati estratti il ${romeStamp(Date.parse(k.extractedAt))} (ora italiana)`]).commit();
  ws.addRow([]).commit();
}

function headRow(ws: Sheet, values: string[]): void {
  const row = ws.addRow(values);
  row.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  row.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF003366' } };
  });
  row.commit();
}

/**
 * The spreadsheet: indicators, targets, the request rows and the lists under the indicators.
 * Written with exceljs's streaming writer and inline strings: a month of 10,000 requests is
 * 150,000 cells, which the in-memory workbook builds several times slower.
 */
export async function renderReportXlsx(data: ReportData): Promise<Buffer> {
  const Excel = await loadExcelJs();
  const k = data.kpis;
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new Excel.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = 'Vedetta';
  wb.created = new Date(k.extractedAt);

  const kpi = sheet(wb, KPI_SHEET, [26, 44, 14, 10, 40]);
  header(kpi, `Rendicontazione ${k.period.label}: indicatori`, data);
  headRow(kpi, ['Sezione', 'Indicatore', 'Valore', 'Formato', 'Chiave']);
  for (const l of kpiLines(k)) {
    const row = kpi.addRow([l.section, l.label, l.value, l.format, l.key]);
    const cell = row.getCell(3);
    if (l.format === 'pct') cell.numFmt = '0.00%';
    else if (l.format === 'hours') cell.numFmt = '0.0';
    row.commit();
  }
  kpi.commit();

  const targets = sheet(wb, 'Obiettivi', [42, 14, 14, 16]);
  header(targets, 'Indicatori di sintesi e obiettivi', data);
  headRow(targets, ['Indicatore', 'Obiettivo', 'Valore', 'Esito']);
  for (const t of k.targets) {
    targets
      .addRow([
        t.label,
        t.target,
        t.value,
        t.met === null ? 'non misurabile' : t.met ? 'raggiunto' : 'non raggiunto',
      ])
      .commit();
  }
  targets.commit();

  const rows = sheet(
    wb,
    ROWS_SHEET,
    ROW_COLUMNS.map((c) => c.width),
  );
  header(rows, `Richieste ricevute: ${data.rows.length}`, data);
  headRow(
    rows,
    ROW_COLUMNS.map((c) => c.header),
  );
  for (const r of data.rows) rows.addRow(ROW_COLUMNS.map((c) => c.value(r))).commit();
  rows.commit();

  const backlog = sheet(wb, 'Arretrato', [18, 18, 18, 18, 18, 12, 10]);
  header(backlog, `Richieste aperte al ${romeStamp(Date.parse(k.asOf))}`, data);
  headRow(backlog, [
    'Numero',
    'Ricevuta il',
    'Stato',
    'Evento',
    'Scadenza filmati',
    'Ore residue',
    'Blocco',
  ]);
  for (const b of k.backlog.items) {
    backlog
      .addRow([
        b.number,
        when(Date.parse(b.receivedAt)),
        labelOf(STATE_LABELS, b.state),
        labelOf(EVENT_LABELS, b.eventType ?? 'non_indicato'),
        b.dueAt === null ? '' : when(Date.parse(b.dueAt)),
        b.hoursLeft,
        b.held ? 'sì' : 'no',
      ])
      .commit();
  }
  backlog.commit();

  const exc = sheet(wb, 'Eccezioni', [16, 18, 60, 18]);
  header(exc, 'Eccezioni', data);
  headRow(exc, ['Tipo', 'Riferimento', 'Descrizione', 'Data']);
  for (const l of k.footageLost.cases)
    exc
      .addRow([
        'Filmati persi',
        l.number,
        l.label,
        l.dueAt === null ? '' : when(Date.parse(l.dueAt)),
      ])
      .commit();
  for (const e of k.acquisitions.exceptions)
    exc.addRow(['Registrazione', e.ref, e.label, when(Date.parse(e.at))]).commit();
  exc.commit();

  const cams = sheet(wb, 'Telecamere', [14, 36, 14, 14, 18]);
  header(cams, 'Disponibilità delle telecamere', data);
  headRow(cams, ['Codice', 'Telecamera', 'Disponibilità', 'Interruzioni', 'Ore di interruzione']);
  for (const c of k.cameras.items) {
    const row = cams.addRow([c.code, c.name, c.uptime, c.gaps, c.gapHours]);
    row.getCell(3).numFmt = '0.00%';
    row.commit();
  }
  cams.commit();

  await wb.commit();
  await ended;
  return Buffer.concat(chunks);
}

/**
 * The request rows as CSV for Italian spreadsheets: `;` separated, UTF-8 with BOM, Italian
 * decimals; the last column repeats when the data was extracted.
 */
export function renderReportCsv(data: ReportData): Buffer {
  const extracted = romeStamp(Date.parse(data.kpis.extractedAt));
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
