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
});
