import { romeStamp } from './period.js';
import {
  createPdfDocument,
  numberPages,
  type PdfDocument,
} from '../../platform/pdf/pdf-document.js';
import { fmtHours, fmtInt, fmtPct, formatValue, kpiLines } from './kpi-lines.js';
import {
  CHANNEL_LABELS,
  EVENT_LABELS,
  NEGATIVE_REASON_LABELS,
  REQUESTER_LABELS,
  STATE_LABELS,
  labelOf,
} from './labels.js';
import {
  COLORS,
  contentWidth,
  ensureSpace,
  horizontalBars,
  keyValueTable,
  paragraph,
  sectionTitle,
  splitBar,
  subTitle,
  table,
  useDirectGlyphLayout,
  verticalBars,
  type Cell,
} from './report-pdf-kit.js';
import type { ReportData } from './report-data.js';

export interface ReportPdfMeta {
  /** "Polizia Locale di Reggio Emilia" */
  corps: string;
  /** "Vedetta (generazione automatica)" or the user who asked. */
  producedBy: string;
  kind: 'monthly' | 'on_demand';
}

const day = (ms: number) => romeStamp(ms).slice(0, 10);
const minute = (ms: number) => romeStamp(ms).slice(0, 16);
const isoMinute = (iso: string | null) => (iso === null ? '—' : minute(Date.parse(iso)));

function cover(doc: PdfDocument, data: ReportData, meta: ReportPdfMeta): void {
  const k = data.kpis;
  const x = doc.page.margins.left;
  const w = contentWidth(doc);
  doc.rect(0, 0, doc.page.width, 150).fill(COLORS.navy);
  doc
    .font('bold')
    .fontSize(11)
    .fillColor('#FFFFFF')
    .text(meta.corps.toUpperCase(), x, 48, { width: w });
  doc
    .font('regular')
    .fontSize(9.5)
    .text('Centrale operativa — Sistema di videosorveglianza cittadina', x, 66, { width: w });
  doc.rect(x, 100, 60, 3).fill('#FFFFFF');

  doc
    .font('bold')
    .fontSize(26)
    .fillColor(COLORS.navy)
    .text(k.period.month ? 'Rendicontazione mensile' : 'Rendicontazione del periodo', x, 200, {
      width: w,
    });
  doc.font('regular').fontSize(18).fillColor(COLORS.blue).text(k.period.label, { width: w });
  doc
    .moveDown(0.4)
    .fontSize(10.5)
    .fillColor(COLORS.text)
    .text(
      'Richieste di acquisizione immagini, acquisizioni e registrazione dei reperti, ' +
        'conservazione dei filmati, telecamere e bodycam.',
      { width: w },
    );

  const boxY = 330;
  doc.rect(x, boxY, w, 92).lineWidth(0.8).strokeColor(COLORS.rule).stroke();
  const line = (label: string, value: string, i: number) => {
    doc
      .font('bold')
      .fontSize(9)
      .fillColor(COLORS.grey)
      .text(label, x + 14, boxY + 12 + i * 17, { width: 150, lineBreak: false });
    doc
      .font('regular')
      .fillColor(COLORS.text)
      .text(value, x + 170, boxY + 12 + i * 17, { width: w - 184, lineBreak: false });
  };
  const to = Date.parse(k.period.to) - 1;
  line('Periodo', `dal ${day(Date.parse(k.period.from))} al ${day(to)}`, 0);
  line('Reparto richiedente', k.unit ?? 'tutti i reparti', 1);
  line('Dati estratti il', `${romeStamp(Date.parse(k.extractedAt))} (ora italiana)`, 2);
  line('Prodotto da', meta.producedBy, 3);

  // Four figures at a glance.
  const tiles: Array<{ label: string; value: string; color: string }> = [
    { label: 'Richieste ricevute', value: fmtInt(k.requests.received), color: COLORS.blue },
    { label: 'Richieste evase', value: fmtInt(k.outcomes.evasa), color: COLORS.green },
    {
      label: 'Tempo mediano (ore)',
      value: fmtHours(k.turnaround.medianHours),
      color: COLORS.navy,
    },
    {
      label: 'Filmati persi per scadenza',
      value: fmtInt(k.footageLost.count),
      color: k.footageLost.count === 0 ? COLORS.green : COLORS.red,
    },
  ];
  const tileW = (w - 3 * 10) / 4;
  tiles.forEach((t, i) => {
    const tx = x + i * (tileW + 10);
    const ty = 450;
    doc.rect(tx, ty, tileW, 74).fill(COLORS.zebra);
    doc.rect(tx, ty, tileW, 4).fill(t.color);
    doc
      .font('bold')
      .fontSize(22)
      .fillColor(t.color)
      .text(t.value, tx, ty + 16, { width: tileW, align: 'center', lineBreak: false });
    doc
      .font('regular')
      .fontSize(8)
      .fillColor(COLORS.text)
      .text(t.label, tx + 4, ty + 50, { width: tileW - 8, align: 'center', lineBreak: false });
  });

  doc.font('bold').fontSize(10).fillColor(COLORS.navy).text('Contenuto', x, 560, { width: w });
  const toc = [
    '1. Sintesi: indicatori e obiettivi',
    '2. Grafici',
    '3. Tabelle di dettaglio',
    '4. Elenco delle richieste ricevute con l’esito',
    '5. Richieste con esito negativo e motivi',
    '6. Eccezioni',
  ];
  doc.font('regular').fontSize(9.5).fillColor(COLORS.text);
  for (const t of toc) doc.text(t, x + 8, doc.y + 3, { width: w - 8 });
  doc
    .fontSize(8)
    .fillColor(COLORS.grey)
    .text(
      'Tutti i numeri di questo documento provengono dalla stessa estrazione dei dati del ' +
        'cruscotto e del foglio di calcolo allegato (XLSX/CSV). Le date sono in ora italiana.',
      x,
      740,
      { width: w },
    );
}

