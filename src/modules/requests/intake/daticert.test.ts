import { describe, expect, it } from 'vitest';
import { parseDatiCert } from './daticert.js';

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<postacert tipo="posta-certificata" errore="nessuno">
<intestazione><mittente>tre12345@pec.carabinieri.it</mittente><destinatari tipo="certificato">videosorveglianza@pec.comune.reggioemilia.it</destinatari><risposte>tre12345@pec.carabinieri.it</risposte><oggetto>Richiesta &amp; acquisizione</oggetto></intestazione>
<dati><gestore-emittente>PEC Test S.p.A.</gestore-emittente><data zona="+0100"><giorno>19/11/2026</giorno><ora>11:20:03</ora></data><identificativo>opec.s04@pec.test</identificativo><msgid>&lt;71cd@mail.test&gt;</msgid></dati>
</postacert>`;

describe('daticert.xml', () => {
  it('reads sender, recipients, identifier and date', () => {
    expect(parseDatiCert(XML)).toEqual({
      type: 'posta-certificata',
      error: 'nessuno',
      sender: 'tre12345@pec.carabinieri.it',
      recipients: ['videosorveglianza@pec.comune.reggioemilia.it'],
      subject: 'Richiesta & acquisizione',
      provider: 'PEC Test S.p.A.',
      identifier: 'opec.s04@pec.test',
      msgId: '71cd@mail.test',
      date: '2026-11-19T11:20:03+01:00',
    });
  });

  it('refuses what is not a daticert', () => {
    expect(parseDatiCert('<html></html>')).toBeNull();
  });
});
