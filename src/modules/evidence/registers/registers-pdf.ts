import {
  createPdfDocument,
  numberPages,
  type PdfDocument,
} from '../../../platform/pdf/pdf-document.js';
import { drawTable, type PdfColumn } from '../../../platform/pdf/pdf-table.js';
import { romeHuman } from '../rome-time.js';
import {
  VIEWING_LABEL,
  filesLabel,
  megabytes,
  rangeLabel,
  requestLabel,
  retentionLabel,
  romeMinute,
  statusLabel,
  windowLabel,
} from './registers-format.js';
import type {
  ExtractionEntry,
  RegisterKind,
  RegisterMeta,
  ViewingEntry,
} from './registers.schemas.js';

const TITLE: Record<RegisterKind, string> = {
  extractions: 'Registro delle estrazioni di immagini',
  viewings: 'Registro degli accessi alle immagini',
};

const clip = (s: string | null, max = 300) =>
  !s ? '' : s.length > max ? `${s.slice(0, max - 1)}…` : s;

const EXTRACTION_COLUMNS: PdfColumn[] = [
  { header: 'N. e data', weight: 10 },
  { header: 'Telecamera', weight: 10 },
  { header: 'Periodo (ora di Roma)', weight: 12 },
  { header: 'Operatore', weight: 8 },
  { header: 'Motivo', weight: 14 },
  { header: 'Richiesta / fascicolo', weight: 9 },
  { header: 'File e impronta SHA-256 del manifest', weight: 13, fontSize: 6.5 },
  { header: 'Stato', weight: 8 },
  { header: 'Conservazione', weight: 9 },
];

const VIEWING_COLUMNS: PdfColumn[] = [
  { header: 'Data e ora', weight: 8 },
  { header: 'Utente (IP)', weight: 9 },
  { header: 'Tipo di accesso', weight: 9 },
  { header: 'Reperto / telecamera', weight: 12 },
  { header: 'Periodo delle immagini', weight: 12 },
  { header: 'Motivo', weight: 16 },
  { header: 'Richiesta / fascicolo', weight: 9 },
  { header: 'Dettagli', weight: 11 },
];

function extractionCells(e: ExtractionEntry): string[] {
  const effective =
    e.actualFrom !== null && e.actualTo !== null && (e.actualFrom !== e.from || e.actualTo !== e.to)
      ? `\neffettivo: ${windowLabel(e.actualFrom, e.actualTo)}`
      : '';
  const files =
    e.status === 'done'
      ? `${filesLabel(e)}; ${megabytes(e.totalBytes)}\n${e.manifestSha256 ?? ''}`
      : 'nessun file registrato';
  return [
    `${e.number}\n${romeMinute(e.createdAt)}`,
    `${e.cameraCode}\n${e.cameraName}`,
    `${windowLabel(e.from, e.to)}${effective}`,
    `${e.operatorName}\n(${e.operatorUsername})`,
    clip(e.reason),
    requestLabel(e.requestNumber, e.caseRef),
    files,
    clip(statusLabel(e), 200),
    clip(retentionLabel(e), 200),
  ];
}

function viewingCells(v: ViewingEntry): string[] {
  return [
    romeHuman(v.at),
    `${v.username}${v.ip ? `\n${v.ip}` : ''}`,
    VIEWING_LABEL[v.kind],
    `${v.evidenceNumber ? `${v.evidenceNumber}\n` : ''}${v.cameraCode}${v.cameraName ? ` ${v.cameraName}` : ''}`,
    windowLabel(v.from, v.to),
    clip(v.reason),
    clip(v.caseRef, 120),
    clip(v.detail, 200),
  ];
}

