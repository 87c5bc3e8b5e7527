import type { PdfDocument } from '../../platform/pdf/pdf-document.js';
import { BODYCAM_CLOCK_NOTE, BODYCAM_PRECISION, timeSourceLabel } from './bodycam-manifest.js';
import type { ManifestInput } from './manifest.js';
import { field, heading, when } from './verbale.js';

/** Sections 2 and 3 of the verbale for bodycam footage: each clip with its officer and device. */
export function renderBodycamSections(doc: PdfDocument, m: ManifestInput): void {
  const clips = m.bodycam?.clips ?? [];
  heading(doc, '2. Registrazioni delle bodycam');
  clips.forEach((c, i) => {
    if (i > 0) doc.moveDown(0.4);
    doc
      .font('bold')
      .text(`Clip ${i + 1} di ${clips.length}: ${c.path}`)
      .font('regular');
    field(doc, 'Agente', c.officer.name ?? 'non risultante dal registro delle consegne');
    field(doc, 'Matricola della bodycam', c.deviceSerial);
    if (c.partnerCommand) field(doc, 'Servizio congiunto con', c.partnerCommand);
    field(doc, 'Inizio registrazione', when(c.recordedStart));
    field(doc, 'Fine registrazione', when(c.recordedEnd));
    field(doc, 'Fonte dell’orario', timeSourceLabel(c.timeSource));
    const first = c.gps[0];
    field(
      doc,
      'Posizione GPS',
      first
        ? `${first.lat.toFixed(6)}, ${first.lon.toFixed(6)} (${c.gps.length} punti nel manifest)`
        : 'non disponibile',
    );
    field(doc, 'Categoria', c.category ? c.category.label : 'non ancora categorizzata');
    field(doc, 'Motivo dell’attivazione', c.activationReason ?? '');
    field(
      doc,
      'Soggetti avvisati',
      c.subjectsWarned === null ? '' : c.subjectsWarned ? 'sì' : 'no',
    );
    field(doc, 'Disciplinare in vigore', `versione ${c.disciplinare.number}`);
    field(doc, 'Nome del file sul dispositivo', c.originalName);
    if (c.notUsableForAdministrativeOffences) {
      doc.font('bold').fillColor('#b00020').text('Non utilizzabile per illeciti amministrativi');
      doc.fillColor('black').font('regular');
    }
  });

  heading(doc, '3. Periodo');
  field(doc, 'Dalle', when(m.actual.from));
  field(doc, 'Alle', when(m.actual.to));
  doc.moveDown(0.3).fontSize(8.5).text(`Precisione: ${BODYCAM_PRECISION}`, { align: 'justify' });
  doc.moveDown(0.2).text(`Orologio: ${BODYCAM_CLOCK_NOTE}`, { align: 'justify' }).fontSize(9.5);
}
