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
      description: 'Specchietto rotto a un’auto in sosta',
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

  it('corrects fields with every change old → new, reassigns, and fulfils with a notice', async () => {
    // Only a landmark nobody can place: no camera, da smistare until the operator corrects it.
    const created = await operator.post<Json>(
      '/api/requests',
      manual({ place: { landmark: 'davanti al bar' } }),
    );
    const id = created.body.id as string;
    expect(created.body.daSmistare).toBe(true);
    const none = await operator.post<Json>(`/api/requests/${id}/fields`, {
      urgent: false,
      reason: 'Nessuna modifica',
    });
    expect(none.status).toBe(200);
    const fixed = await operator.post<Json>(`/api/requests/${id}/fields`, {
      place: { street: 'via Emilia San Pietro', number: '30' },
      requester: {
        name: 'Giulia Verdi',
        rank: 'Brig.',
        email: 'giulia.verdi@carabinieri.it',
        type: 'other_force',
      },
      urgent: true,
      reason: 'Luogo confermato per telefono',
    });
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({
      daSmistare: false,
      urgent: true,
      requester: { rank: 'Brig.' },
    });
    expect(fixed.body.holds).toHaveLength(1);
    const entry = (fixed.body.history as Json[]).find((h) => h.action === 'campi');
    const changes = (entry?.details as { changes: Json[] }).changes;
    expect(changes.map((c) => c.field)).toEqual(['place', 'requester', 'urgent']);
    expect(changes[2]).toEqual({ field: 'urgent', from: false, to: true });
    expect(changes[1]).toMatchObject({ from: { rank: 'Mar.' }, to: { rank: 'Brig.' } });
    expect(entry?.reason).toBe('Luogo confermato per telefono');

    const assignees = (await operator.get<Json>('/api/requests/assignees')).body.items!;
    expect(assignees.map((a) => a.username)).toEqual(['operatore']);
    expect((await admin.get('/api/requests/assignees')).status).toBe(403);
    const assigned = await operator.post<Json>(`/api/requests/${id}/assign`, {
      userId: assignees[0]!.id,
    });
    expect(assigned.body.assignedName).toBe('Test operatore');

    // Fulfilled by the acquisition (the evidence module's call), straight from "ricevuta".
    const done = await t.core.requestsModule.lifecycle.markFulfilled(
      { actor: { userId: null, username: 'system', ip: null }, userId: null, name: 'Vedetta' },
      id,
      { evidenceId: 'AQ-2026-000007' },
    );
    expect(done).toMatchObject({ state: 'evasa', evidenceId: 'AQ-2026-000007' });
    const outbox = (await admin.get<Json>(`/api/outbox?requestId=${id}`)).body.items!;
    const notice = outbox.find((m) => m.kind === 'request.fulfilled');
    expect(notice).toMatchObject({
      to: 'giulia.verdi@carabinieri.it',
      subject: `Richiesta ${created.body.number as string} evasa`,
    });
    expect(notice?.text).toContain('Acquisizione: AQ-2026-000007');
    expect(notice?.text).toContain('Gentile Brig. Giulia Verdi,');
  });

  it('refuses with a reason from the list; the admin edits the template with a preview', async () => {
    expect((await operator.get('/api/notice-templates')).status).toBe(403);
    const list = (await admin.get<Json>('/api/notice-templates')).body;
    expect((list.items as Json[]).map((i) => i.key)).toEqual([
      'ack',
      'fulfilled',
      'refused',
      'cancelled',
    ]);
    const typo = await admin.request<Json>('PUT', '/api/notice-templates/refused', {
      subject: 'Richiesta {{numero}}: esito negativo',
      body: 'Motivo: {{motivo}}',
    });
    expect(typo.status).toBe(400);
    expect(typo.body.message).toContain('{{motivo}}');
    const body =
      '{{saluto}}\n\nla richiesta {{numero}} non può essere accolta: {{esito}}.\n{{motivazione}}\n{{link}}\nCordiali saluti';
    const preview = await admin.post<Json>('/api/notice-templates/preview', {
      subject: 'Esito {{numero}}',
      body,
    });
    expect(preview.body).toEqual({
      subject: 'Esito VS-2026-000123',
      body:
        'Gentile Ag. Mario Rossi,\n\nla richiesta VS-2026-000123 non può essere accolta: ' +
        'telecamera non funzionante nel periodo indicato.\n' +
        'Motivazione: Motivazione di esempio scritta dall’operatore\nCordiali saluti',
    });
    const saved = await admin.request<Json>('PUT', '/api/notice-templates/refused', {
      subject: 'Esito {{numero}}',
      body,
    });
    expect(saved.body).toMatchObject({ key: 'refused', custom: true, updatedBy: 'amministratore' });

    const created = await operator.post<Json>('/api/requests', manual());
    const id = created.body.id as string;
    const refused = await operator.post<Json>(`/api/requests/${id}/state`, {
      state: 'negativa',
      negativeReason: 'not_entitled',
      reason: 'Serve la delega del titolare',
    });
    expect(refused.body).toMatchObject({ state: 'negativa', negativeReason: 'not_entitled' });
    const notice = (await admin.get<Json>(`/api/outbox?requestId=${id}`)).body.items!.find(
      (m) => m.kind === 'request.refused',
    );
    expect(notice?.subject).toBe(`Esito ${created.body.number as string}`);
    expect(notice?.text).toContain('non può essere accolta: richiedente non legittimato');
    expect(notice?.text).toContain('Motivazione: Serve la delega del titolare');
    const reset = await admin.request<Json>('DELETE', '/api/notice-templates/refused');
    expect(reset.body).toMatchObject({
      custom: false,
      subject: 'Richiesta {{numero}}: esito negativo',
    });
  });

  it('proposes overlapping requests as duplicates; merging keeps every requester and tells them all', async () => {
    const a = await operator.post<Json>(
      '/api/requests',
      manual({ window: { from: '2026-11-22T15:00:00+01:00', to: '2026-11-22T15:20:00+01:00' } }),
    );
    const b = await operator.post<Json>(
      '/api/requests',
      manual({
        channel: 'paper',
        window: { from: '2026-11-22T15:10:00+01:00', to: '2026-11-22T15:40:00+01:00' },
        requester: { name: 'Avv. Paolo Neri', email: 'paolo.neri@avvocati.it', type: 'lawyer' },
      }),
    );
    const c = await operator.post<Json>(
      '/api/requests',
      manual({ window: { from: '2026-11-22T20:00:00+01:00', to: '2026-11-22T20:10:00+01:00' } }),
    );
    const aId = a.body.id as string;
    const proposals = (await operator.get<Json>(`/api/requests/${aId}/duplicates`)).body.items!;
    const numbers = proposals.map((p) => (p.request as Json).number);
    expect(numbers).toContain(b.body.number);
    expect(numbers).not.toContain(c.body.number);
    const forB = proposals.find((p) => (p.request as Json).number === b.body.number);
    expect(forB?.reasons).toEqual(expect.arrayContaining(['orari sovrapposti']));
    expect((forB?.reasons as string[]).join(' ')).toMatch(/telecamere bloccate|stessa via/);

    // Dismissed pairs are not proposed again.
    const other = proposals.find((p) => (p.request as Json).number !== b.body.number);
    if (other) {
      const dismissed = await operator.post(`/api/requests/${aId}/duplicates/dismiss`, {
        otherId: (other.request as Json).id,
        reason: 'Eventi diversi: altro veicolo',
      });
      expect(dismissed.status).toBe(200);
      const again = (await operator.get<Json>(`/api/requests/${aId}/duplicates`)).body.items!;
      expect(again.map((p) => (p.request as Json).id)).not.toContain((other.request as Json).id);
    }

    const merged = await operator.post<Json>(`/api/requests/${aId}/merge`, {
      sourceId: b.body.id,
      reason: 'Stesso furto, segnalato anche dal difensore',
    });
    expect(merged.status).toBe(200);
    expect(merged.body.merged).toEqual([
      expect.objectContaining({
        number: b.body.number,
        requester: expect.objectContaining({ email: 'paolo.neri@avvocati.it' }) as unknown,
      }),
    ]);
    const source = (await operator.get<Json>(`/api/requests/${b.body.id as string}`)).body;
    expect(source).toMatchObject({ state: 'unita', mergedInto: aId });

    await operator.post(`/api/requests/${aId}/take`, {});
    await operator.post(`/api/requests/${aId}/state`, {
      state: 'evasa',
      evidenceId: 'AQ-2026-000011',
    });
    const notices = (await admin.get<Json>(`/api/outbox?requestId=${aId}`)).body.items!.filter(
      (m) => m.kind === 'request.fulfilled',
    );
    expect(notices.map((m) => m.to).sort()).toEqual([
      'giulia.verdi@carabinieri.it',
      'paolo.neri@avvocati.it',
    ]);
  });

  it('imports the previous register all or nothing, naming every bad line', async () => {
    const header =
      'N.;Data;Canale;Richiedente;Tipo richiedente;Email;Evento;Luogo;Dal;Al;Riferimenti;Stato;Note';
    const bad = await operator.post<Json>('/api/requests/import', {
      csv: [
        header,
        'R-101;03/11/2026 09:12;telefono;Mar. Bruno;carabinieri;;sinistro;via Emilia San Pietro 4;02/11/2026 18:00;02/11/2026 18:30;verbale 77/2026;evasa;Consegnato DVD',
        'R-102;31/02/2026;telefono;;;;;;;;;;',
        'R-103;04/11/2026;piccione;;;;;;;;;;',
        'R-101;05/11/2026;pec;;;;;;;;;;',
      ].join('\n'),
    });
    expect(bad.status).toBe(400);
    expect((bad.body.details as { errors: Json[] }).errors).toEqual([
      { line: 3, message: 'data "31/02/2026" non esiste' },
      { line: 4, message: 'canale "piccione" sconosciuto' },
      { line: 5, message: 'numero R-101 già alla riga 2' },
    ]);
    const before = (await operator.get<Json>('/api/requests?q=registro')).body.items!;
    expect(before).toHaveLength(0);

    const ok = await operator.post<Json>('/api/requests/import', {
      csv: [
        header,
        'R-101;03/11/2026 09:12;telefono;Mar. Bruno;carabinieri;;sinistro;via Emilia San Pietro 4;02/11/2026 18:00;02/11/2026 18:30;verbale 77/2026;evasa;Consegnato DVD',
        'R-102;22/11/2026 10:00;cartaceo;Avv. Sala;avvocato;sala@avvocati.it;furto;via Emilia San Pietro;22/11/2026 08:00;22/11/2026 08:20;;in lavorazione;',
      ].join('\r\n'),
    });
    expect(ok.status).toBe(200);
    expect(ok.body.imported).toBe(2);
    const [closed, open] = await Promise.all(
      (ok.body.numbers as string[]).map(
        async (n) => (await operator.get<Json>(`/api/requests/${n}`)).body,
      ),
    );
    expect(closed).toMatchObject({
      channel: 'phone',
      state: 'evasa',
      legacyNumber: 'R-101',
      stateReason: 'Consegnato DVD',
      createdAt: '2026-11-03T08:12:00.000Z',
      eventType: 'sinistro_stradale',
      requester: { name: 'Mar. Bruno', type: 'other_force' },
      references: [{ kind: 'verbale', number: '77/2026' }],
      place: { street: 'via emilia san pietro', number: '4' },
    });
    expect(closed!.holds).toEqual([]);
    // Still open and recent: preserved like a new one, without mailing the requester.
    expect(open).toMatchObject({
      state: 'in_lavorazione',
      channel: 'paper',
      legacyNumber: 'R-102',
    });
    expect(open!.holds).toHaveLength(1);
    const mail = (await admin.get<Json>(`/api/outbox?requestId=${open!.id as string}`)).body.items;
    expect(mail).toEqual([]);
    const again = await operator.post<Json>('/api/requests/import', {
      csv: `${header}\nR-102;22/11/2026;;;;;;;;;;;`,
    });
    expect(again.body.message).toBe('riga 2: numero R-102 già importato');
  });

  it('discards a quarantined message with a reason, keeping it', async () => {
    const raw = Buffer.from(
      'From: spam@example.com\r\nSubject: Offerta\r\nMessage-ID: <spam-1@example.com>\r\n' +
        'Content-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\nbroken',
    );
    const r = await t.core.intake.ingest(raw, 'smtp');
    expect(r.status).toBe('quarantined');
    const discarded = await operator.post<Json>(`/api/intake/messages/${r.intakeId}/discard`, {
      reason: 'Pubblicità, non una richiesta',
    });
    expect(discarded.body).toMatchObject({
      status: 'discarded',
      discardReason: 'Pubblicità, non una richiesta',
      discardedBy: 'Test operatore',
    });
    const q = (await operator.get<Json>('/api/intake/messages?status=quarantined')).body.items!;
    expect(q.map((m) => m.id)).not.toContain(r.intakeId);
    const kept = await operator.get(`/api/intake/messages/${r.intakeId}/raw`);
    expect(kept.status).toBe(200);
    const twice = await operator.post(`/api/intake/messages/${r.intakeId}/discard`, {
      reason: 'Di nuovo, per errore',
    });
    expect(twice.status).toBe(409);
  });
});
