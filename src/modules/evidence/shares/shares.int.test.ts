import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../../platform/log/logger.js';
import { SmtpReceiver, type ReceivedMail } from '../../../platform/mail/smtp-receiver.js';
import { createTestCore, type TestCore } from '../../../test-support/core.js';
import { describeEachDatabase } from '../../../test-support/databases.js';
import { ApiClient } from '../../../test-support/http-client.js';
import { loggedIn, TEST_PASSWORD } from '../../../test-support/users.js';
import { verifyPackage } from '../package-verify.js';
import { indexSegment, makeRecordedSegments } from '../testing/recorded-segments.js';

const exec = promisify(execFile);
const DAY = 24 * 3_600_000;
const RECIPIENT_IP = '203.0.113.7';
const UA = 'Mozilla/5.0 (Procura test)';

interface Created {
  share: { id: string; status: string; hasPassword: boolean; verbaleSha256: string };
  link: string;
}

describeEachDatabase('evidence sharing: links for the judicial authority', (getDb) => {
  let t: TestCore;
  let operator: ApiClient;
  let privacy: ApiClient;
  let evidenceId: string;
  let evidenceNumber: string;
  let scratch: string;
  let relay: SmtpReceiver;
  const received: ReceivedMail[] = [];

  /** A call from the recipient's browser: no session, its own address. */
  const visit = (method: 'GET' | 'POST', url: string, payload?: unknown, accept?: string) =>
    t.http.app.inject({
      method,
      url,
      remoteAddress: RECIPIENT_IP,
      headers: {
        'user-agent': UA,
        ...(payload !== undefined && { 'content-type': 'application/json' }),
        ...(accept && { accept }),
      },
      ...(payload !== undefined && { payload: JSON.stringify(payload) }),
    });

  const tokenOf = (c: Created) => c.link.split('#')[1] ?? '';

  async function share(body: Record<string, unknown>): Promise<Created> {
    const res = await operator.post(`/api/evidence/${evidenceId}/shares`, {
      recipient: {
        type: 'ag',
        name: 'Dott.ssa Maria Rossi',
        organization: 'Procura della Repubblica di Reggio Emilia',
        role: 'Sostituto procuratore',
        email: 'maria.rossi@giustizia.it',
      },
      reason: 'Delega di indagine n. 45/2026',
      caseRef: 'RGNR 1234/2026',
      ...body,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as unknown as Created;
  }

  async function openShare(token: string, password?: string) {
    return visit('POST', '/api/public/shares/open', { token, ...(password && { password }) });
  }

  async function custody() {
    const item = (await operator.get(`/api/evidence/${evidenceId}`)).body;
    return item.custody as Array<{
      action: string;
      actor: string | null;
      ip: string | null;
      recipient: string | null;
      reason: string | null;
      details: Record<string, unknown> | null;
    }>;
  }

  beforeAll(async () => {
    const db = getDb();
    relay = new SmtpReceiver({
      host: '127.0.0.1',
      port: 0,
      hardLimitBytes: 1024 * 1024,
      log: createLogger('silent'),
      onMessage: (m) => {
        received.push(m);
        return Promise.resolve();
      },
    });
    const relayAddress = await relay.start();
    t = await createTestCore(db, {
      VEDETTA_DEMO: '0',
      VEDETTA_SMTP: '0',
      VEDETTA_SMTP_RELAY_URL: `smtp://127.0.0.1:${relayAddress.port}`,
      VEDETTA_PUBLIC_URL: 'https://vedetta.comune.example.it',
      VEDETTA_SHARE_MAX_DAYS: '14',
    });
    const admin = await loggedIn(t.core, t.http.app, 'amministratore', 'admin');
    operator = await loggedIn(t.core, t.http.app, 'operatore', 'operator');
    privacy = await loggedIn(t.core, t.http.app, 'garante', 'privacy_officer');
    scratch = await mkdtemp(path.join(tmpdir(), 'vedetta-shares-'));
    const segments = await makeRecordedSegments({
      dir: path.join(db.dir, 'clips'),
      seconds: 20,
      segmentSeconds: 10,
      fps: 10,
      keyframeSeconds: 2,
    });
    const cam = await admin.post('/api/cameras', {
      code: 'CAM-SH1',
      name: 'Piazza del Monte',
      mainUrl: 'rtsp://10.0.0.9/a',
      retentionDays: 3,
    });
    expect(cam.status, JSON.stringify(cam.body)).toBe(201);
    const base = t.clock.now() - 3_600_000;
    for (let i = 0; i < segments.length; i++) {
      await indexSegment(
        t.core.db,
        t.core.storage,
        cam.body.id as string,
        base + i * 10_000,
        10_000,
        segments[i] as Buffer,
      );
    }
    const acq = await operator.post('/api/evidence/acquisitions', {
      cameraId: cam.body.id,
      from: new Date(base + 2_000).toISOString(),
      to: new Date(base + 15_000).toISOString(),
      reason: 'Furto con destrezza in piazza, richiesta della Procura',
    });
    expect(acq.status, JSON.stringify(acq.body)).toBe(202);
    for (let i = 0; i < 10; i++) {
      const started = await t.core.worker.tick();
      await t.core.worker.drain();
      if (started === 0) break;
    }
    const done = (await operator.get(`/api/evidence/acquisitions/${acq.body.id as string}`)).body;
    expect(done.status, JSON.stringify(done)).toBe('done');
    evidenceId = done.evidenceId as string;
    evidenceNumber = done.number as string;
  });
  afterAll(async () => {
    await t?.close();
    await relay?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('creates a link shown once (only its hash stored), with its verbale di consegna in custody', async () => {
    const created = await share({ maxDownloads: 3 });
    expect(created.link).toMatch(
      /^https:\/\/vedetta\.comune\.example\.it\/condivisione#[A-Za-z0-9_-]{43}$/,
    );
    expect(created.share).toMatchObject({ status: 'attiva', hasPassword: false });
    const row = await t.core.db
      .selectFrom('evidence_shares')
      .selectAll()
      .where('id', '=', created.share.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(tokenOf(created));
    expect(row.token_hash).toBe(createHash('sha256').update(tokenOf(created)).digest('hex'));
    expect(Number(row.expires_at)).toBe(t.clock.now() + 7 * DAY);

    const list = (await operator.get(`/api/evidence/${evidenceId}/shares`)).body;
    expect(JSON.stringify(list)).not.toContain(tokenOf(created));
    expect(list.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: created.share.id, status: 'attiva' })]),
    );

    const c = await custody();
    expect(c).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'share',
          actor: 'operatore',
          reason: 'Delega di indagine n. 45/2026',
          recipient: 'Dott.ssa Maria Rossi (Procura della Repubblica di Reggio Emilia)',
          details: expect.objectContaining({
            shareId: created.share.id,
            maxDownloads: 3,
            verbaleConsegnaSha256: created.share.verbaleSha256,
          }) as unknown,
        }),
      ]),
    );

    // The verbale di consegna: a PDF naming recipient, item, terms; its reading is in custody.
    const pdf = await t.http.app.inject({
      method: 'GET',
      url: `/api/evidence/${evidenceId}/shares/${created.share.id}/verbale.pdf`,
      headers: { cookie: (operator as unknown as { cookie: string }).cookie },
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(createHash('sha256').update(pdf.rawPayload).digest('hex')).toBe(
      created.share.verbaleSha256,
    );
    const pdfFile = path.join(scratch, 'consegna.pdf');
    await writeFile(pdfFile, pdf.rawPayload);
    const text = (await exec('pdftotext', ['-layout', pdfFile, '-'])).stdout;
    expect(text).toContain('VERBALE DI CONSEGNA');
    expect(text).toContain('Dott.ssa Maria Rossi');
    expect(text).toContain('Procura della Repubblica di Reggio Emilia');
    expect(text).toContain(evidenceNumber);
    expect(text).toContain('RGNR 1234/2026');
    expect(text).toMatch(/Download consentiti:\s+3/);
    expect(text).toContain('manifest.json');
    expect((await custody()).map((e) => e.action)).toContain('share_report_download');
  });

  it('refuses bad terms and a sharer without evidence.share', async () => {
    const tooLong = await operator.post(`/api/evidence/${evidenceId}/shares`, {
      recipient: { type: 'pg', name: 'Isp. Bianchi', organization: 'Carabinieri' },
      reason: 'Accertamenti in corso',
      expiresInDays: 30,
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({ error: 'validation_failed' });
    expect(tooLong.body.message).toContain('14 giorni');
    const noMail = await operator.post(`/api/evidence/${evidenceId}/shares`, {
      recipient: { type: 'pg', name: 'Isp. Bianchi', organization: 'Carabinieri' },
      reason: 'Accertamenti in corso',
      sendEmail: true,
    });
    expect(noMail.status).toBe(400);
    const denied = await privacy.post(`/api/evidence/${evidenceId}/shares`, {
      recipient: { type: 'pg', name: 'Isp. Bianchi', organization: 'Carabinieri' },
      reason: 'Accertamenti in corso',
    });
    expect(denied.status).toBe(403);
    expect((await privacy.get(`/api/evidence/${evidenceId}/shares`)).status).toBe(200);
    const unknown = await openShare('x'.repeat(43));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: 'share_not_found' });
  });

  it('lets the recipient download the ZIP without login; it verifies, and custody has the IP', async () => {
    const created = await share({ maxDownloads: 2 });
    const opened = await openShare(tokenOf(created));
    expect(opened.statusCode, opened.body).toBe(200);
    const access = opened.json<{ key: string; downloadsLeft: number; files: unknown[] }>();
    expect(access).toMatchObject({ evidenceNumber, downloadsLeft: 2 });
    expect(access.files.length).toBeGreaterThan(5);
    expect(opened.json<{ readme: string }>().readme).toContain('sha256sum -c SHA256SUMS');

    const zip = await visit('GET', `/api/public/shares/package.zip?key=${access.key}`);
    expect(zip.statusCode).toBe(200);
    expect(Number(zip.headers['content-length'])).toBe(zip.rawPayload.length);
    const zipFile = path.join(scratch, 'shared.zip');
    await writeFile(zipFile, zip.rawPayload);
    expect(await verifyPackage(zipFile)).toMatchObject({ ok: true, number: evidenceNumber });

    const one = await visit(
      'GET',
      `/api/public/shares/file?key=${access.key}&path=${encodeURIComponent('SHA256SUMS')}`,
    );
    expect(one.statusCode).toBe(200);
    expect(one.body).toContain('manifest.json');

    // Both counted; a third is refused with a clear 410 (an HTML page for a browser).
    const third = await visit('GET', `/api/public/shares/package.zip?key=${access.key}`);
    expect(third.statusCode).toBe(410);
    expect(third.json()).toMatchObject({ error: 'share_exhausted' });
    const page = await visit(
      'GET',
      `/api/public/shares/package.zip?key=${access.key}`,
      undefined,
      'text/html,application/xhtml+xml',
    );
    expect(page.statusCode).toBe(410);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('numero massimo di download');
    expect((await openShare(tokenOf(created))).json()).toMatchObject({
      error: 'share_exhausted',
    });

    const downloads = (await custody()).filter(
      (e) => e.action === 'share_download' && e.details?.shareId === created.share.id,
    );
    expect(downloads).toHaveLength(2);
    for (const d of downloads) {
      expect(d).toMatchObject({
        ip: RECIPIENT_IP,
        actor: `condivisione:${created.share.id.slice(0, 8)}`,
        recipient: 'Dott.ssa Maria Rossi (Procura della Repubblica di Reggio Emilia)',
      });
      expect(d.details?.userAgent).toBe(UA);
    }
    const audit = await t.core.db
      .selectFrom('audit_log')
      .select(['action', 'ip'])
      .where('object_id', '=', evidenceId)
      .where('action', '=', 'evidence.share_download')
      .execute();
    expect(audit.filter((a) => a.ip === RECIPIENT_IP).length).toBeGreaterThanOrEqual(2);
    const listed = (await operator.get(`/api/evidence/${evidenceId}/shares`)).body.items as Array<{
      id: string;
      status: string;
      downloadCount: number;
      downloads: Array<{ ip: string; format: string; path: string | null }>;
    }>;
    const mine = listed.find((s) => s.id === created.share.id);
    expect(mine).toMatchObject({ status: 'esaurita', downloadCount: 2 });
    expect(mine?.downloads.map((d) => [d.ip, d.format, d.path])).toEqual([
      [RECIPIENT_IP, 'zip', null],
      [RECIPIENT_IP, 'file', 'SHA256SUMS'],
    ]);
  });

  it('never lets parallel downloads pass the maximum', async () => {
    const created = await share({ maxDownloads: 2 });
    const { key } = (await openShare(tokenOf(created))).json<{ key: string }>();
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        visit('GET', `/api/public/shares/file?key=${key}&path=manifest.json`),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 410, 410, 410]);
    const rows = await t.core.db
      .selectFrom('evidence_share_downloads')
      .select('id')
      .where('share_id', '=', created.share.id)
      .execute();
    expect(rows).toHaveLength(2);
    const row = await t.core.db
      .selectFrom('evidence_shares')
      .select('downloads')
      .where('id', '=', created.share.id)
      .executeTakeFirstOrThrow();
    expect(Number(row.downloads)).toBe(2);
  });

  it('asks for the password, counts wrong ones and locks the link after five', async () => {
    const created = await share({ password: 'Tricolore-1797', maxDownloads: 5 });
    expect(created.share.hasPassword).toBe(true);
    const none = await openShare(tokenOf(created));
    expect(none.statusCode).toBe(403);
    expect(none.json()).toMatchObject({ error: 'share_password_required' });

    const ok = await openShare(tokenOf(created), 'Tricolore-1797');
    expect(ok.statusCode).toBe(200);
    const { key } = ok.json<{ key: string }>();
    expect(
      (await visit('GET', `/api/public/shares/file?key=${key}&path=manifest.json`)).statusCode,
    ).toBe(200);

    for (let i = 1; i <= 4; i++) {
      const wrong = await openShare(tokenOf(created), `sbagliata-${i}`);
      expect(wrong.statusCode).toBe(403);
      expect(wrong.json()).toMatchObject({
        error: 'share_password_wrong',
        details: { attemptsLeft: 5 - i },
      });
    }
    const fifth = await openShare(tokenOf(created), 'sbagliata-5');
    expect(fifth.statusCode).toBe(410);
    expect(fifth.json()).toMatchObject({ error: 'share_locked' });
    // Locked for good: the right password no longer opens it, nor does an earlier key download.
    expect((await openShare(tokenOf(created), 'Tricolore-1797')).json()).toMatchObject({
      error: 'share_locked',
    });
    expect(
      (await visit('GET', `/api/public/shares/file?key=${key}&path=manifest.json`)).json(),
    ).toMatchObject({ error: 'share_locked' });
    const c = await custody();
    expect(c).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'share_locked',
          ip: RECIPIENT_IP,
          details: expect.objectContaining({ shareId: created.share.id }) as unknown,
        }),
      ]),
    );
    const failures = await t.core.db
      .selectFrom('audit_log')
      .select('ip')
      .where('action', '=', 'evidence.share_password_failed')
      .execute();
    expect(failures.length).toBeGreaterThanOrEqual(5);
    const listed = (await operator.get(`/api/evidence/${evidenceId}/shares`)).body.items as Array<{
      id: string;
      status: string;
    }>;
    expect(listed.find((s) => s.id === created.share.id)?.status).toBe('bloccata');
  });

  it('slows down one address trying passwords on many links', async () => {
    const links = [await share({ password: 'Tricolore-1797' })];
    links.push(await share({ password: 'Tricolore-1797' }));
    links.push(await share({ password: 'Tricolore-1797' }));
    const from = (token: string, password: string) =>
      t.http.app.inject({
        method: 'POST',
        url: '/api/public/shares/open',
        remoteAddress: '198.51.100.9',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ token, password }),
      });
    const codes: number[] = [];
    for (const link of links) {
      for (let i = 0; i < 4; i++)
        codes.push((await from(tokenOf(link), `sbagliata-${i}`)).statusCode);
    }
    // Ten attempts per minute per address; the links themselves are not locked (4 < 5 each).
    expect(codes).toEqual([...Array<number>(10).fill(403), 429, 429]);
    const limited = await from(tokenOf(links[2]!), 'Tricolore-1797');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: 'rate_limited' });
    // Another address is not affected, and a minute later this one may try again.
    expect((await openShare(tokenOf(links[2]!), 'Tricolore-1797')).statusCode).toBe(200);
    t.clock.advance(61_000);
    expect((await from(tokenOf(links[2]!), 'Tricolore-1797')).statusCode).toBe(200);
  });

  it('mails the link (never the password); the outbox never shows its secret nor keeps it once sent', async () => {
    const created = await share({ password: 'Tricolore-1797', sendEmail: true });
    const secret = tokenOf(created);
    const row = () =>
      t.core.db
        .selectFrom('outbox')
        .selectAll()
        .where('related_id', '=', created.share.id)
        .executeTakeFirstOrThrow();
    const queued = await row();
    expect(queued.to_addr).toBe('maria.rossi@giustizia.it');
    expect(queued.text).toContain(created.link);
    expect(queued.text).not.toContain('Tricolore-1797');
    expect(queued.text).toContain('comunicata separatamente');
    // The administrator (no evidence.read) reads the outbox: the link is there, its secret not.
    const admin = await loggedIn(t.core, t.http.app, 'sistemista', 'admin');
    const listed = await admin.get<{ items: Array<{ relatedId: string; text: string }> }>(
      '/api/outbox',
    );
    expect(listed.status).toBe(200);
    const shown = listed.body.items.find((i) => i.relatedId === created.share.id);
    expect(shown?.text).toContain('https://vedetta.comune.example.it/condivisione#[riservato]');
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    // Delivered through the relay with the whole link; the stored copy keeps no secret.
    const mine = () => received.find((m) => m.envelopeTo.includes('maria.rossi@giustizia.it'));
    for (let i = 0; i < 20 && !mine(); i++) {
      await t.core.worker.tick();
      await t.core.worker.drain();
    }
    const mail = mine();
    expect(mail).toBeDefined();
    expect((await simpleParser(mail?.raw ?? Buffer.alloc(0))).text).toContain(created.link);
    const sent = await row();
    expect(sent.status).toBe('sent');
    expect(sent.text).not.toContain(secret);
    expect(sent.text).toContain('/condivisione#[riservato]');
  });

  it('tests at most five passwords however many guesses arrive at once', async () => {
    const created = await share({ password: 'Tricolore-1797', maxDownloads: 5 });
    const guess = (n: number, password: string) =>
      t.http.app.inject({
        method: 'POST',
        url: '/api/public/shares/open',
        // A different address each, so that only the link's own limit applies.
        remoteAddress: `192.0.2.${n}`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ token: tokenOf(created), password }),
      });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        guess(i + 1, i === 8 ? 'Tricolore-1797' : `sbagliata-${i}`),
      ),
    );
    const codes = results.map((r) => r.json<{ error?: string }>().error ?? 'opened');
    const row = await t.core.db
      .selectFrom('evidence_shares')
      .select(['failed_attempts', 'locked_at'])
      .where('id', '=', created.share.id)
      .executeTakeFirstOrThrow();
    const failures = await t.core.db
      .selectFrom('audit_log')
      .select('seq')
      .where('action', '=', 'evidence.share_password_failed')
      .where('details', 'like', `%${created.share.id}%`)
      .execute();
    // Wrong passwords checked: never more than five, and the link ends locked.
    expect(Number(row.failed_attempts), codes.join(',')).toBe(5);
    expect(failures).toHaveLength(5);
    expect(row.locked_at).not.toBeNull();
    expect(codes.filter((c) => c === 'share_password_wrong').length).toBeLessThanOrEqual(4);
    expect((await openShare(tokenOf(created), 'Tricolore-1797')).json()).toMatchObject({
      error: 'share_locked',
    });
    const locks = (await custody()).filter(
      (e) => e.action === 'share_locked' && e.details?.shareId === created.share.id,
    );
    expect(locks).toHaveLength(1);
  });

  it('answers no HEAD on the download routes (it would count a download sending nothing)', async () => {
    const created = await share({ maxDownloads: 2 });
    const { key } = (await openShare(tokenOf(created))).json<{ key: string }>();
    for (const url of [
      `/api/public/shares/package.zip?key=${key}`,
      `/api/public/shares/file?key=${key}&path=manifest.json`,
    ]) {
      const head = await t.http.app.inject({ method: 'HEAD', url, remoteAddress: RECIPIENT_IP });
      expect(head.statusCode, url).not.toBe(200);
    }
    const row = await t.core.db
      .selectFrom('evidence_shares')
      .select('downloads')
      .where('id', '=', created.share.id)
      .executeTakeFirstOrThrow();
    expect(Number(row.downloads)).toBe(0);
    const zip = await visit('GET', `/api/public/shares/package.zip?key=${key}`);
    expect(zip.statusCode).toBe(200);
  });

  it('expires (injected clock): the link and its download keys stop working', async () => {
    const created = await share({ expiresInDays: 1 });
    const { key } = (await openShare(tokenOf(created))).json<{ key: string }>();
    t.clock.advance(DAY + 1);
    try {
      const late = await openShare(tokenOf(created));
      expect(late.statusCode).toBe(410);
      expect(late.json()).toMatchObject({ error: 'share_expired' });
      const dl = await visit('GET', `/api/public/shares/package.zip?key=${key}`);
      expect(dl.statusCode).toBe(403);
      expect(dl.json()).toMatchObject({ error: 'share_key_expired' });
      // A day later the operator's session is gone too: a fresh login sees the status.
      const later = new ApiClient(t.http.app);
      expect((await later.login('operatore', TEST_PASSWORD)).status).toBe(200);
      const listed = (await later.get(`/api/evidence/${evidenceId}/shares`)).body.items as Array<{
        id: string;
        status: string;
      }>;
      expect(listed.find((s) => s.id === created.share.id)?.status).toBe('scaduta');
    } finally {
      t.clock.advance(-(DAY + 1));
      operator = new ApiClient(t.http.app);
      expect((await operator.login('operatore', TEST_PASSWORD)).status).toBe(200);
    }
  });

  it('revokes with a reason: the link and an open download key stop at once', async () => {
    const created = await share({ maxDownloads: 5 });
    const { key } = (await openShare(tokenOf(created))).json<{ key: string }>();
    const short = await operator.post(
      `/api/evidence/${evidenceId}/shares/${created.share.id}/revoke`,
      { reason: 'no' },
    );
    expect(short.status).toBe(400);
    const revoked = await operator.post(
      `/api/evidence/${evidenceId}/shares/${created.share.id}/revoke`,
      { reason: 'Destinatario errato' },
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ status: 'revocata', revokedBy: 'operatore' });
    const again = await operator.post(
      `/api/evidence/${evidenceId}/shares/${created.share.id}/revoke`,
      { reason: 'Destinatario errato' },
    );
    expect(again.status).toBe(409);
    expect((await openShare(tokenOf(created))).json()).toMatchObject({ error: 'share_revoked' });
    const dl = await visit('GET', `/api/public/shares/package.zip?key=${key}`);
    expect(dl.statusCode).toBe(410);
    expect(dl.json()).toMatchObject({ error: 'share_revoked' });
    expect(await custody()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'share_revoke',
          actor: 'operatore',
          reason: 'Destinatario errato',
        }),
      ]),
    );
  });
});