function summary(doc: PdfDocument, data: ReportData): void {
  const k = data.kpis;
  doc.addPage();
  sectionTitle(doc, '1. Sintesi: indicatori e obiettivi');
  table(
    doc,
    [
      { header: 'Indicatore', width: 0.46 },
      { header: 'Obiettivo', width: 0.18, align: 'right' },
      { header: 'Valore', width: 0.18, align: 'right' },
      { header: 'Esito', width: 0.18, align: 'center' },
    ],
    k.targets.map((t) => [
      t.label,
      t.target,
      { text: t.value, bold: true },
      t.met === null
        ? { text: 'non misurabile', color: COLORS.grey }
        : t.met
          ? { text: 'raggiunto', color: COLORS.green, bold: true }
          : { text: 'non raggiunto', color: COLORS.red, bold: true },
    ]),
  );
  subTitle(doc, 'Indicatori del periodo');
  let section = '';
  const rows: Array<{ label: string; value: string; section?: boolean }> = [];
  for (const l of kpiLines(k)) {
    if (l.section !== section) {
      section = l.section;
      rows.push({ label: section, value: '', section: true });
    }
    rows.push({ label: l.label, value: formatValue(l.value, l.format) });
  }
  keyValueTable(doc, rows);
}

function charts(doc: PdfDocument, data: ReportData): void {
  const k = data.kpis;
  doc.addPage();
  sectionTitle(doc, '2. Grafici');
  const x = doc.page.margins.left;
  const w = contentWidth(doc);
  const half = (w - 24) / 2;
  let y = doc.y + 4;
  const h1 = horizontalBars(
    doc,
    'Richieste ricevute per canale',
    k.requests.byChannel.map((c) => ({ label: c.label, value: c.count })),
    { x, y, width: half, color: COLORS.blue },
  );
  const h2 = horizontalBars(
    doc,
    'Richieste ricevute per tipo di evento',
    k.requests.byEventType.map((c) => ({ label: c.label, value: c.count })),
    { x: x + half + 24, y, width: half, color: '#6F42C1' },
  );
  y += Math.max(h1, h2) + 18;
  y += splitBar(
    doc,
    'Esito delle richieste ricevute nel periodo',
    [
      { label: 'Evase', value: k.outcomes.evasa, color: COLORS.green },
      { label: 'Negative', value: k.outcomes.negativa, color: COLORS.red },
      { label: 'Aperte', value: k.outcomes.open, color: COLORS.amber },
      { label: 'Annullate', value: k.outcomes.annullata, color: COLORS.grey },
      { label: 'Unite ad altre', value: k.outcomes.unita, color: '#9AA8B6' },
    ],
    { x, y, width: w, percent: fmtPct },
  );
  y += 18;
  const h3 = verticalBars(
    doc,
    `Tempo dalla ricezione all’acquisizione (mediana ${fmtHours(k.turnaround.medianHours)} h, 90° percentile ${fmtHours(k.turnaround.p90Hours)} h)`,
    k.turnaround.buckets.map((b) => ({ label: b.label, value: b.count })),
    { x, y, width: w, height: 150, color: COLORS.navy },
  );
  y += h3 + 14;
  const h4 = horizontalBars(
    doc,
    'Richieste negative per motivo',
    k.outcomes.negativaByReason.map((c) => ({ label: c.label, value: c.count })),
    { x, y, width: half, color: COLORS.red },
  );
  const h5 = horizontalBars(
    doc,
    'Richieste per tipo di richiedente',
    k.requests.byRequesterType.map((c) => ({ label: c.label, value: c.count })),
    { x: x + half + 24, y, width: half, color: COLORS.green },
  );
  doc.x = x;
  doc.y = y + Math.max(h4, h5) + 10;
}

