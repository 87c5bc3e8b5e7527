import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../test-support/core.js';
import { describeEachDatabase } from '../../test-support/databases.js';
import type { ApiClient } from '../../test-support/http-client.js';
import { loggedIn } from '../../test-support/users.js';

type Json = Record<string, unknown> & { items?: Array<Record<string, unknown>> };

const manual = (over: Record<string, unknown> = {}) => ({
  channel: 'phone',
  subject: 'Telefonata del Comando Carabinieri',
  eventType: 'furto',
  window: { from: '2026-11-22T09:00:00+01:00', to: '2026-11-22T09:30:00+01:00' },
  place: { street: 'via Emilia San Pietro', number: '30' },
  requester: {
    name: 'Giulia Verdi',
    rank: 'Mar.',
    email: 'giulia.verdi@carabinieri.it',
    type: 'other_force',
  },
  ...over,
});

describeEachDatabase('footage requests: the operators’ work', (getDb) => {
  let t: TestCore;
  let admin: ApiClient;
  let operator: ApiClient;
  let officer: ApiClient;
  let camEsp: string;

  beforeAll(async () => {
    t = await createTestCore(getDb(), { VEDETTA_DEMO: '0', VEDETTA_SMTP: '0' });
    admin = await loggedIn(t.core, t.http.app, 'amministratore', 'admin');
    operator = await loggedIn(t.core, t.http.app, 'operatore', 'operator');
    officer = await loggedIn(t.core, t.http.app, 'agente', 'officer');
    const a = await admin.post('/api/cameras', {
      code: 'CAM-ESP',
      name: 'Porta San Pietro',
      address: 'Via Emilia San Pietro, Reggio Emilia',
      latitude: 44.6955,
      longitude: 10.6405,
      mainUrl: 'rtsp://10.0.0.1/a',
      retentionDays: 7,
      retentionReason: 'Delibera di Giunta 12/2026',
    });
    expect(a.status).toBe(201);
    camEsp = a.body.id as string;
  });
  afterAll(() => t.close());

  it('shows a request’s holds however many other holds exist (ended ones included)', async () => {
    const created = await operator.post<Json>('/api/requests', manual());
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const own = created.body.holds as Json[];
    expect(own).toHaveLength(1);
    // 520 newer holds of nobody's request: a list capped at 500 would lose this one.
    const placedAt = t.clock.now() + 1000;
    const rows = Array.from({ length: 520 }, (_, i) => ({
      id: randomUUID(),
      start_ms: Date.UTC(2026, 10, 20),
      end_ms: Date.UTC(2026, 10, 20, 1),
      reason: `Blocco di prova ${i}`,
      case_ref: null,
      request_id: null,
      placed_by: 'system',
      placed_at: placedAt + i,
      expires_at: null,
      released_at: null,
      released_by: null,
      release_reason: null,
    }));
    for (let i = 0; i < rows.length; i += 100) {
      await t.core.db
        .insertInto('holds')
        .values(rows.slice(i, i + 100))
        .execute();
      await t.core.db
        .insertInto('hold_cameras')
        .values(rows.slice(i, i + 100).map((r) => ({ hold_id: r.id, camera_id: camEsp })))
        .execute();
    }
    const holdId = own[0]!.id as string;
    await operator.post(`/api/holds/${holdId}/release`, {
      reason: 'Verificato: nessuna immagine utile',
    });
    const detail = (await operator.get<Json>(`/api/requests/${id}`)).body;
    expect(detail.holds).toEqual([expect.objectContaining({ id: holdId, state: 'released' })]);
    expect(await t.core.holds.listByRequest(id)).toHaveLength(1);
  });

  it('records a phone request by hand: numbered, held at once, acknowledged by e-mail', async () => {
    const created = await operator.post<Json>('/api/requests', manual());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      channel: 'phone',
      state: 'ricevuta',
      daSmistare: false,
      requester: { name: 'Giulia Verdi', type: 'other_force' },
    });
    expect(created.body.holds).toEqual([
      expect.objectContaining({
        state: 'active',
        cameras: [expect.objectContaining({ code: 'CAM-ESP' })],
      }),
    ]);
    const outbox = await admin.get<Json>(`/api/outbox?requestId=${created.body.id as string}`);
    expect(outbox.body.items).toEqual([
      expect.objectContaining({ to: 'giulia.verdi@carabinieri.it', kind: 'request.ack' }),
    ]);
  });

  it('lets an officer use only the web form, as the requester unless named', async () => {
    const phone = await officer.post<Json>('/api/requests', manual());
    expect(phone.status).toBe(400);
    const form = await officer.post<Json>('/api/requests', {
      channel: 'form',
      eventType: 'danneggiamento',
      window: { from: '2026-11-22T22:00:00+01:00', to: '2026-11-22T23:00:00+01:00' },
      place: { lat: 44.6956, lon: 10.6407 },
    });
    expect(form.status).toBe(201);
    expect(form.body).toMatchObject({
      channel: 'form',
      requester: { name: 'Test agente', type: 'officer' },
      daSmistare: false,
    });
    expect((form.body.holds as Json[])[0]).toMatchObject({
      cameras: [expect.objectContaining({ id: camEsp })],
    });
    // The officer reads neither the register nor the queue.
    expect((await officer.get('/api/requests/queue')).status).toBe(403);
  });

  it('imports the stradario all or nothing and places requests by its coordinates', async () => {
    const bad = await admin.post<Json>('/api/streets/import', {
      csv: 'nome;lat;lon\nVia Roma;44,70;10,63\n;44;10\nVia Roma;1;2\nViale Piave;abc;10\n',
    });
    expect(bad.status).toBe(400);
    const errors = (bad.body.details as { errors: Array<{ line: number }> }).errors;
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5]);
    expect((await operator.get<Json>('/api/streets')).body.count).toBe(0);
    expect((await operator.post('/api/streets/import', { csv: 'nome\nVia Roma\n' })).status).toBe(
      403,
    );

    const ok = await admin.post<Json>('/api/streets/import', {
      csv: [
        'Denominazione;Codice;Latitudine;Longitudine',
        'Via Emilia San Pietro;101;44,6955;10,6406',
        'Viale Piave;102;;',
        'Piazza Fontanesi;103;44,6947;10,6339',
      ].join('\r\n'),
    });
    expect(ok.body).toEqual({ imported: 3, withCoordinates: 2 });
    const found = await officer.get<Json>('/api/streets?q=san pie');
    expect(found.body.items).toEqual([
      expect.objectContaining({ name: 'Via Emilia San Pietro', lat: 44.6955, lon: 10.6406 }),
    ]);
    // Named without coordinates: the register's are used (and the camera within 150 m found).
    const placed = await operator.post<Json>(
      '/api/requests',
      manual({ place: { street: 'Via Emilia San Pietro' } }),
    );
    expect(placed.body.place).toMatchObject({ lat: 44.6955, lon: 10.6406 });
  });
});
