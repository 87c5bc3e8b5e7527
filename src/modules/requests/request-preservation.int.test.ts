import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../test-support/core.js';
import { describeEachDatabase } from '../../test-support/databases.js';
import type { ApiClient } from '../../test-support/http-client.js';
import { loggedIn } from '../../test-support/users.js';
import type { CoverageResult, SearchResult } from '../search/search.schemas.js';
import type { RequestDetail } from './requests.schemas.js';

const MIN = 60_000;
/** Between Piazza Prampolini and Via Emilia San Pietro: 236 m from the camera of each. */
const BETWEEN = { lat: 44.69737, lon: 10.633905 };

describeEachDatabase(
  'footage requests: the automatic hold covers what the search offers',
  (getDb) => {
    let t: TestCore;
    let admin: ApiClient;
    let operator: ApiClient;
    let now: number;
    const ids: Record<string, string> = {};
    const iso = (ms: number) => new Date(ms).toISOString();
    const window = () => ({ from: iso(now - 2 * 60 * MIN), to: iso(now - 60 * MIN) });
    const create = (place: Record<string, unknown>) =>
      operator.post<RequestDetail & { error?: string }>('/api/requests', {
        channel: 'phone',
        subject: 'Sinistro stradale, chiesto per telefono',
        eventType: 'sinistro_stradale',
        window: window(),
        place,
        requester: { name: 'Luca Bianchi', rank: 'Agente', type: 'officer' },
      });
    const heldCodes = (r: RequestDetail) =>
      [...new Set(r.holds.flatMap((h) => h.cameras.map((c) => c.code ?? c.id)))].sort();

    beforeAll(async () => {
      t = await createTestCore(getDb(), { VEDETTA_DEMO: '0', VEDETTA_SMTP: '0' });
      now = t.clock.now();
      admin = await loggedIn(t.core, t.http.app, 'amministratore', 'admin');
      operator = await loggedIn(t.core, t.http.app, 'operatore', 'operator');
      // The demo cameras' places in Reggio Emilia.
      const cameras = [
        [
          'CAM-PRA',
          'Piazza Prampolini',
          'Piazza Camillo Prampolini, Reggio Emilia',
          44.69758,
          10.63093,
        ],
        [
          'CAM-ESP',
          'Via Emilia San Pietro',
          'Via Emilia San Pietro, Reggio Emilia',
          44.69716,
          10.63688,
        ],
        ['CAM-PIA', 'Viale Piave', 'Viale Piave, Reggio Emilia', 44.69548, 10.64054],
        ['CAM-STA', 'Stazione', 'Piazzale Guglielmo Marconi, Reggio Emilia', 44.69862, 10.64302],
      ] as const;
      for (const [code, name, address, latitude, longitude] of cameras) {
        const res = await admin.post('/api/cameras', {
          code,
          name,
          address,
          latitude,
          longitude,
          mainUrl: `rtsp://10.0.0.1/${code}`,
          retentionDays: 3,
        });
        expect(res.status).toBe(201);
        ids[code] = res.body.id as string;
      }
    });
    afterAll(() => t.close());

    it('holds every camera the search opened from the request offers, and the coverage shows it held', async () => {
      // A point clicked between the two places on the map, and the place in words.
      const created = await create({
        text: 'tra piazza Prampolini e via Emilia San Pietro',
        ...BETWEEN,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const r = created.body;
      expect(r.daSmistare).toBe(false);
      expect(r.triageNotes).toEqual([]);
      expect(heldCodes(r)).toEqual(['CAM-ESP', 'CAM-PRA']);
      // The window and the margins (30 minutes each side by default).
      expect(r.holds).toHaveLength(1);
      expect(Date.parse(r.holds[0]!.from)).toBe(now - 150 * MIN);
      expect(Date.parse(r.holds[0]!.to)).toBe(now - 30 * MIN);

      // What the web page runs when opened from the request: a point search at its default radius.
      const found = await operator.post<SearchResult>('/api/search', {
        place: { kind: 'point', ...BETWEEN },
        ...window(),
        requestId: r.id,
      });
      expect(found.status).toBe(200);
      const offered = found.body.items.map((i) => i.camera.code).sort();
      expect(offered).toEqual(['CAM-ESP', 'CAM-PRA']);
      for (const item of found.body.items) expect(item.holds).toHaveLength(1);

      // The acquisition panel's coverage: the whole window held on both cameras.
      const coverage = await operator.post<CoverageResult>('/api/search/coverage', {
        cameraIds: [ids['CAM-PRA'], ids['CAM-ESP']],
        ...window(),
      });
      expect(coverage.status).toBe(200);
      expect(coverage.body.items.map((i) => [i.camera.code, i.totals.heldMs])).toEqual([
        ['CAM-PRA', 60 * MIN],
        ['CAM-ESP', 60 * MIN],
      ]);
    });

    it('holds by the point alone, and by the streets the words name alone', async () => {
      const point = await create(BETWEEN);
      expect(point.status).toBe(201);
      expect(heldCodes(point.body)).toEqual(['CAM-ESP', 'CAM-PRA']);

      const words = await create({ text: 'tra piazza Prampolini e via Emilia San Pietro' });
      expect(words.status).toBe(201);
      expect(words.body.daSmistare).toBe(false);
      expect(heldCodes(words.body)).toEqual(['CAM-ESP', 'CAM-PRA']);

      // A street written shorter than the camera's address ("Piazzale Guglielmo Marconi").
      const short = await create({ street: 'piazzale Marconi' });
      expect(short.status).toBe(201);
      expect(heldCodes(short.body)).toEqual(['CAM-STA']);
    });

    it('flags a place no camera can be matched to for the operator, with the reason, and holds nothing', async () => {
      const cases = [
        [
          { text: 'davanti al bar del centro' },
          'luogo senza via né coordinate: serve un operatore',
        ],
        [{ lat: 44.7065, lon: 10.6305 }, 'nessuna telecamera entro 300 m'],
        [{ street: 'via Roma', number: '5' }, 'nessuna telecamera registrata in via Roma'],
      ] as const;
      for (const [place, note] of cases) {
        const created = await create(place);
        expect(created.status).toBe(201);
        expect(created.body.daSmistare).toBe(true);
        expect(created.body.triageNotes).toEqual([note]);
        expect(created.body.holds).toEqual([]);
        // In the queue, flagged, for the operator to place it.
        const queue = await operator.get<{ items: Array<{ id: string; daSmistare: boolean }> }>(
          '/api/requests',
        );
        expect(queue.body.items.find((i) => i.id === created.body.id)?.daSmistare).toBe(true);
      }
    });
  },
);