function details(doc: PdfDocument, data: ReportData): void {
  const k = data.kpis;
  doc.addPage();
  sectionTitle(doc, '3. Tabelle di dettaglio');
  subTitle(doc, 'Acquisizioni e registrazione dei reperti');
  paragraph(
    doc,
    `Acquisizioni concluse nel periodo (più le richieste evase senza reperto): ${fmtInt(k.acquisitions.acquisitions)}; ` +
      `registrate nel registro dei reperti: ${fmtInt(k.acquisitions.registered)} ` +
      `(${fmtPct(k.acquisitions.ratio)}, obiettivo 100%). Non riuscite: ${fmtInt(k.acquisitions.failed)}; ` +
      `in corso: ${fmtInt(k.acquisitions.inProgress)}.`,
  );

  subTitle(
    doc,
    `Arretrato al ${minute(Date.parse(k.asOf))}: ${fmtInt(k.backlog.count)} richieste aperte`,
  );
  if (k.backlog.items.length === 0) {
    paragraph(doc, 'Nessuna richiesta aperta.');
  } else {
    table(
      doc,
      [
        { header: 'Numero', width: 0.16 },
        { header: 'Ricevuta', width: 0.16 },
        { header: 'Stato', width: 0.13 },
        { header: 'Evento', width: 0.15 },
        { header: 'Scadenza filmati', width: 0.17 },
        { header: 'Ore residue', width: 0.13, align: 'right' },
        { header: 'Blocco', width: 0.1, align: 'center' },
      ],
      k.backlog.items.map((b) => [
        b.number,
        isoMinute(b.receivedAt),
        labelOf(STATE_LABELS, b.state),
        labelOf(EVENT_LABELS, b.eventType ?? 'non_indicato'),
        isoMinute(b.dueAt),
        {
          text: fmtHours(b.hoursLeft),
          ...(b.hoursLeft !== null && b.hoursLeft <= 0 && { color: COLORS.red, bold: true }),
        },
        b.held ? 'sì' : { text: 'no', color: COLORS.red },
      ]),
    );
  }

  subTitle(doc, 'Conservazione: blocchi');
  paragraph(
    doc,
    `Blocchi attivi al ${minute(Date.parse(k.asOf))}: ${fmtInt(k.holds.active)}; disposti nel periodo: ` +
      `${fmtInt(k.holds.placed)}; rilasciati nel periodo: ${fmtInt(k.holds.released)}.`,
  );

  subTitle(
    doc,
    `Telecamere: disponibilità ${fmtPct(k.cameras.uptime)}, ${fmtInt(k.cameras.gaps)} interruzioni, ${fmtHours(k.cameras.gapHours)} ore`,
  );
  if (k.cameras.items.length === 0) {
    paragraph(doc, 'Nessuna telecamera attiva nel periodo.');
  } else {
    table(
      doc,
      [
        { header: 'Codice', width: 0.16 },
        { header: 'Telecamera', width: 0.44 },
        { header: 'Disponibilità', width: 0.14, align: 'right' },
        { header: 'Interruzioni', width: 0.13, align: 'right' },
        { header: 'Ore', width: 0.13, align: 'right' },
      ],
      k.cameras.items.map((c) => [
        c.code,
        c.name,
        {
          text: fmtPct(c.uptime),
          ...(c.uptime !== null && c.uptime < 0.99 && { color: COLORS.red, bold: true }),
        },
        fmtInt(c.gaps),
        fmtHours(c.gapHours),
      ]),
    );
  }

  subTitle(doc, 'Bodycam');
  const b = k.bodycams;
  table(
    doc,
    [
      { header: 'Filmati', width: 0.12, align: 'right' },
      { header: 'Ore', width: 0.1, align: 'right' },
      { header: 'Nei termini', width: 0.13, align: 'right' },
      { header: 'In ritardo', width: 0.12, align: 'right' },
      { header: 'Scaduti', width: 0.11, align: 'right' },
      { header: 'Quota', width: 0.11, align: 'right' },
      { header: 'Visioni', width: 0.1, align: 'right' },
      { header: 'Scaric.', width: 0.1, align: 'right' },
      { header: 'Condiv.', width: 0.11, align: 'right' },
    ],
    [
      [
        fmtInt(b.clips),
        fmtHours(b.hours),
        fmtInt(b.categorizedOnTime),
        fmtInt(b.categorizedLate),
        fmtInt(b.overdue),
        fmtPct(b.onTimeShare),
        fmtInt(b.viewings),
        fmtInt(b.downloads),
        fmtInt(b.shares),
      ],
    ],
  );
}

