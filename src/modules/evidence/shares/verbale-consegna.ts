import type { Readable } from 'node:stream';
import { createPdfDocument, numberPages } from '../../../platform/pdf/pdf-document.js';
import { romeHuman } from '../rome-time.js';
import { field, hashField, heading, signatures } from '../verbale.js';
import type { RecipientType } from './share.schemas.js';

export const RECIPIENT_TYPE_LABEL: Record<RecipientType, string> = {
  ag: 'Autorità giudiziaria',
  pg: 'Polizia giudiziaria',
  other_force: 'Altra forza di polizia',
  partner_command: 'Comando convenzionato',
  defence: 'Difesa',
  other: 'Altro destinatario',
};

/** Everything the handover report states (all of it known when the link is created). */
export interface ConsegnaInput {
  shareId: string;
  createdAt: number;
  handedOverBy: { name: string; username: string };
  recipient: {
    type: RecipientType;
    name: string;
    organization: string;
    role: string | null;
    email: string | null;
  };
  reason: string;
  caseRef: string | null;
  expiresAt: number;
  maxDownloads: number;
  hasPassword: boolean;
  mailed: boolean;
  item: {
    number: string;
    cameraCode: string;
    cameraName: string;
    from: number;
    to: number;
    requestNumber: string | null;
    caseRef: string | null;
    manifestSha256: string;
    keyFingerprint: string;
  };
  files: Array<{ path: string; bytes: number; sha256: string }>;
}

const when = (ms: number) => `${romeHuman(ms)} (UTC ${new Date(ms).toISOString()})`;
const size = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toLocaleString('it-IT', { maximumFractionDigits: 2 })} MB`
    : `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('it-IT')} kB`;

/**
 * The verbale di consegna (handover report) in Italian: who hands over which evidence item to
 * whom, each file with its SHA-256, the link's terms, and room for the signatures. Made when
 * the link is created and stored with the share, never inside the immutable package.
 */
export function renderVerbaleConsegna(c: ConsegnaInput): Readable {
  const doc = createPdfDocument({
    title: `Verbale di consegna — reperto ${c.item.number}`,
    author: 'Vedetta',
    subject: 'Verbale di consegna di immagini di videosorveglianza',
  });
  const [day, time] = romeHuman(c.createdAt).split(' ');
  doc.font('bold').fontSize(10).text('POLIZIA LOCALE — CENTRALE OPERATIVA', { align: 'center' });
  doc.moveDown(0.5).fontSize(15).text('VERBALE DI CONSEGNA DI IMMAGINI', { align: 'center' });
  doc
    .fontSize(10)
    .font('regular')
    .text('mediante link di scaricamento a tempo', { align: 'center' });
  doc.moveDown(0.3).font('bold').fontSize(12).text(`Reperto N. ${c.item.number}`, {
    align: 'center',
  });
  doc.font('regular').fontSize(8).text(`Consegna ${c.shareId}`, { align: 'center' });
  doc.fontSize(9.5);

  doc
    .moveDown(1)
    .text(
      `Il giorno ${day} alle ore ${time}, presso la Centrale Operativa, ${c.handedOverBy.name} ` +
        `(utente ${c.handedOverBy.username}) mette a disposizione del destinatario indicato di seguito ` +
        `copia integrale del reperto ${c.item.number}, mediante un link personale di scaricamento ` +
        'con scadenza e numero massimo di download. I file consegnati sono identici a quelli ' +
        'acquisiti: le impronte SHA-256 riportate consentono di verificarne l’integrità.',
      { align: 'justify' },
    );

  heading(doc, '1. Destinatario');
  field(doc, 'Tipo', RECIPIENT_TYPE_LABEL[c.recipient.type]);
  field(doc, 'Nominativo', c.recipient.name);
  field(doc, 'Autorità / ente', c.recipient.organization);
  field(doc, 'Qualifica', c.recipient.role ?? '');
  field(doc, 'Posta elettronica', c.recipient.email ?? '');

  heading(doc, '2. Motivo e riferimenti');
  field(doc, 'Motivo della consegna', c.reason);
  field(doc, 'Protocollo / procedimento', c.caseRef ?? '');
  field(doc, 'Richiesta collegata al reperto', c.item.requestNumber ?? 'nessuna');
  field(doc, 'Fascicolo del reperto', c.item.caseRef ?? '');

  heading(doc, '3. Reperto consegnato');
  field(doc, 'Numero', c.item.number);
  field(doc, 'Telecamera', `${c.item.cameraCode} — ${c.item.cameraName}`);
  field(doc, 'Immagini dalle', when(c.item.from));
  field(doc, 'Immagini alle', when(c.item.to));
  hashField(doc, 'SHA-256 del manifest firmato', c.item.manifestSha256);
  hashField(doc, 'Impronta SHA-256 della chiave pubblica', c.item.keyFingerprint);

  heading(doc, '4. File e impronte SHA-256');
  for (const f of c.files) {
    doc.font('bold').fontSize(8.5).text(f.path, { continued: true });
    doc.font('regular').text(`  (${size(f.bytes)})`);
    doc.font('mono').fontSize(7.5).text(f.sha256).font('regular').fontSize(9.5);
  }
  doc
    .moveDown(0.4)
    .fontSize(8.5)
    .text(
      'Il pacchetto contiene SHA256SUMS e LEGGIMI.txt con le istruzioni per la verifica con ' +
        'strumenti standard (sha256sum -c SHA256SUMS; openssl pkeyutl -verify per la firma del manifest).',
      { align: 'justify' },
    )
    .fontSize(9.5);

  heading(doc, '5. Condizioni del link');
  field(doc, 'Valido fino al', when(c.expiresAt));
  field(doc, 'Download consentiti', String(c.maxDownloads));
  field(
    doc,
    'Password',
    c.hasPassword ? 'sì, comunicata al destinatario per un canale separato' : 'no',
  );
  field(
    doc,
    'Invio del link',
    c.mailed && c.recipient.email
      ? `per posta elettronica a ${c.recipient.email}`
      : 'consegnato direttamente dall’operatore',
  );
  doc
    .moveDown(0.3)
    .fontSize(8.5)
    .text(
      'Ogni download è registrato con data, ora e indirizzo IP nella catena di custodia del ' +
        'reperto. Il link può essere revocato in qualsiasi momento dal Comando.',
      { align: 'justify' },
    )
    .fontSize(9.5);

  doc.y = signatures(
    doc,
    '6. Firme',
    { title: 'Chi consegna', name: c.handedOverBy.name },
    {
      title: 'Per ricevuta, il destinatario',
      name: `${c.recipient.name} — ${c.recipient.organization}`,
    },
  ).bottom;

  numberPages(
    doc,
    (n, of) => `Verbale di consegna — reperto ${c.item.number} — pagina ${n} di ${of}`,
  );
  doc.end();
  return doc;
}
