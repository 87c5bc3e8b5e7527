import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../test-support/core.js';
import { describeEachDatabase } from '../../test-support/databases.js';
import type { ApiClient } from '../../test-support/http-client.js';
import { loggedIn } from '../../test-support/users.js';

describeEachDatabase('camera registry', (getDb) => {
  let t: TestCore;
  let admin: ApiClient;
  let operator: ApiClient;

  beforeAll(async () => {
    t = await createTestCore(getDb());
    admin = await loggedIn(t.core, t.http.app, 'amministratore', 'admin');
    operator = await loggedIn(t.core, t.http.app, 'operatore', 'operator');
  });
  afterAll(() => t.close());

  const base = {
    code: 'cam-012',
    name: 'Piazza Fontanesi',
    address: 'Piazza Fontanesi 1',
    latitude: 44.6951,
    longitude: 10.6282,
    mainUrl: 'rtsp://admin:Segreta%2125@10.20.0.12:554/Streaming/Channels/101',
    purpose: 'sicurezza_urbana',
    retentionDays: 3,
  };

  it('stores credentials apart, encrypted, and never returns or logs them', async () => {
    const res = await admin.post('/api/cameras', base);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      code: 'CAM-012',
      mainUrl: 'rtsp://10.20.0.12:554/Streaming/Channels/101',
      username: 'admin',
      hasPassword: true,
      retentionDays: 3,
      enabled: true,
      demo: false,
      status: { state: 'starting' },
    });
    const raw = JSON.stringify(res.body);
    expect(raw).not.toContain('Segreta');
    const row = await t.core.db.selectFrom('cameras').selectAll().executeTakeFirstOrThrow();
    expect(row.main_url).not.toContain('Segreta');
    expect(row.password_enc).toMatch(/^v1:/);
    expect(row.password_enc).not.toContain('Segreta');
    const audit = await t.core.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', '=', 'camera.create')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).not.toContain('Segreta');
    // The recorder, and only the recorder, gets the address with credentials back.
    const [target] = await t.core.cameras.recordingTargets();
    expect(target?.url).toBe('rtsp://admin:Segreta!25@10.20.0.12:554/Streaming/Channels/101');
  });

  it('requires a reason above 72 hours and refuses more than the maximum', async () => {
    const noReason = await admin.post('/api/cameras', {
      ...base,
      code: 'CAM-013',
      retentionDays: 7,
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toMatch(/motivazione/);
    const tooLong = await admin.post('/api/cameras', {
      ...base,
      code: 'CAM-013',
      retentionDays: 30,
      retentionReason: 'Area con frequenti danneggiamenti',
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.message).toMatch(/massima consentita è di 7 giorni/);
    const ok = await admin.post('/api/cameras', {
      ...base,
      code: 'CAM-013',
      mainUrl: 'rtsp://10.20.0.13/live',
      retentionDays: 7,
      retentionReason: 'Incrocio ad alta incidentalità (delibera GC 12/2026)',
    });
    expect(ok.status).toBe(201);
    expect(ok.body.hasPassword).toBe(false);
  });

  it('refuses malformed addresses, duplicate codes and unknown fields with clear errors', async () => {
    for (const [mainUrl, message] of [
      ['http://10.0.0.1/video', /protocollo http/],
      ['rtsp://10.0.0.1/a b', /spazi/],
      ['rtsp//broken', /non valido/],
    ] as const) {
      const res = await admin.post('/api/cameras', { ...base, code: 'CAM-099', mainUrl });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
    }
    const dup = await admin.post('/api/cameras', { ...base, mainUrl: 'rtsp://10.0.0.9/x' });
    expect(dup.status).toBe(409);
    const extra = await admin.post('/api/cameras', { ...base, code: 'CAM-098', colour: 'red' });
    expect(extra.status).toBe(400);
    expect(await t.core.db.selectFrom('cameras').select('code').execute()).toHaveLength(2);
  });

  it('keeps the password when an edit omits it, and audits what changed', async () => {
    const [cam] = (await admin.get<{ items: Array<{ id: string; code: string }> }>('/api/cameras'))
      .body.items;
    const res = await admin.request('PUT', `/api/cameras/${cam?.id}`, {
      ...base,
      mainUrl: 'rtsp://10.20.0.12:554/Streaming/Channels/102',
      username: 'admin',
      name: 'Piazza Fontanesi (lato nord)',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ hasPassword: true, name: 'Piazza Fontanesi (lato nord)' });
    const [target] = await t.core.cameras.recordingTargets();
    expect(target?.url).toBe('rtsp://admin:Segreta!25@10.20.0.12:554/Streaming/Channels/102');
    const update = await t.core.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'camera.update')
      .executeTakeFirstOrThrow();
    const details = JSON.parse(update.details ?? '{}') as {
      changes: Record<string, { to: unknown }>;
    };
    expect(details.changes.name?.to).toBe('Piazza Fontanesi (lato nord)');
  });

  it('lets operators read but not change the registry', async () => {
    expect((await operator.get('/api/cameras')).status).toBe(200);
    const res = await operator.post('/api/cameras', { ...base, code: 'CAM-050' });
    expect(res.status).toBe(403);
  });

  it('exports CSV without credentials and imports it back, all or nothing', async () => {
    const exported = await admin.get('/api/cameras/export.csv');
    expect(exported.status).toBe(200);
    expect(String(exported.headers['content-type'])).toContain('text/csv');
    const csv = exported.body as unknown as string;
    expect(csv.split('\r\n')[0]).toBe(
      'code,name,address,latitude,longitude,main_url,sub_url,purpose,retention_days,retention_reason,enabled,notes,dpia_ref',
    );
    expect(csv).toContain('CAM-012');
    expect(csv).not.toContain('Segreta');
    expect(csv).not.toContain('admin');

    const bad = await admin.post('/api/cameras/import', {
      csv: 'code;name;main_url;retention_days\r\nCAM-200;Via Roma;rtsp://10.0.0.200/s;3\r\nCAM-201;Via Milano;ftp://x;3\r\n',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/riga 3/);
    expect(
      await t.core.db.selectFrom('cameras').select('code').where('code', '=', 'CAM-200').execute(),
    ).toHaveLength(0);

    const ok = await admin.post('/api/cameras/import', {
      csv: 'code;name;main_url;retention_days\r\nCAM-200;Via Roma;rtsp://10.0.0.200/s;2\r\nCAM-012;Piazza Fontanesi;rtsp://10.20.0.12/s;3\r\n',
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ created: 1, updated: 1 });
  });

  it('limits a partner command’s operator to the cameras of their groups', async () => {
    const shared = await admin.post('/api/cameras', {
      ...base,
      code: 'UVE-001',
      mainUrl: 'rtsp://10.30.0.1/s',
      groups: ['Unione-Val-Enza'],
    });
    expect(shared.status).toBe(201);
    expect(shared.body.groups).toEqual(['unione-val-enza']);
    const partner = await loggedIn(t.core, t.http.app, 'partner', 'operator');
    const users = await admin.get<{ items: Array<{ id: string; username: string }> }>('/api/users');
    const partnerId = users.body.items.find((u) => u.username === 'partner')?.id ?? '';
    const limited = await admin.request('PATCH', `/api/users/${partnerId}`, {
      cameraGroups: ['unione-val-enza'],
    });
    expect(limited.status).toBe(200);
    expect(limited.body.cameraGroups).toEqual(['unione-val-enza']);
    await partner.refreshSession();

    const seen = await partner.get<{ items: Array<{ code: string }> }>('/api/cameras');
    expect(seen.body.items.map((c) => c.code)).toEqual(['UVE-001']);
    const own = (await operator.get<{ items: Array<{ id: string; code: string }> }>('/api/cameras'))
      .body.items;
    expect(own.length).toBeGreaterThan(1);
    const hidden = own.find((c) => c.code === 'CAM-012')?.id ?? '';
    expect((await partner.get(`/api/cameras/${hidden}`)).status).toBe(404);
    const playback = await partner.post('/api/playback', {
      cameraId: hidden,
      from: '2026-11-23T07:00:00Z',
      to: '2026-11-23T07:10:00Z',
      reason: 'Verifica',
    });
    expect(playback.status).toBe(404);
    const hold = await partner.post('/api/holds', {
      cameraIds: [hidden],
      from: '2026-11-23T07:00:00Z',
      to: '2026-11-23T07:10:00Z',
      reason: 'Richiesta AG',
    });
    expect(hold.status).toBe(404);
    const ownHold = await operator.post('/api/holds', {
      cameraIds: [hidden],
      from: '2026-11-23T07:00:00Z',
      to: '2026-11-23T07:10:00Z',
      reason: 'Richiesta AG prot. 77',
    });
    expect(ownHold.status).toBe(201);
    expect((await partner.get<{ items: unknown[] }>('/api/holds')).body.items).toEqual([]);
    const release = await partner.post(`/api/holds/${ownHold.body.id as string}/release`, {
      reason: 'Non più necessario',
    });
    expect(release.status).toBe(404);
    const csv = await partner.get('/api/cameras/export.csv');
    expect(csv.body as unknown as string).not.toContain('CAM-012');
  });
});
