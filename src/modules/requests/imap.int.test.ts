import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../test-support/core.js';
import { describeEachDatabase } from '../../test-support/databases.js';
import type { ApiClient } from '../../test-support/http-client.js';
import { loggedIn } from '../../test-support/users.js';
import { dovecotAvailable, startDovecot, type TestDovecot } from './testing/dovecot.js';
import { requestMail, until } from './testing/messages.js';

const PROCESSED = 'Vedetta/Elaborati';
const available = dovecotAvailable();
if (!available && process.env.CI === 'true') {
  throw new Error('dovecot is not installed (apt-get install dovecot-imapd)');
}

const mail = (n: number, extra = '') =>
  requestMail({
    messageId: `imap-${n}@comune.reggioemilia.it`,
    body: [
      `Richiesta ${n}${extra}: si chiedono le immagini del danneggiamento avvenuto il 22/11/2026 dalle 02:00 alle 02:30 in via Emilia San Pietro 4${n}.`,
      '',
      'Ag. Sc. Paola Neri',
      'matricola 55' + String(n),
    ].join('\r\n'),
  });

describe.skipIf(!available)('IMAP intake against a real Dovecot', () => {
  describeEachDatabase('IMAP connector', (getDb) => {
    let dovecot: TestDovecot;
    let t: TestCore;
    let operator: ApiClient;
    let client: ImapFlow;

    const count = async (folder: string) => {
      const status = await client.status(folder, { messages: true });
      return status ? (status.messages ?? 0) : -1;
    };
    const requests = async () =>
      t.core.db.selectFrom('requests').select(['id', 'number', 'source_message_id']).execute();

    beforeAll(async () => {
      dovecot = await startDovecot();
      client = new ImapFlow({
        host: '127.0.0.1',
        port: dovecot.port,
        secure: false,
        auth: { user: dovecot.user, pass: dovecot.pass },
        logger: false,
      });
      await client.connect();
      t = await createTestCore(getDb(), {
        VEDETTA_DEMO: '0',
        VEDETTA_SMTP: '0',
        VEDETTA_IMAP_URL: dovecot.url(),
        // Long polling: new mail while running must come through IDLE.
        VEDETTA_IMAP_POLL_SECONDS: '120',
      });
      operator = await loggedIn(t.core, t.http.app, 'operatore', 'operator');
      await t.core.cameras.create(
        { userId: null, username: 'test', ip: null },
        {
          code: 'CAM-ESP',
          name: 'Porta San Pietro',
          address: 'Via Emilia San Pietro, Reggio Emilia',
          latitude: null,
          longitude: null,
          mainUrl: 'rtsp://10.0.0.1/a',
          subUrl: null,
          purpose: 'sicurezza_urbana',
          retentionDays: 3,
          retentionReason: null,
          enabled: true,
          notes: '',
          dpiaRef: '',
          groups: [],
        },
      );
    });
    afterAll(async () => {
      await client?.logout().catch(() => undefined);
      await t?.close();
      await dovecot?.stop();
    });

    it('creates requests, moves messages, and neither loses nor repeats across a restart', async () => {
      await client.append('INBOX', mail(1));
      await client.append('INBOX', mail(2));
      await t.core.mailboxes.start();
      await until(async () => (await requests()).length === 2, 10_000);
      await until(async () => (await count('INBOX')) === 0, 5000);
      expect(await count(PROCESSED)).toBe(2);
      const held = await t.core.holds.list({ includeEnded: true });
      expect(held.filter((h) => h.requestId !== null)).toHaveLength(2);
      const position = await t.core.db.selectFrom('mailbox_state').selectAll().execute();
      expect(position).toHaveLength(1);
      expect(position[0]?.mailbox).not.toContain(dovecot.pass);
      expect(Number(position[0]?.last_uid)).toBe(2);

      // Stopped: more mail arrives, one of it a copy of a message already handled (as if the
      // connector had died between handing it over and moving it), one malformed.
      await t.core.mailboxes.stop();
      await client.append('INBOX', mail(3));
      await client.append('INBOX', mail(1));
      await client.append('INBOX', Buffer.from('garbage without headers\r\n\r\n\0\0'));
      await client.append('INBOX', mail(4));
      await t.core.mailboxes.start();
      await until(async () => (await count('INBOX')) === 0, 10_000);
      const all = await requests();
      expect(all.map((r) => r.source_message_id).sort()).toEqual(
        [1, 2, 3, 4].map((n) => `<imap-${n}@comune.reggioemilia.it>`),
      );
      expect(await count(PROCESSED)).toBe(6);
      const quarantined = await operator.get<{ items: Array<{ reason: string }> }>(
        '/api/intake/messages?status=quarantined',
      );
      expect(quarantined.body.items.map((m) => m.reason)).toEqual(['malformed_mime']);
      // The copy has the same bytes: recognized by its SHA-256, nothing new recorded.
      const accepted = await operator.get<{ items: unknown[] }>(
        '/api/intake/messages?status=accepted',
      );
      expect(accepted.body.items).toHaveLength(4);

      // While running, new mail comes through IDLE (polling is set to two minutes here).
      const started = Date.now();
      await client.append('INBOX', mail(5));
      await until(async () => (await requests()).length === 5, 8000);
      expect(Date.now() - started).toBeLessThan(8000);
      const status = await operator.get<{ imap: { connected: boolean; mailbox: string } }>(
        '/api/mailboxes',
      );
      expect(status.body.imap).toMatchObject({ connected: true });
      expect(status.body.imap.mailbox).not.toContain(dovecot.pass);
      await t.core.mailboxes.stop();
    });
  });
});
