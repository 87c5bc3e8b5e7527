import { createTransport } from 'nodemailer';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { packageRoot } from '../../platform/package-root.js';
import { createTestCore, type TestCore } from '../../test-support/core.js';
import { describeEachDatabase } from '../../test-support/databases.js';
import type { ApiClient } from '../../test-support/http-client.js';
import { loggedIn } from '../../test-support/users.js';
import { sha256Hex } from '../../platform/crypto/hash.js';
import { requestMail, until } from './testing/messages.js';

type Json = Record<string, unknown> & { items?: Array<Record<string, unknown>> };

describeEachDatabase('footage requests: SMTP intake, hold, acknowledgement, lifecycle', (getDb) => {
  let t: TestCore;
  let admin: ApiClient;
  let operator: ApiClient;
  let officer: ApiClient;
  let camEsp: string;
  let send: (raw: Buffer) => Promise<void>;

  beforeAll(async () => {
    t = await createTestCore(getDb(), { VEDETTA_DEMO: '0', VEDETTA_SMTP_PORT: '0' });
    admin = await loggedIn(t.core, t.http.app, 'amministratore', 'admin');
    operator = await loggedIn(t.core, t.http.app, 'operatore', 'operator');
    officer = await loggedIn(t.core, t.http.app, 'agente', 'officer');
    const a = await admin.post('/api/cameras', {
      code: 'CAM-ESP',
      name: 'Porta San Pietro',
      address: 'Via Emilia San Pietro, Reggio Emilia',
      mainUrl: 'rtsp://10.0.0.1/a',
      retentionDays: 7,
      retentionReason: 'Delibera di Giunta 12/2026',
    });
    expect(a.status).toBe(201);
    camEsp = a.body.id as string;
    await admin.post('/api/cameras', {
      code: 'CAM-FON',
      name: 'Piazza Fontanesi',
      address: 'Piazza Fontanesi, Reggio Emilia',
      mainUrl: 'rtsp://10.0.0.2/b',
      retentionDays: 3,
    });
    const { smtp } = await t.core.mailboxes.start();
    if (!smtp) throw new Error('smtp receiver not started');
    const transport = createTransport({
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      ignoreTLS: true,
    });
    send = async (raw) => {
      await transport.sendMail({
        envelope: { from: 'mario.rossi@comune.reggioemilia.it', to: ['richieste@vedetta.local'] },
        raw,
      });
    };
  });
  afterAll(() => t.close());

  it('turns a delivered message into a request with its fields, a hold and an acknowledgement within 2 s', async () => {
    const raw = requestMail({ messageId: 'sinistro-1@comune.reggioemilia.it' });
    const started = Date.now();
    await send(raw);
    const queued = await until(async () => {
      const q = await operator.get<Json>('/api/requests/queue');
      return q.body.items?.find(
        (r) => r.subject === 'Richiesta immagini sinistro via Emilia San Pietro',
      );
    });
    const id = queued.id as string;
    const detail = (await operator.get<Json>(`/api/requests/${id}`)).body;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(detail).toMatchObject({
      number: `VS-2026-000001`,
      channel: 'email',
      state: 'ricevuta',
      eventType: 'sinistro_stradale',
      window: { from: '2026-11-21T17:10:00.000Z', to: '2026-11-21T17:40:00.000Z' },
      place: { street: 'via emilia san pietro', number: '12' },
      references: [{ kind: 'verbale', number: '2231/2026' }],
      requester: { name: 'Mario Rossi', badge: '1234', type: 'officer' },
      daSmistare: false,
      dueAt: '2026-11-28T17:10:00.000Z',
    });
    expect(detail.holds).toEqual([
      expect.objectContaining({
        cameras: [expect.objectContaining({ id: camEsp, code: 'CAM-ESP' })],
        from: '2026-11-21T16:40:00.000Z',
        to: '2026-11-21T18:10:00.000Z',
        state: 'active',
      }),
    ]);
    const hold = (await t.core.holds.list({ includeEnded: true })).find((h) => h.requestId === id);
    expect(hold).toMatchObject({
      reason: 'Blocco automatico richiesta VS-2026-000001',
      placedBy: 'system',
    });

    // Raw first: stored as received, with its hash.
    const intake = detail.intake as { id: string; sha256: string };
    expect(intake.sha256).toBe(sha256Hex(raw));
    const stored = await operator.get(`/api/intake/messages/${intake.id}/raw`);
    expect(stored.status).toBe(200);
    expect(sha256Hex(Buffer.from(String(stored.body as unknown)))).toBe(intake.sha256);

    const outbox = await admin.get<Json>(`/api/outbox?requestId=${id}`);
    expect(outbox.body.relayConfigured).toBe(false);
    expect(outbox.body.items).toEqual([
      expect.objectContaining({
        to: 'mario.rossi@comune.reggioemilia.it',
        subject: 'Richiesta VS-2026-000001 registrata',
        status: 'local',
        kind: 'request.ack',
        inReplyTo: '<sinistro-1@comune.reggioemilia.it>',
      }),
    ]);
    const text = outbox.body.items?.[0]?.text as string;
    expect(text).toContain('VS-2026-000001');
    expect(text).toContain('CAM-ESP');
    expect(text).toContain('Tipo evento: sinistro stradale');
    expect(text).toContain('RICHIESTA DI ACQUISIZIONE IMMAGINI');
    expect((await officer.get('/api/outbox')).status).toBe(403);

    const audit = await t.core.db
      .selectFrom('audit_log')
      .select(['action', 'case_ref'])
      .where('action', 'in', ['request.create', 'request.preserve', 'hold.place'])
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'hold.place',
      'request.create',
      'request.preserve',
    ]);
  });

  it('ingests the same message once, by hash and by Message-ID', async () => {
    const raw = requestMail({ messageId: 'sinistro-2@comune.reggioemilia.it' });
    const first = await t.core.intake.ingest(raw, 'test');
    expect(first.status).toBe('accepted');
    await send(raw);
    const again = await t.core.intake.ingest(raw, 'test');
    expect(again).toMatchObject({ status: 'duplicate', requestId: first.requestId });
    // Same Message-ID, other bytes (a relay added a header): a duplicate, kept apart.
    const relayed = Buffer.concat([Buffer.from('Received: from relay.example\r\n'), raw]);
    const third = await t.core.intake.ingest(relayed, 'test');
    expect(third).toMatchObject({ status: 'duplicate', requestId: first.requestId });
    const requests = await t.core.db
      .selectFrom('requests')
      .select('id')
      .where('source_message_id', '=', '<sinistro-2@comune.reggioemilia.it>')
      .execute();
    expect(requests).toHaveLength(1);
    const dups = await operator.get<Json>('/api/intake/messages?status=duplicate');
    expect(dups.body.items?.length).toBe(1);
  });

  it('quarantines a malformed message with its reason and goes on', async () => {
    await send(Buffer.from('this is not a mail message\r\n\r\n\0\0 garbage\r\n'));
    await send(
      requestMail({
        messageId: 'vuoto@comune.reggioemilia.it',
        body: '',
      }),
    );
    const good = requestMail({ messageId: 'sinistro-3@comune.reggioemilia.it' });
    await send(good);
    const q = await until(async () => {
      const r = await operator.get<Json>('/api/intake/messages?status=quarantined');
      return (r.body.items?.length ?? 0) >= 2 ? r.body.items : null;
    });
    expect(q.map((m) => m.reason).sort()).toEqual(['empty_body', 'malformed_mime']);
    await until(async () =>
      t.core.intake.ingest(good, 'test').then((r) => r.status === 'duplicate' && r.requestId),
    );
    const malformed = q.find((m) => m.reason === 'malformed_mime')!;

    // Re-processable: a person accepts it; it becomes a request to sort by hand.
    const bad = await operator.post(`/api/intake/messages/${malformed.id as string}/reprocess`, {
      reason: 'x',
    });
    expect(bad.status).toBe(400);
    const again = await operator.post(`/api/intake/messages/${malformed.id as string}/reprocess`, {
      reason: 'Letto dal capoturno',
    });
    expect(again.body).toMatchObject({ status: 'quarantined', reason: 'malformed_mime' });
    const accepted = await operator.post(
      `/api/intake/messages/${malformed.id as string}/reprocess`,
      {
        reason: 'Telefonata di conferma del richiedente',
        accept: true,
      },
    );
    expect(accepted.body).toMatchObject({ status: 'accepted' });
    const created = await operator.get<Json>(`/api/requests/${accepted.body.requestId as string}`);
    expect(created.body).toMatchObject({ daSmistare: true, holds: [] });
    expect(created.body.triageNotes).toEqual(
      expect.arrayContaining(['orario dell’evento non individuato']),
    );
  });

  it('enters requests by hand, sorts the queue and follows the lifecycle with its history', async () => {
    // The caller names the time but only a landmark nobody can place: no camera, da smistare.
    const byPhone = await operator.post<Json>('/api/requests', {
      channel: 'phone',
      subject: 'Telefonata Carabinieri: furto in piazza',
      description: 'Furto di bicicletta davanti al bar',
      eventType: 'furto',
      window: { from: '2026-11-22T15:00:00+01:00', to: '2026-11-22T16:00:00+01:00' },
      place: { landmark: 'davanti al bar' },
      requester: { name: 'Brig. Bianchi', type: 'other_force' },
    });
    expect(byPhone.status).toBe(201);
    expect(byPhone.body).toMatchObject({ channel: 'phone', daSmistare: true, holds: [] });
    const form = await officer.post<Json>('/api/requests', {
      channel: 'form',
      subject: 'Vetrina danneggiata',
      eventType: 'danneggiamento',
      window: { from: '2026-11-22T22:00:00+01:00', to: '2026-11-22T23:00:00+01:00' },
      place: { street: 'piazza fontanesi', number: '3' },
      requester: { name: 'Luca Verdi', email: 'luca.verdi@comune.reggioemilia.it' },
    });
    expect(form.status).toBe(201);
    expect(form.body).toMatchObject({
      daSmistare: false,
      dueAt: '2026-11-25T21:00:00.000Z',
      holds: [expect.objectContaining({ cameras: [expect.objectContaining({ code: 'CAM-FON' })] })],
    });
    expect((await officer.post('/api/requests', { channel: 'email' })).status).toBe(400);
    expect((await officer.post('/api/requests', { channel: 'form', extra: 1 })).status).toBe(400);
    expect((await officer.get('/api/requests')).status).toBe(403);

    const queue = (await operator.get<Json>('/api/requests/queue')).body.items!;
    const smistare = queue.filter((r) => r.daSmistare);
    expect(queue.slice(0, smistare.length).every((r) => r.daSmistare)).toBe(true);
    const rest = queue.slice(smistare.length).map((r) => Date.parse(r.dueAt as string));
    expect(rest).toEqual([...rest].sort((a, b) => a - b));
    // Fontanesi keeps 3 days, via Emilia 7: the form's request comes first.
    expect(queue[smistare.length]?.id).toBe(form.body.id);

    const id = form.body.id as string;
    const wrong = await operator.post(`/api/requests/${id}/state`, { state: 'evasa' });
    expect(wrong.status).toBe(409);
    const taken = await operator.post<Json>(`/api/requests/${id}/take`, {});
    expect(taken.body).toMatchObject({ state: 'in_lavorazione', assignedName: 'Test operatore' });
    const noReason = await operator.post(`/api/requests/${id}/state`, { state: 'negativa' });
    expect(noReason.status).toBe(400);
    await operator.post(`/api/requests/${id}/comments`, { text: 'Telecamera verificata' });
    const refused = await operator.post<Json>(`/api/requests/${id}/state`, {
      state: 'negativa',
      negativeReason: 'camera_offline',
      reason: 'Telecamera guasta dal 20/11',
    });
    expect(refused.body).toMatchObject({
      state: 'negativa',
      negativeReason: 'camera_offline',
      stateReason: 'Telecamera guasta dal 20/11',
    });
    expect(refused.body.closedAt).not.toBeNull();
    expect((await operator.post(`/api/requests/${id}/take`, {})).status).toBe(409);
    expect(refused.body.comments).toEqual([
      expect.objectContaining({ author: 'Test operatore', text: 'Telecamera verificata' }),
    ]);
    const history = refused.body.history as Array<Record<string, unknown>>;
    expect(history.map((h) => h.action)).toEqual(['creata', 'blocco', 'presa_in_carico', 'stato']);

    // The operator completes the phone request: its hold follows at once.
    const completed = await operator.post<Json>(
      `/api/requests/${byPhone.body.id as string}/fields`,
      {
        place: { street: 'piazza fontanesi', landmark: 'davanti al bar' },
        reason: 'Luogo confermato per telefono',
      },
    );
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({
      daSmistare: false,
      triageNotes: [],
      window: { from: '2026-11-22T14:00:00.000Z', to: '2026-11-22T15:00:00.000Z' },
      holds: [expect.objectContaining({ cameras: [expect.objectContaining({ code: 'CAM-FON' })] })],
    });
    expect(
      (await operator.post(`/api/requests/${byPhone.body.id as string}/fields`, { window: null }))
        .status,
    ).toBe(400);

    // Merge: the phone request joins the first one.
    const first = (await operator.get<Json>('/api/requests/VS-2026-000001')).body;
    const merged = await operator.post<Json>(`/api/requests/${byPhone.body.id as string}/state`, {
      state: 'unita',
      mergedInto: first.number,
      reason: 'Stesso evento',
    });
    expect(merged.body).toMatchObject({ state: 'unita', mergedInto: first.id });
    const audit = await t.core.db
      .selectFrom('audit_log')
      .select(['action', 'reason'])
      .where('action', '=', 'request.state')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.reason)).toEqual(['Telecamera guasta dal 20/11', 'Stesso evento']);
    const updates = await t.core.db
      .selectFrom('audit_log')
      .select(['reason'])
      .where('action', '=', 'request.update')
      .execute();
    expect(updates.map((a) => a.reason)).toEqual(['Luogo confermato per telefono']);
  });

  it('takes the whole test corpus (PEC included) without ever failing', async () => {
    const dir = path.join(packageRoot(), 'test/corpus/requests');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.eml')).sort();
    const statuses: Record<string, number> = {};
    for (const f of files) {
      const r = await t.core.intake.ingest(await readFile(path.join(dir, f)), 'test');
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    }
    expect(statuses.accepted).toBeGreaterThan(files.length / 2);
    const pec = await operator.get<Json>('/api/requests?channel=pec');
    expect(pec.body.items?.length).toBeGreaterThan(0);
  });
});