function heading(doc: PdfDocument, kind: RegisterKind, meta: RegisterMeta): void {
  doc.font('bold').fontSize(9).text('POLIZIA LOCALE — CENTRALE OPERATIVA', { align: 'center' });
  doc.moveDown(0.2).fontSize(14).text(TITLE[kind].toUpperCase(), { align: 'center' });
  doc
    .moveDown(0.2)
    .font('regular')
    .fontSize(9)
    .text(`Periodo: ${rangeLabel(meta.from, meta.to)} (ora di Roma)`, { align: 'center' })
    .text(`Estratto il ${romeHuman(meta.generatedAt)} da ${meta.generatedBy}`, {
      align: 'center',
    });
  doc.moveDown(0.6);
}

function extractionTotals(rows: readonly ExtractionEntry[]): string[] {
  const count = (s: ExtractionEntry['status']) => rows.filter((r) => r.status === s).length;
  const done = count('done');
  const bytes = rows.reduce((n, r) => n + (r.status === 'done' ? r.totalBytes : 0), 0);
  const ratio = rows.length === 0 ? '—' : `${Math.round((done / rows.length) * 1000) / 10} %`;
  return [
    `Acquisizioni nel periodo: ${rows.length}; registrate come reperto: ${done}; non riuscite: ${count('failed')}; in corso o in coda: ${count('running') + count('queued')}.`,
    `Dimensione complessiva dei reperti registrati: ${megabytes(bytes)}.`,
    `Indicatore acquisizioni registrate / acquisizioni: ${ratio}.`,
    'Ogni reperto registrato è verificabile con il proprio manifest firmato (manifest.json, manifest.sig) e il file SHA256SUMS.',
  ];
}

function viewingTotals(rows: readonly ViewingEntry[]): string[] {
  const by = (k: ViewingEntry['kind']) => rows.filter((r) => r.kind === k).length;
  const users = new Set(rows.map((r) => r.username)).size;
  return [
    `Accessi nel periodo: ${rows.length} (consultazioni di reperti: ${by('evidence_view')}; scaricamenti di reperti: ${by('evidence_download')}; riproduzioni di registrazioni: ${by('playback')}; visioni e scaricamenti di riprese bodycam: ${by('bodycam_view') + by('bodycam_download')}), da ${users} ${users === 1 ? 'utente' : 'utenti'}.`,
    'Fonte: catena di custodia dei reperti e registro di controllo (audit) a catena di hash; ogni accesso vi è registrato con motivo.',
  ];
}

/** A register as a landscape A4 PDF in Italian, the table's header repeated on every page. */
export function renderRegisterPdf(
  kind: RegisterKind,
  rows: ReadonlyArray<ExtractionEntry | ViewingEntry>,
  meta: RegisterMeta,
): Promise<Buffer> {
  const doc = createPdfDocument({
    title: `${TITLE[kind]} ${rangeLabel(meta.from, meta.to)}`,
    author: 'Vedetta',
    subject: TITLE[kind],
    layout: 'landscape',
    margin: 36,
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  heading(doc, kind, meta);
  const cells =
    kind === 'extractions'
      ? (rows as ExtractionEntry[]).map(extractionCells)
      : (rows as ViewingEntry[]).map(viewingCells);
  const columns = kind === 'extractions' ? EXTRACTION_COLUMNS : VIEWING_COLUMNS;
  const emptyText =
    kind === 'extractions' ? 'Nessuna acquisizione nel periodo.' : 'Nessun accesso nel periodo.';
  drawTable(doc, columns, cells, { emptyText });
  const totals =
    kind === 'extractions'
      ? extractionTotals(rows as ExtractionEntry[])
      : viewingTotals(rows as ViewingEntry[]);
  if (doc.y > doc.page.height - doc.page.margins.bottom - 110) doc.addPage();
  doc.moveDown(0.8).font('bold').fontSize(10).text('Totali');
  doc.font('regular').fontSize(8.5);
  for (const line of totals) doc.text(line);
  doc.moveDown(1.5).text('Il responsabile ____________________________________', {
    align: 'right',
  });
  const footer = `${TITLE[kind]} ${rangeLabel(meta.from, meta.to)}`;
  numberPages(doc, (n, of) => `${footer} — pagina ${n} di ${of}`);
  doc.end();
  return done;
}
