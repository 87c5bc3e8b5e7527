import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../test-support/core.js';
import { describeEachDatabase } from '../../test-support/databases.js';
import type { ApiClient } from '../../test-support/http-client.js';
import { loggedIn } from '../../test-support/users.js';

type Json = Record<string, unknown>;
interface Refusal {
  error: string;
  message: string;
  details: Array<{ path: string; message: string }> | { fields: Record<string, string> };
}

/** The messages of a 400 by dotted path, from the schema's list or the service's fields. */
function byField(body: Refusal): Record<string, string> {
  if (!Array.isArray(body.details)) return body.details.fields;
  const out: Record<string, string> = {};
  for (const d of body.details) out[d.path.replace(/^\//, '').replace(/\//g, '.')] ??= d.message;
  return out;
}

const hour = 3_600_000;

describeEachDatabase('footage requests: what a manual request must say', (getDb) => {
  let t: TestCore;
  let operator: ApiClient;
  let officer: ApiClient;
  let now: number;
  const iso = (ms: number) => new Date(ms).toISOString();
  const manual = (over: Json = {}) => ({
    channel: 'phone',
    subject: 'Telefonata: furto di bicicletta',
    eventType: 'furto',
    window: { from: iso(now - 2 * hour), to: iso(now - hour) },
    place: { street: 'Viale Piave', number: '8' },
    requester: { name: 'Giulia Verdi', rank: 'Mar.', type: 'other_force' },
    ...over,
  });
  const stored = async () => ({
    requests: (await t.core.db.selectFrom('requests').select('id').execute()).length,
    holds: (await t.core.db.selectFrom('holds').select('id').execute()).length,
    audited: (
      await t.core.db
        .selectFrom('audit_log')
        .select('seq')
        .where('action', '=', 'request.create')
        .execute()
    ).length,
  });

  beforeAll(async () => {
    // A six-hour limit, to see the setting reach the rule.
    t = await createTestCore(getDb(), {
      VEDETTA_DEMO: '0',
      VEDETTA_SMTP: '0',
      VEDETTA_REQUEST_MAX_WINDOW_HOURS: '6',
    });
    const admin = await loggedIn(t.core, t.http.app, 'amministratore', 'admin');
    operator = await loggedIn(t.core, t.http.app, 'operatore', 'operator');
    officer = await loggedIn(t.core, t.http.app, 'agente', 'officer');
    const cam = await admin.post('/api/cameras', {
      code: 'CAM-PIA',
      name: 'Viale Piave',
      address: 'Viale Piave, Reggio Emilia',
      latitude: 44.6955,
      longitude: 10.6342,
      mainUrl: 'rtsp://10.0.0.1/a',
      retentionDays: 7,
      retentionReason: 'Delibera di Giunta 12/2026',
    });
    expect(cam.status).toBe(201);
  });
  beforeEach(() => {
    now = t.clock.now();
  });
  afterAll(() => t.close());

  it('refuses an empty submission naming every missing field in Italian, and stores nothing', async () => {
    const before = await stored();
    const empty = await operator.post<Refusal>('/api/requests', {});
    expect(empty.status).toBe(400);
    expect(empty.body.error).toBe('validation_failed');
    expect(byField(empty.body)).toEqual({
      channel: 'Indicare il canale di arrivo (modulo, telefono, carta o di persona)',
      eventType: 'Indicare il tipo di evento',
      window: 'Indicare il periodo dell’evento (inizio e fine)',
      place:
        'Indicare il luogo: via o piazza, un punto di riferimento, oppure un punto sulla mappa',
      subject:
        'Indicare l’oggetto o una descrizione: che cosa è successo e perché servono le immagini',
    });

    // The web form sends its blank fields: each one is named where the page shows it.
    const blankForm = await officer.post<Refusal>('/api/requests', {
      channel: 'form',
      subject: '',
      description: '',
      eventType: null,
      window: { from: '', to: '' },
      place: { text: null, street: null, number: null, crossStreet: null, landmark: null },
      references: [],
      requester: { name: ' ', type: 'officer', email: null },
      urgent: false,
    });
    expect(blankForm.status).toBe(400);
    expect(Object.keys(byField(blankForm.body)).sort()).toEqual([
      'eventType',
      'place',
      'requester.name',
      'subject',
      'window.from',
      'window.to',
    ]);
    expect(await stored()).toEqual(before);
  });

  it('wants the requester named by an operator; an officer asks for themselves', async () => {
    const anonymous = await operator.post<Refusal>(
      '/api/requests',
      manual({ requester: undefined }),
    );
    expect(anonymous.status).toBe(400);
    expect(byField(anonymous.body)).toEqual({
      'requester.name': 'Indicare nome e cognome del richiedente',
    });
    const own = await officer.post<Json>(
      '/api/requests',
      manual({ channel: 'form', requester: undefined }),
    );
    expect(own.status).toBe(201);
    expect(own.body.requester).toMatchObject({ name: 'Test agente', type: 'officer' });
  });

  it('refuses a window starting in the future beyond the clock skew', async () => {
    const before = await stored();
    const future = await operator.post<Refusal>(
      '/api/requests',
      manual({ window: { from: iso(now + hour), to: iso(now + 2 * hour) } }),
    );
    expect(future.status).toBe(400);
    expect(byField(future.body)).toEqual({
      'window.from': 'L’inizio non può essere nel futuro (ora della centrale: 23/11/2026 09:00)',
    });
    expect(future.body.message).toContain('L’inizio non può essere nel futuro');
    expect(await stored()).toEqual(before);

    // A PC a couple of minutes fast is no request for the future.
    const skewed = await operator.post<Json>(
      '/api/requests',
      manual({ window: { from: iso(now - 10 * 60_000), to: iso(now + 2 * 60_000) } }),
    );
    expect(skewed.status).toBe(201);
  });

  it('refuses a window whose end precedes its start, and one longer than the setting', async () => {
    const inverted = await operator.post<Refusal>(
      '/api/requests',
      manual({ window: { from: iso(now - hour), to: iso(now - 2 * hour) } }),
    );
    expect(inverted.status).toBe(400);
    expect(byField(inverted.body)).toEqual({
      'window.to': 'La fine deve essere successiva all’inizio',
    });
    const long = await operator.post<Refusal>(
      '/api/requests',
      manual({ window: { from: iso(now - 7 * hour), to: iso(now) } }),
    );
    expect(long.status).toBe(400);
    expect(byField(long.body)).toEqual({
      'window.to':
        'Il periodo non può superare 6 ore: indicare l’intervallo in cui è avvenuto l’evento',
    });
    const six = await operator.post<Json>(
      '/api/requests',
      manual({ window: { from: iso(now - 6 * hour), to: iso(now) } }),
    );
    expect(six.status).toBe(201);
    expect(six.body.holds).toEqual([
      expect.objectContaining({ cameras: [expect.objectContaining({ code: 'CAM-PIA' })] }),
    ]);
  });

  it('caps subject, description and comments with a message instead of storing them', async () => {
    const before = await stored();
    const long = await operator.post<Refusal>(
      '/api/requests',
      manual({ subject: 'S'.repeat(301), description: 'D'.repeat(200_000) }),
    );
    expect(long.status).toBe(400);
    expect(byField(long.body)).toEqual({
      subject: 'Testo troppo lungo: al massimo 300 caratteri (ne sono stati inseriti 301)',
      description:
        'Testo troppo lungo: al massimo 10.000 caratteri (ne sono stati inseriti 200.000)',
    });
    expect(await stored()).toEqual(before);

    const ok = await operator.post<Json>('/api/requests', manual());
    expect(ok.status).toBe(201);
    const comment = await operator.post<Refusal>(`/api/requests/${ok.body.id as string}/comments`, {
      text: 'C'.repeat(5001),
    });
    expect(comment.status).toBe(400);
    expect(byField(comment.body)).toEqual({
      text: 'Testo troppo lungo: al massimo 5000 caratteri (ne sono stati inseriti 5001)',
    });
  });
});
