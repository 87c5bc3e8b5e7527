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
  let camEsp: string;

  beforeAll(async () => {
    t = await createTestCore(getDb(), { VEDETTA_DEMO: '0', VEDETTA_SMTP: '0' });
    admin = await loggedIn(t.core, t.http.app, 'amministratore', 'admin');
    operator = await loggedIn(t.core, t.http.app, 'operatore', 'operator');
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
});