function requestList(doc: PdfDocument, data: ReportData): void {
  doc.addPage();
  sectionTitle(doc, `4. Elenco delle richieste ricevute (${fmtInt(data.rows.length)})`);
  if (data.rows.length === 0) {
    paragraph(doc, 'Nessuna richiesta ricevuta nel periodo.');
    return;
  }
  table(
    doc,
    [
      { header: 'Numero', width: 0.155 },
      { header: 'Ricevuta', width: 0.16 },
      { header: 'Canale', width: 0.1 },
      { header: 'Evento', width: 0.125 },
      { header: 'Richiedente', width: 0.14 },
      { header: 'Reparto', width: 0.12 },
      { header: 'Esito', width: 0.135 },
      { header: 'Ore', width: 0.065, align: 'right' },
    ],
    data.rows.map((r) => [
      r.number,
      minute(r.receivedAt),
      labelOf(CHANNEL_LABELS, r.channel),
      labelOf(EVENT_LABELS, r.eventType ?? 'non_indicato'),
      labelOf(REQUESTER_LABELS, r.requesterType),
      r.unit ?? '—',
      {
        text: labelOf(STATE_LABELS, r.state),
        color:
          r.state === 'evasa'
            ? COLORS.green
            : r.state === 'negativa'
              ? COLORS.red
              : r.state === 'ricevuta' || r.state === 'in_lavorazione'
                ? COLORS.amber
                : COLORS.grey,
      },
      fmtHours(r.turnaroundHours),
    ]),
  );
}

