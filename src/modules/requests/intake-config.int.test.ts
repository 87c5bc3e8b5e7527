import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../test-support/core.js';
import { describeEachDatabase } from '../../test-support/databases.js';
import { requestMail } from './testing/messages.js';

const htmlMail = (messageId: string, html: string) =>
  Buffer.from(
    [
      'From: "Ag. Sara Neri" <sara.neri@comune.modena.it>',
      'To: richieste@vedetta.local',
      'Subject: Richiesta immagini',
      'Date: Sun, 22 Nov 2026 20:00:00 +0100',
      `Message-ID: <${messageId}>`,
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      html,
      '',
    ].join('\r\n'),
  );

describeEachDatabase('intake parser settings and HTML-only mail', (getDb) => {
  let t: TestCore;

  beforeAll(async () => {
    t = await createTestCore(getDb(), {
      VEDETTA_DEMO: '0',
      VEDETTA_SMTP: '0',
      VEDETTA_OWN_MAIL_DOMAINS: 'comune.modena.it, @pm.comune.modena.it',
      VEDETTA_OWN_CITY: 'Modena',
      VEDETTA_SINGLE_TIME_MARGIN_MINUTES: '15',
    });
  });
  afterAll(() => t.close());

  it('reads the own corps and the single-time margin from the configuration', async () => {
    const r = await t.core.intake.ingest(
      requestMail({
        messageId: 'modena-1@comune.modena.it',
        from: 'sara.neri@comune.modena.it',
        body: 'Si chiedono le immagini del furto avvenuto il 21/11/2026 alle 18:00 in via Emilia Centro 5.\r\n\r\nAg. Sara Neri\r\nPolizia Locale di Modena',
      }),
      'smtp',
    );
    expect(r.status).toBe('accepted');
    const d = await t.core.requests.get(r.requestId!);
    expect(d.requester.type).toBe('officer');
    expect(d.window).toEqual({ from: '2026-11-21T16:45:00.000Z', to: '2026-11-21T17:15:00.000Z' });
    const other = await t.core.intake.ingest(
      requestMail({ messageId: 're-1@comune.reggioemilia.it', from: 'x@comune.reggioemilia.it' }),
      'smtp',
    );
    const o = await t.core.requests.get(other.requestId!);
    expect(o.requester.type).not.toBe('officer');
  });

  it('turns an HTML-only mail into inert text and a request; one with no text is quarantined', async () => {
    const r = await t.core.intake.ingest(
      htmlMail(
        'html-1@comune.modena.it',
        '<html><head><script>alert(1)</script><style>p{color:red}</style></head><body>' +
          '<p>Si chiedono le immagini del <b>sinistro stradale</b> del 21/11/2026 tra le 18:10 e le 18:40 ' +
          'in via Emilia Centro 5.</p><p>Ag. Sara Neri<br>Polizia Locale di Modena</p></body></html>',
      ),
      'smtp',
    );
    expect(r.status).toBe('accepted');
    const d = await t.core.requests.get(r.requestId!);
    expect(d.eventType).toBe('sinistro_stradale');
    expect(d.parse?.bodyText).toContain('sinistro stradale del 21/11/2026');
    expect(d.parse?.bodyText).not.toMatch(/alert|<script|color:red/);
    const empty = await t.core.intake.ingest(
      htmlMail('html-2@comune.modena.it', '<html><body><img src="cid:x"></body></html>'),
      'smtp',
    );
    expect(empty).toMatchObject({ status: 'quarantined', reason: 'empty_body' });
  });
});
