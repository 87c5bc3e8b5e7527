import { describe, expect, it } from 'vitest';
import { readMessage } from './mime.js';

const eml = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');

const ORIGINAL = [
  'From: Avv. Chiara Valli <chiara.valli@pec.ordineavvocati.test>',
  'To: videosorveglianza@pec.comune.reggioemilia.it',
  'Subject: Istanza ex art. 391-quater c.p.p.',
  'Date: Tue, 24 Nov 2026 16:45:00 +0100',
  'Message-ID: <orig-1@pec.test>',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Chiedo le immagini di via Roma del 22/11/2026.',
];
const DATICERT = Buffer.from(
  '<postacert tipo="posta-certificata" errore="nessuno"><intestazione><mittente>chiara.valli@pec.ordineavvocati.test</mittente></intestazione>' +
    '<dati><data zona="+0100"><giorno>24/11/2026</giorno><ora>16:45:07</ora></data><identificativo>opec-42@pec.test</identificativo></dati></postacert>',
).toString('base64');

/** A PEC envelope as providers send it: signed, with postacert.eml inline. */
const PEC = eml([
  'From: "Per conto di: chiara.valli@pec.ordineavvocati.test" <posta-certificata@pec.test>',
  'To: videosorveglianza@pec.comune.reggioemilia.it',
  'Subject: POSTA CERTIFICATA: Istanza ex art. 391-quater c.p.p.',
  'Date: Tue, 24 Nov 2026 16:45:07 +0100',
  'Message-ID: <opec-42@pec.test>',
  'X-Trasporto: posta-certificata',
  'MIME-Version: 1.0',
  'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; boundary="S"',
  '',
  '--S',
  'Content-Type: multipart/mixed; boundary="M"',
  '',
  '--M',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Messaggio di posta certificata. Il giorno 24/11/2026 alle ore 16:45 il messaggio è stato inviato.',
  '--M',
  'Content-Type: application/xml; name="daticert.xml"',
  'Content-Transfer-Encoding: base64',
  'Content-Disposition: inline; filename="daticert.xml"',
  '',
  DATICERT,
  '--M',
  'Content-Type: message/rfc822; name="postacert.eml"',
  'Content-Disposition: inline; filename="postacert.eml"',
  '',
  ...ORIGINAL,
  '--M--',
  '--S',
  'Content-Type: application/pkcs7-signature; name="smime.p7s"',
  'Content-Transfer-Encoding: base64',
  '',
  'AAECAwQ=',
  '--S--',
]);

describe('MIME reading', () => {
  it('returns the original message and the certification data of a PEC', async () => {
    const r = await readMessage(PEC);
    expect(r.channel).toBe('pec');
    expect(r.problems).toEqual([]);
    expect(r.envelope.messageId).toBe('<opec-42@pec.test>');
    expect(r.original).toMatchObject({
      subject: 'Istanza ex art. 391-quater c.p.p.',
      from: { name: 'Avv. Chiara Valli', address: 'chiara.valli@pec.ordineavvocati.test' },
      messageId: '<orig-1@pec.test>',
      text: 'Chiedo le immagini di via Roma del 22/11/2026.',
    });
    expect(r.pec).toMatchObject({
      sender: 'chiara.valli@pec.ordineavvocati.test',
      identifier: 'opec-42@pec.test',
      date: '2026-11-24T16:45:07+01:00',
    });
  });

  it('flags a PEC receipt and a PEC without its parts', async () => {
    const receipt = eml([
      'From: posta-certificata@pec.test',
      'X-Ricevuta: avvenuta-consegna',
      'Subject: CONSEGNA: x',
      '',
      'Ricevuta',
    ]);
    expect((await readMessage(receipt)).problems).toContain('pec_receipt');
    const bare = eml([
      'From: posta-certificata@pec.test',
      'X-Trasporto: posta-certificata',
      'Subject: x',
      '',
      'testo',
    ]);
    expect((await readMessage(bare)).problems).toContain('pec_incomplete');
  });

  it('decodes quoted-printable latin-1 and turns HTML-only mail into text', async () => {
    const latin = Buffer.concat([
      eml([
        'From: a@b.it',
        'Subject: x',
        'Content-Type: text/plain; charset=iso-8859-1',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        '',
      ]),
      Buffer.from('venerd=EC alle 22.15 =E8 successo', 'latin1'),
    ]);
    expect((await readMessage(latin)).original.text).toBe('venerdì alle 22.15 è successo');
    const html = await readMessage(
      eml([
        'From: a@b.it',
        'Subject: x',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>via <b>Roma</b></p><script>alert(1)</script>',
      ]),
    );
    expect(html.original).toMatchObject({ text: 'via Roma', htmlOnly: true });
  });

  it('reports bytes that are not MIME, a missing boundary and an unknown charset', async () => {
    expect((await readMessage(Buffer.from('questo non è un messaggio\n'))).problems).toContain(
      'malformed_mime',
    );
    expect((await readMessage(Buffer.alloc(0))).problems).toContain('malformed_mime');
    const noBoundary = eml([
      'From: a@b.it',
      'Content-Type: multipart/mixed; boundary="X"',
      '',
      'testo senza parti',
    ]);
    expect((await readMessage(noBoundary)).problems).toContain('malformed_mime');
    const charset = eml([
      'From: a@b.it',
      'Content-Type: text/plain; charset=x-klingon',
      '',
      'testo',
    ]);
    expect((await readMessage(charset)).problems).toContain('unknown_charset');
  });
});
