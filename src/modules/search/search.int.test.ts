import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../test-support/core.js';
import { describeEachDatabase } from '../../test-support/databases.js';
import type { ApiClient } from '../../test-support/http-client.js';
import { makeTestClip } from '../../test-support/media-fixtures.js';
import { loggedIn } from '../../test-support/users.js';
import { SYSTEM_ACTOR } from '../audit/audit.types.js';
import { SegmentRepository } from '../recording/segment.repository.js';
import type { CoverageResult, SearchResult } from './search.schemas.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describeEachDatabase('event search', (getDb) => {
  let t: TestCore;
  let admin: ApiClient;
  let operator: ApiClient;
  let clip: Buffer;
  let segments: SegmentRepository;
  let now: number;
  const ids: Record<string, string> = {};

  async function addSegment(cameraId: string, startMs: number, lengthMs = 4000) {
    const id = randomUUID();
    const key = `recordings/${cameraId}/${id}.mp4`;
    const stored = await t.core.storage.put(key, clip);
    await segments.insert({
      id,
      camera_id: cameraId,
      start_ms: startMs,
      end_ms: startMs + lengthMs,
      bytes: stored.bytes,
      storage_key: key,
      codec: 'h264',
      run_id: 'test',
      created_at: startMs + lengthMs,
    });
  }

  beforeAll(async () => {
    const db = getDb();
    t = await createTestCore(db, { VEDETTA_DEMO: '0' });
    now = t.clock.now();
    admin = await loggedIn(t.core, t.http.app, 'amministratore', 'admin');
    operator = await loggedIn(t.core, t.http.app, 'operatore', 'operator');
    clip = await readFile(await makeTestClip({ dir: path.join(db.dir, 'clips'), seconds: 4 }));
    segments = new SegmentRepository(t.core.db);
    const cameras = [
      // Piazza Prampolini, and 90 m and 500 m from it; one camera with no coordinates.
      [
        'CAM-P1',
        'Piazza Prampolini',
        'Piazza Camillo Prampolini, Reggio Emilia',
        44.69758,
        10.63093,
        3,
      ],
      ['CAM-P2', 'Broletto', 'Via Broletto, Reggio Emilia', 44.69839, 10.63093, 1],
      [
        'CAM-E1',
        'Via Emilia San Pietro',
        'Via Emilia San Pietro / Viale Piave, Reggio Emilia',
        44.69716,
        10.63688,
        3,
      ],
      ['CAM-X1', 'Senza posizione', 'Via Roma 5, Reggio Emilia', null, null, 3],
    ] as const;
    for (const [code, name, address, latitude, longitude, retentionDays] of cameras) {
      const res = await admin.post('/api/cameras', {
        code,
        name,
        address,
        latitude,
        longitude,
        mainUrl: `rtsp://10.0.0.1/${code}`,
        retentionDays,
        ...(code === 'CAM-E1' && { groups: ['centro-storico'] }),
      });
      expect(res.status).toBe(201);
      ids[code] = res.body.id as string;
    }
  });
  afterAll(() => t.close());

  const search = (client: ApiClient, body: unknown) =>
    client.post<SearchResult & { error?: string; message?: string }>('/api/search', body);

  it('finds the cameras around a point, nearest first, with recorded, gap, expired and future bands', async () => {
    const from = now - 30 * MIN;
    const to = now + 10 * MIN;
    // CAM-P1: recorded 30'→20' ago, a noted gap 20'→10', recorded again 10'→0' ago (one segment each 4 s is enough: merged ranges).
    for (let s = from; s < from + 10 * MIN; s += 4000) await addSegment(ids['CAM-P1']!, s);
    await t.core.db
      .insertInto('recording_gaps')
      .values({
        id: randomUUID(),
        camera_id: ids['CAM-P1']!,
        start_ms: from + 10 * MIN,
        end_ms: from + 20 * MIN,
        cause: 'camera_offline',
        detail: 'connessione rifiutata',
        created_at: now,
      })
      .execute();
    for (let s = from + 20 * MIN; s < now; s += 4000) await addSegment(ids['CAM-P1']!, s);

    const res = await search(operator, {
      place: { kind: 'point', lat: 44.69758, lon: 10.63093, radiusM: 200 },
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
    });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i) => [i.camera.code, i.distanceM, i.match])).toEqual([
      ['CAM-P1', 0, 'distance'],
      ['CAM-P2', 90, 'distance'],
    ]);
    const p1 = res.body.items[0]!;
    expect(p1.bands.map((b) => [b.kind, b.cause])).toEqual([
      ['recorded', null],
      ['gap', 'camera_offline'],
      ['recorded', null],
      ['future', null],
    ]);
    expect(p1.bands[0]!.from).toBe(new Date(from).toISOString());
    expect(p1.bands[3]!.to).toBe(new Date(to).toISOString());
    expect(p1.summary).toBe('partial');
    expect(p1.totals).toEqual({
      recordedMs: 20 * MIN,
      gapMs: 10 * MIN,
      expiredMs: 0,
      futureMs: 10 * MIN,
    });
    expect(res.body.items[1]!.summary).toBe('none');
    expect(res.body.items[1]!.thumbnail).toBeNull();

    // The thumbnail link works for this user only, and is a JPEG.
    expect(p1.thumbnail?.at).toBe(new Date(from + 1000).toISOString());
    const jpeg = await operator.get<string>(p1.thumbnail!.url);
    expect(jpeg.status).toBe(200);
    expect(jpeg.headers['content-type']).toBe('image/jpeg');
    const other = await loggedIn(t.core, t.http.app, 'operatore2', 'operator');
    expect((await other.get(p1.thumbnail!.url)).status).toBe(403);
    const forged = p1.thumbnail!.url.replace(/at=\d+/, `at=${from + 2000}`);
    expect((await operator.get(forged)).status).toBe(403);

    // Audited with the query.
    const audit = await t.core.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'search.run')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_username: 'operatore', object_type: 'search' });
    const details = JSON.parse(audit[0]!.details ?? '{}') as Record<string, unknown>;
    expect(details).toMatchObject({
      place: { kind: 'point', lat: 44.69758, lon: 10.63093, radiusM: 200 },
      cameras: ['CAM-P1', 'CAM-P2'],
    });
  });

  it('tells how much of a window about to be acquired each camera recorded, and what is held', async () => {
    // CAM-P1 as above: recorded until 20' ago, a gap 20'→10', recorded again from 10' ago.
    const from = now - 25 * MIN;
    const to = now - 5 * MIN;
    const hold = await operator.post('/api/holds', {
      cameraIds: [ids['CAM-P1']],
      from: new Date(now - 22 * MIN).toISOString(),
      to: new Date(now - 12 * MIN).toISOString(),
      reason: 'Richiesta PG prot. 71/2026',
    });
    expect(hold.status).toBe(201);
    const audited = async () =>
      (await t.core.db.selectFrom('audit_log').select('action').execute()).filter((a) =>
        a.action.startsWith('search.'),
      ).length;
    const before = await audited();
    const coverage = (client: ApiClient, body: unknown) =>
      client.post<CoverageResult & { error?: string; message?: string }>(
        '/api/search/coverage',
        body,
      );
    const res = await coverage(operator, {
      cameraIds: [ids['CAM-P1'], ids['CAM-P2']],
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
    });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i) => [i.camera.code, i.summary, i.totals])).toEqual([
      [
        'CAM-P1',
        'partial',
        { recordedMs: 10 * MIN, gapMs: 10 * MIN, expiredMs: 0, futureMs: 0, heldMs: 10 * MIN },
      ],
      ['CAM-P2', 'none', { recordedMs: 0, gapMs: 20 * MIN, expiredMs: 0, futureMs: 0, heldMs: 0 }],
    ]);
    expect(res.body.items[0]!.bands.map((b) => [b.kind, b.cause])).toEqual([
      ['recorded', null],
      ['gap', 'camera_offline'],
      ['recorded', null],
    ]);
    expect(res.body.items[0]!.holds.map((h) => h.reason)).toEqual(['Richiesta PG prot. 71/2026']);
    // Metadata only, like the recordings' availability: no search entry in the audit log.
    expect(await audited()).toBe(before);

    // The same rules as the search: no footage for the administrator, only visible cameras.
    const denied = await coverage(admin, {
      cameraIds: [ids['CAM-P1']],
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
    });
    expect(denied.status).toBe(403);
    const backwards = await coverage(operator, {
      cameraIds: [ids['CAM-P1']],
      from: new Date(to).toISOString(),
      to: new Date(from).toISOString(),
    });
    expect(backwards.status).toBe(400);
    const unknown = await coverage(operator, {
      cameraIds: [randomUUID()],
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
    });
    expect(unknown.status).toBe(404);
  });

  it('names the nearest camera when none is within the radius', async () => {
    const res = await search(operator, {
      place: { kind: 'point', lat: 44.7, lon: 10.7, radiusM: 100 },
      from: new Date(now - HOUR).toISOString(),
      to: new Date(now).toISOString(),
    });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
    expect(res.body.explanation).toMatch(/la più vicina è CAM-E1/);
  });

  it('marks footage past the camera retention as expired, and shows holds on it', async () => {
    const from = now - 2 * DAY;
    const to = now - 2 * DAY + HOUR;
    const hold = await operator.post('/api/holds', {
      cameraIds: [ids['CAM-P2']],
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      reason: 'Richiesta PG prot. 55/2026',
    });
    expect(hold.status).toBe(201);
    const res = await search(operator, {
      place: { kind: 'cameras', cameraIds: [ids['CAM-P2'], ids['CAM-X1']] },
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      requestId: 'req-1',
    });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i) => [i.camera.code, i.match, i.summary])).toEqual([
      ['CAM-P2', 'list', 'expired'],
      ['CAM-X1', 'list', 'none'],
    ]);
    expect(res.body.explanation).toBe('2 telecamere scelte dall’elenco');
    expect(res.body.items[0]!.bands).toEqual([
      {
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        kind: 'expired',
        cause: 'retention',
      },
    ]);
    expect(res.body.items[0]!.holds).toHaveLength(1);
    expect(res.body.items[1]!.bands.map((b) => b.kind)).toEqual(['gap']);
  });

  it('finds cameras by street from their addresses, the crossroads first', async () => {
    const res = await search(operator, {
      place: { kind: 'street', street: 'viale Piave', crossStreet: 'via Emilia San Pietro' },
      from: new Date(now - HOUR).toISOString(),
      to: new Date(now).toISOString(),
    });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i) => [i.camera.code, i.match])).toEqual([['CAM-E1', 'crossroads']]);
    expect(res.body.explanation).toMatch(/^1 telecamera in viale Piave \/ via Emilia San Pietro /);
    const partial = await search(operator, {
      place: { kind: 'street', street: 'via Emilia' },
      from: new Date(now - HOUR).toISOString(),
      to: new Date(now).toISOString(),
    });
    expect(partial.body.items.map((i) => [i.camera.code, i.match])).toEqual([
      ['CAM-E1', 'street_partial'],
    ]);
    const streets = await operator.get<{ items: Array<{ street: string }> }>('/api/search/streets');
    expect(streets.body.items.map((s) => s.street)).toContain(
      'Via Emilia San Pietro / Viale Piave',
    );
  });

  it('places a street from the stradario and adds the cameras near it, with their distance', async () => {
    await t.core.requestsModule.streets.importCsv(
      SYSTEM_ACTOR,
      'nome;latitudine;longitudine\r\nVia Luigi Carlo Farini;44.69790;10.63110\r\nVia Roma;;\r\n',
    );
    const res = await search(operator, {
      place: { kind: 'street', street: 'via Farini Luigi Carlo' },
      from: new Date(now - HOUR).toISOString(),
      to: new Date(now).toISOString(),
    });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i) => [i.camera.code, i.match])).toEqual([
      ['CAM-P1', 'distance'],
      ['CAM-P2', 'distance'],
    ]);
    expect(res.body.items[0]!.distanceM).toBeLessThan(res.body.items[1]!.distanceM!);
    expect(res.body.explanation).toMatch(/2 entro 200 m dal punto dello stradario/);
    // A street of the register with no coordinates still matches camera addresses.
    const roma = await search(operator, {
      place: { kind: 'street', street: 'via Roma' },
      from: new Date(now - HOUR).toISOString(),
      to: new Date(now).toISOString(),
    });
    expect(roma.body.items.map((i) => [i.camera.code, i.match])).toEqual([['CAM-X1', 'street']]);
    const streets = await operator.get<{ items: Array<{ street: string; register: boolean }> }>(
      '/api/search/streets?q=farini',
    );
    expect(streets.body.items).toEqual([
      { street: 'Via Luigi Carlo Farini', cameras: 0, register: true },
    ]);
  });

  it('refuses bad windows and unknown cameras, and respects camera visibility and permissions', async () => {
    const bad = await search(operator, {
      place: { kind: 'point', lat: 44.69758, lon: 10.63093 },
      from: new Date(now).toISOString(),
      to: new Date(now - HOUR).toISOString(),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/fine del periodo/);
    const long = await search(operator, {
      place: { kind: 'point', lat: 44.69758, lon: 10.63093 },
      from: new Date(now - 40 * DAY).toISOString(),
      to: new Date(now).toISOString(),
    });
    expect(long.status).toBe(400);
    const unknown = await search(operator, {
      place: { kind: 'cameras', cameraIds: [randomUUID()] },
      from: new Date(now - HOUR).toISOString(),
      to: new Date(now).toISOString(),
    });
    expect(unknown.status).toBe(404);

    // The administrator sees no footage (C3).
    const denied = await search(admin, {
      place: { kind: 'point', lat: 44.69758, lon: 10.63093 },
      from: new Date(now - HOUR).toISOString(),
      to: new Date(now).toISOString(),
    });
    expect(denied.status).toBe(403);

    // A partner operator limited to a group finds only that group's cameras.
    const partner = await loggedIn(t.core, t.http.app, 'partner', 'operator');
    const users = await admin.get<{ items: Array<{ id: string; username: string }> }>('/api/users');
    const partnerId = users.body.items.find((u) => u.username === 'partner')?.id ?? '';
    expect(
      (
        await admin.request('PATCH', `/api/users/${partnerId}`, {
          cameraGroups: ['centro-storico'],
        })
      ).status,
    ).toBe(200);
    await partner.refreshSession();
    const near = await search(partner, {
      place: { kind: 'point', lat: 44.69758, lon: 10.63093, radiusM: 5000 },
      from: new Date(now - HOUR).toISOString(),
      to: new Date(now).toISOString(),
    });
    expect(near.body.items.map((i) => i.camera.code)).toEqual(['CAM-E1']);
    const hidden = await search(partner, {
      place: { kind: 'cameras', cameraIds: [ids['CAM-P1']] },
      from: new Date(now - HOUR).toISOString(),
      to: new Date(now).toISOString(),
    });
    expect(hidden.status).toBe(404);
  });
});
