import type { Readable } from 'node:stream';
import {
  createPdfDocument,
  numberPages,
  type PdfDocument,
} from '../../platform/pdf/pdf-document.js';
import { CLOCK_NOTE, EXPORT_PRECISION, type ManifestInput } from './manifest.js';
import { romeHuman } from './rome-time.js';
import { bodycamNotUsable, NOT_USABLE_ADMIN } from './bodycam-manifest.js';
import { renderBodycamSections } from './verbale-bodycam.js';

const PURPOSE_LABEL: Record<string, string> = {
  sicurezza_urbana: 'sicurezza urbana',
  viabilita: 'viabilità',
  tutela_patrimonio: 'tutela del patrimonio',
  protezione_civile: 'protezione civile',
  ambiente: 'ambiente',
};

const CAUSE_LABEL: Record<string, string> = {
  camera_offline: 'telecamera non raggiungibile',
  recorder_down: 'registratore fermo',
  disk: 'disco pieno',
  error: 'errore di registrazione',
  deleted: 'filmati cancellati',
  not_recorded: 'non registrato',
};

export const when = (ms: number) => `${romeHuman(ms)} (UTC ${new Date(ms).toISOString()})`;
const mb = (bytes: number) =>
  `${(bytes / 1024 / 1024).toLocaleString('it-IT', { maximumFractionDigits: 2 })} MB`;

export function heading(doc: PdfDocument, text: string): void {
  doc.moveDown(0.8).font('bold').fontSize(11).fillColor('#003366').text(text).fillColor('black');
  doc.moveDown(0.2).font('regular').fontSize(9.5);
}

export function field(doc: PdfDocument, label: string, value: string): void {
  doc
    .font('bold')
    .text(`${label}: `, { continued: true })
    .font('regular')
    .text(value || '—');
}

/**
 * The signatures section: its heading, "Letto, confermato e sottoscritto" and two signature boxes side by
 * side, all on one page (a new page when fewer than `extra` points would be left under the boxes).
 */
export function signatures(
  doc: PdfDocument,
  title: string,
  a: { title: string; name: string },
  b: { title: string; name: string },
  extra = 0,
): { left: number; bottom: number } {
  if (doc.y > doc.page.height - doc.page.margins.bottom - 170 - extra) doc.addPage();
  heading(doc, title);
  doc.text('Letto, confermato e sottoscritto.');
  doc.moveDown(1.5);
  const left = doc.page.margins.left;
  const width = (doc.page.width - left - doc.page.margins.right) / 2 - 12;
  const top = doc.y;
  const box = (x: number, who: { title: string; name: string }) => {
    doc.font('bold').text(who.title, x, top, { width });
    doc.font('regular').text(who.name, x, doc.y, { width });
    doc
      .moveTo(x, top + 70)
      .lineTo(x + width, top + 70)
      .stroke();
    doc
      .fontSize(8)
      .text('(firma)', x, top + 74, { width, align: 'center' })
      .fontSize(9.5);
  };
  box(left, a);
  box(left + width + 24, b);
  doc.x = left;
  return { left, bottom: top + 100 };
}

/** A label with a long value (a hash, a fingerprint) under it in the fixed-width font, kept together. */
export function hashField(doc: PdfDocument, label: string, value: string): void {
  doc.font('bold').text(`${label}:`);
  doc
    .font('mono')
    .fontSize(7.5)
    .text(value || '—')
    .font('regular')
    .fontSize(9.5);
}

function cctvSections(
  doc: PdfDocument,
  m: ManifestInput,
  camera: NonNullable<ManifestInput['camera']>,
): void {
  heading(doc, '2. Telecamera');
  field(doc, 'Codice', camera.code);
  field(doc, 'Denominazione', camera.name);
  field(doc, 'Indirizzo', camera.address);
  field(
    doc,
    'Coordinate',
    camera.latitude !== null && camera.longitude !== null
      ? `${camera.latitude.toFixed(6)}, ${camera.longitude.toFixed(6)}`
      : 'non indicate',
  );
  field(doc, 'Finalità', PURPOSE_LABEL[camera.purpose] ?? camera.purpose);

  heading(doc, '3. Periodo');
  field(doc, 'Richiesto dalle', when(m.requested.from));
  field(doc, 'Richiesto alle', when(m.requested.to));
  field(doc, 'Effettivo dalle', when(m.actual.from));
  field(doc, 'Effettivo alle', when(m.actual.to));
  doc.moveDown(0.3).fontSize(8.5).text(`Precisione: ${EXPORT_PRECISION}`, { align: 'justify' });
  doc.moveDown(0.2).text(`Orologio: ${CLOCK_NOTE}`, { align: 'justify' }).fontSize(9.5);
  if (m.gaps.length === 0) {
    doc.moveDown(0.3).text('Interruzioni della registrazione nel periodo: nessuna.');
  } else {
    doc
      .moveDown(0.3)
      .font('bold')
      .text('Interruzioni della registrazione nel periodo:')
      .font('regular');
    for (const g of m.gaps) {
      doc.text(
        `• dalle ${romeHuman(g.from)} alle ${romeHuman(g.to)}: ${CAUSE_LABEL[g.cause] ?? g.cause}`,
      );
    }
  }
}