function negatives(doc: PdfDocument, data: ReportData): void {
  const rows = data.rows.filter((r) => r.state === 'negativa');
  ensureSpace(doc, 120);
  sectionTitle(doc, `5. Richieste con esito negativo e motivi (${fmtInt(rows.length)})`);
  if (rows.length === 0) {
    paragraph(doc, 'Nessuna richiesta con esito negativo nel periodo.');
    return;
  }
  table(
    doc,
    [
      { header: 'Numero', width: 0.16 },
      { header: 'Chiusa', width: 0.13 },
      { header: 'Motivo', width: 0.3 },
      { header: 'Nota dell’operatore', width: 0.41 },
    ],
    rows.map((r) => [
      r.number,
      r.closedAt === null ? '—' : day(r.closedAt),
      labelOf(NEGATIVE_REASON_LABELS, r.negativeReason ?? 'other'),
      r.stateReason ?? '—',
    ]),
  );
}

function exceptions(doc: PdfDocument, data: ReportData): void {
  const k = data.kpis;
  ensureSpace(doc, 120);
  sectionTitle(doc, '6. Eccezioni');
  const rows: Cell[][] = [];
  for (const l of k.footageLost.cases) {
    rows.push([
      { text: 'Filmati persi', color: COLORS.red, bold: true },
      { text: l.number },
      { text: `${l.label}; scadenza ${isoMinute(l.dueAt)}` },
    ]);
  }
  for (const e of k.acquisitions.exceptions) {
    rows.push([
      { text: 'Registrazione', color: COLORS.red, bold: true },
      { text: e.ref },
      { text: `${e.label} (${isoMinute(e.at)})` },
    ]);
  }
  for (const b of k.backlog.items.filter((i) => i.hoursLeft !== null && i.hoursLeft <= 0)) {
    rows.push([
      { text: 'Arretrato', color: COLORS.amber, bold: true },
      { text: b.number },
      {
        text: `Aperta con scadenza dei filmati superata (${isoMinute(b.dueAt)})${b.held ? ', filmati bloccati' : ', senza blocco'}`,
      },
    ]);
  }
  for (const c of k.cameras.items.filter((i) => i.uptime !== null && i.uptime < 0.99)) {
    rows.push([
      { text: 'Telecamera', color: COLORS.amber, bold: true },
      { text: c.code },
      {
        text: `Disponibilità ${fmtPct(c.uptime)}: ${fmtInt(c.gaps)} interruzioni, ${fmtHours(c.gapHours)} ore`,
      },
    ]);
  }
  if (k.bodycams.overdue > 0) {
    rows.push([
      { text: 'Bodycam', color: COLORS.amber, bold: true },
      { text: fmtInt(k.bodycams.overdue) },
      { text: 'Filmati non categorizzati entro il termine del disciplinare' },
    ]);
  }
  if (rows.length === 0) {
    paragraph(doc, 'Nessuna eccezione nel periodo.');
    return;
  }
  table(
    doc,
    [
      { header: 'Tipo', width: 0.16 },
      { header: 'Riferimento', width: 0.18 },
      { header: 'Descrizione', width: 0.66 },
    ],
    rows,
  );
}

/** The report as a PDF in Italian: cover, summary against targets, charts, tables, lists. */
export function renderReportPdf(data: ReportData, meta: ReportPdfMeta): Promise<Buffer> {
  const k = data.kpis;
  const doc = createPdfDocument({
    title: `Rendicontazione ${k.period.label}`,
    author: meta.corps,
    subject: 'Rendicontazione dell’attività di videosorveglianza',
  });
  useDirectGlyphLayout(doc, ['regular', 'bold']);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  cover(doc, data, meta);
  summary(doc, data);
  charts(doc, data);
  details(doc, data);
  requestList(doc, data);
  negatives(doc, data);
  exceptions(doc, data);
  const extracted = romeStamp(Date.parse(k.extractedAt));
  numberPages(
    doc,
    (n, of) =>
      `Rendicontazione ${k.period.label} — dati estratti il ${extracted} — pagina ${n} di ${of}`,
  );
  doc.end();
  return done;
}
