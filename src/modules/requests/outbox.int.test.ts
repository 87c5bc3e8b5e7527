import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../platform/log/logger.js';
import { SmtpReceiver, type ReceivedMail } from '../../platform/mail/smtp-receiver.js';
import { createTestCore, type TestCore } from '../../test-support/core.js';
import { describeEachDatabase } from '../../test-support/databases.js';
import type { ApiClient } from '../../test-support/http-client.js';
import { loggedIn } from '../../test-support/users.js';
import { until } from './testing/messages.js';

describeEachDatabase('outbox delivered through an SMTP relay', (getDb) => {
  let t: TestCore;
  let relay: SmtpReceiver;
  let officer: ApiClient;
  let admin: ApiClient;
  const received: ReceivedMail[] = [];

  beforeAll(async () => {
    relay = new SmtpReceiver({
      host: '127.0.0.1',
      port: 0,
      hardLimitBytes: 10 * 1024 * 1024,
      log: createLogger('silent'),
      onMessage: (m) => {
        received.push(m);
        return Promise.resolve();
      },
    });
    const addr = await relay.start();
    t = await createTestCore(getDb(), {
      VEDETTA_DEMO: '0',
      VEDETTA_SMTP: '0',
      VEDETTA_SMTP_RELAY_URL: `smtp://127.0.0.1:${addr.port}`,
      VEDETTA_MAIL_FROM: 'centrale@comune.reggioemilia.it',
    });
    officer = await loggedIn(t.core, t.http.app, 'agente', 'officer');
    admin = await loggedIn(t.core, t.http.app, 'amministratore', 'admin');
  });
  afterAll(async () => {
    await t.close();
    await relay.stop();
  });

  it('queues the acknowledgement and a job sends it', async () => {
    const created = await officer.post('/api/requests', {
      channel: 'form',
      subject: 'Furto di bicicletta',
      eventType: 'furto',
      window: { from: '2026-11-22T10:00:00+01:00', to: '2026-11-22T10:30:00+01:00' },
      place: { street: 'via roma' },
      requester: { name: 'Luca Verdi', email: 'luca.verdi@comune.reggioemilia.it' },
    });
    expect(created.status).toBe(201);
    const before = await admin.get<{ relayConfigured: boolean; items: Array<{ status: string }> }>(
      '/api/outbox',
    );
    expect(before.body.relayConfigured).toBe(true);
    expect(before.body.items.map((i) => i.status)).toEqual(['queued']);
    await t.core.worker.tick();
    await until(() => Promise.resolve(received.length === 1), 5000);
    expect(received[0]?.envelopeTo).toEqual(['luca.verdi@comune.reggioemilia.it']);
    expect(received[0]?.envelopeFrom).toBe('centrale@comune.reggioemilia.it');
    expect(received[0]?.raw.toString()).toContain('VS-2026-000001');
    await until(async () => {
      const after = await admin.get<{ items: Array<{ status: string }> }>('/api/outbox');
      return after.body.items[0]?.status === 'sent';
    }, 5000);
  });

  it('sends a failed mail again when a person asks (attempts from zero; audited)', async () => {
    const before = (await admin.get<{ items: Array<{ id: string }> }>('/api/outbox')).body.items;
    const id = before[0]!.id;
    // As the job leaves it after its last attempt (the relay refused it for hours).
    await t.core.db
      .updateTable('outbox')
      .set({ status: 'failed', attempts: 8, last_error: '421 try again later' })
      .where('id', '=', id)
      .execute();
    const failed = await admin.get<{ items: Array<{ id: string }> }>('/api/outbox?status=failed');
    expect(failed.body.items.map((i) => i.id)).toEqual([id]);
    expect((await officer.post(`/api/outbox/${id}/retry`, {})).status).toBe(403);
    const retried = await admin.post<Record<string, unknown>>(`/api/outbox/${id}/retry`, {});
    expect(retried.body).toMatchObject({ id, status: 'queued', attempts: 0 });
    await until(async () => {
      await t.core.worker.tick();
      return received.length === 2;
    }, 5000);
    await until(async () => {
      const after = await admin.get<{ items: Array<{ id: string; status: string }> }>(
        '/api/outbox',
      );
      return after.body.items.find((i) => i.id === id)?.status === 'sent';
    }, 5000);
    const audit = await t.core.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'outbox.retry')
      .execute();
    expect(audit).toHaveLength(1);
  });
});