/**
 * The acquisition report (verbale di acquisizione, E3) in Italian: every field of the
 * manifest, every file with its SHA-256, the signing key, and room for the signatures.
 * Returned as a PDF stream (the caller stores and hashes it as it is written).
 */
export function renderVerbale(m: ManifestInput): Readable {
  const doc = createPdfDocument({
    title: `Verbale di acquisizione ${m.number}`,
    author: 'Vedetta',
    subject: 'Verbale di acquisizione di immagini di videosorveglianza',
  });
  doc.font('bold').fontSize(10).text('POLIZIA LOCALE — CENTRALE OPERATIVA', { align: 'center' });
  doc.moveDown(0.5).fontSize(15).text('VERBALE DI ACQUISIZIONE DI IMMAGINI', { align: 'center' });
  doc
    .fontSize(10)
    .font('regular')
    .text(
      m.bodycam
        ? 'da telecamere indossabili (bodycam)'
        : 'da sistema di videosorveglianza cittadino',
      { align: 'center' },
    );
  const notUsable = m.bodycam ? bodycamNotUsable(m.bodycam) : false;
  doc.moveDown(0.3).font('bold').fontSize(12).text(`N. ${m.number}`, { align: 'center' });
  doc.font('regular').fontSize(9.5);

  doc
    .moveDown(1)
    .text(
      `Il giorno ${romeHuman(m.createdAt).split(' ')[0]} alle ore ${romeHuman(m.createdAt).split(' ')[1]}, ` +
        `presso la Centrale Operativa, l’operatore ${m.operator.name} (utente ${m.operator.username}) ` +
        (m.bodycam
          ? 'ha proceduto all’acquisizione come prova delle registrazioni delle bodycam '
          : 'ha proceduto all’estrazione delle immagini registrate dal sistema di videosorveglianza ') +
        'indicate di seguito, con copia integrale e senza ricodifica dei dati originali, ' +
        'calcolando per ciascun file l’impronta SHA-256 durante la scrittura (L. 48/2008: ' +
        'conservazione dei dati originali e immodificabilità della copia).',
      { align: 'justify' },
    );

  if (notUsable) {
    doc
      .moveDown(0.6)
      .font('bold')
      .fontSize(11)
      .fillColor('#b00020')
      .text(NOT_USABLE_ADMIN, { align: 'center' })
      .fillColor('black')
      .font('regular')
      .fontSize(9.5);
  }

  heading(doc, '1. Motivo e riferimenti');
  field(doc, 'Motivo dell’acquisizione', m.reason);
  field(doc, 'Richiesta', m.request ? m.request.number : 'nessuna');
  field(doc, 'Fascicolo / riferimento', m.caseRef ?? '');

  if (m.bodycam || !m.camera) renderBodycamSections(doc, m);
  else cctvSections(doc, m, m.camera);

  heading(doc, '4. File acquisiti e impronte SHA-256');
  for (const f of m.files) {
    if (f.kind === 'original') {
      // One Courier block per original (names and hashes are ASCII): thousands of them in a
      // long export, laid out without the embedded font's per-word glyph cache.
      const span =
        f.from !== undefined && f.to !== undefined
          ? `, ${romeHuman(f.from)} - ${romeHuman(f.to).slice(11)}`
          : '';
      doc
        .font('mono')
        .fontSize(7)
        .text(`${f.path} (${mb(f.bytes)}${span})\n${f.sha256}`);
      doc.font('regular').fontSize(9.5);
      continue;
    }
    doc.font('bold').fontSize(8.5).text(`${f.path}`, { continued: true });
    doc
      .font('regular')
      .text(
        `  (${mb(f.bytes)}${f.from !== undefined && f.to !== undefined ? `, ${romeHuman(f.from)} – ${romeHuman(f.to)}` : ''})`,
      );
    doc.font('mono').fontSize(7.5).text(f.sha256).font('regular').fontSize(9.5);
  }
  doc
    .moveDown(0.4)
    .fontSize(8.5)
    .text(
      'Il file manifest.json, firmato con la chiave Ed25519 dell’installazione (manifest.sig), ' +
        'riporta gli stessi dati; SHA256SUMS contiene le impronte di tutti i file del pacchetto. ' +
        'Le istruzioni per la verifica con strumenti standard sono nel file LEGGIMI.txt.',
      { align: 'justify' },
    );
  hashField(doc, 'Impronta SHA-256 della chiave pubblica', m.publicKeyFingerprint);
  field(doc, 'Software', `Vedetta ${m.softwareVersion}`);

  const { left, bottom } = signatures(
    doc,
    '5. Firme',
    { title: 'L’operatore che ha eseguito l’acquisizione', name: m.operator.name },
    { title: 'L’ufficiale di polizia giudiziaria / il responsabile', name: '' },
    60,
  );
  doc.y = bottom;
  doc.text('Per ricevuta (nome, qualifica, data):', left, doc.y);
  doc
    .moveTo(left, doc.y + 40)
    .lineTo(doc.page.width - doc.page.margins.right, doc.y + 40)
    .stroke();

  numberPages(
    doc,
    (n, of) =>
      `Verbale di acquisizione ${m.number}${notUsable ? ` — ${NOT_USABLE_ADMIN}` : ''} — pagina ${n} di ${of}`,
  );
  doc.end();
  return doc;
}
