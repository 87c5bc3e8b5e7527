import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../audit/audit.types.js';
import { CameraInputSchema, type Camera } from '../cameras/camera.schemas.js';
import { createTestCore, type TestCore } from '../../test-support/core.js';
import { describeEachDatabase } from '../../test-support/databases.js';
import { makeTestClip } from '../../test-support/media-fixtures.js';
import { RtspSimulator } from '../../platform/rtsp/rtsp-simulator.js';

const SEGMENT_SECONDS = 4;

async function waitFor<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The recorder against a real RTSP server (GStreamer) and real ffmpeg: continuity, recovery
 * from a killed ffmpeg, an outage with its gap and alarm, and cameras that cannot be recorded,
 * all at once in one core so that one camera's trouble visibly leaves the others alone.
 */
describeEachDatabase('recorder with real RTSP cameras', (getDb) => {
  let t: TestCore;
  let main: RtspSimulator;
  let outage: RtspSimulator;
  let locked: RtspSimulator;
  const cams: Record<string, Camera> = {};

  beforeAll(async () => {
    const db = getDb();
    const clip = await makeTestClip({
      dir: path.join(db.dir, 'clips'),
      seconds: 300,
      keyframeSeconds: 1,
    });
    main = new RtspSimulator({
      mounts: [
        { path: '/good', type: 'file', file: clip },
        {
          path: '/jpeg',
          type: 'generate',
          codec: 'jpeg',
          title: 'MJPEG',
          width: 160,
          height: 90,
          fps: 2,
        },
      ],
    });
    outage = new RtspSimulator({ mounts: [{ path: '/cam', type: 'file', file: clip }] });
    locked = new RtspSimulator({
      mounts: [{ path: '/cam', type: 'file', file: clip }],
      auth: { username: 'vedetta', password: 'giusta' },
    });
    await Promise.all([main.start(), outage.start(), locked.start()]);
    t = await createTestCore(
      db,
      { VEDETTA_DEMO: '0', VEDETTA_SEGMENT_SECONDS: String(SEGMENT_SECONDS) },
      { realClock: true },
    );
    const add = async (code: string, mainUrl: string) => {
      cams[code] = await t.core.cameras.create(
        SYSTEM_ACTOR,
        CameraInputSchema.parse({ code, name: code, mainUrl, retentionDays: 1 }),
      );
    };
    await add('GOOD', main.url('/good'));
    await add('OUTAGE', outage.url('/cam'));
    await add('WRONGPW', locked.url('/cam', { username: 'vedetta', password: 'sbagliata' }));
    await add('MJPEG', main.url('/jpeg'));
    await add('NOPORT', 'rtsp://127.0.0.1:1/nothing');
    await add('NOPATH', main.url('/missing'));
    await t.core.recording.start();
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await Promise.all([main?.stop(), outage?.stop(), locked?.stop()]);
  });

  const segmentsOf = (code: string) =>
    t.core.db
      .selectFrom('recording_segments')
      .selectAll()
      .where('camera_id', '=', cams[code]?.id ?? '')
      .orderBy('start_ms')
      .execute();
  const status = async (code: string) => (await t.core.cameras.get(cams[code]?.id ?? '')).status;
  const openAlarms = async () => (await t.core.alarms.list({ open: true })).map((a) => a.subject);

  it('records, recovers from a killed ffmpeg, and marks an outage with a gap and an alarm', async () => {
    await waitFor(
      'three GOOD segments',
      async () => (await segmentsOf('GOOD')).length >= 3,
      40_000,
    );
    await waitFor('OUTAGE recording', async () => (await segmentsOf('OUTAGE')).length >= 2, 40_000);
    const good = await status('GOOD');
    expect(good).toMatchObject({ state: 'online', codec: 'h264', width: 320, height: 180 });
    expect(good.bitrate).toBeGreaterThan(0);

    // A crash of the recorder process: SIGKILL, no chance to close the segment.
    const before = (await segmentsOf('GOOD')).length;
    const killedRun = t.core.recording.currentRun(cams.GOOD?.id ?? '');
    expect(killedRun?.pid).toBeGreaterThan(0);
    killedRun?.kill('SIGKILL');
    // The camera goes away: the RTSP server stops.
    await outage.stop();
    const stoppedAt = Date.now();

    await waitFor(
      'OUTAGE alarm',
      async () => (await openAlarms()).includes(cams.OUTAGE?.id ?? ''),
      30_000,
    );
    expect(Date.now() - stoppedAt).toBeLessThan(30_000);
    expect((await status('OUTAGE')).state).toBe('offline');
    const gap = await t.core.db
      .selectFrom('recording_gaps')
      .selectAll()
      .where('camera_id', '=', cams.OUTAGE?.id ?? '')
      .executeTakeFirstOrThrow();
    expect(gap).toMatchObject({ cause: 'camera_offline', end_ms: null });

    await waitFor(
      'GOOD recording again after the kill',
      async () => (await segmentsOf('GOOD')).some((s) => s.run_id !== killedRun?.runId),
      40_000,
    );
    expect((await segmentsOf('GOOD')).length).toBeGreaterThan(before);

    // The camera comes back on the same address: recording resumes and the gap closes.
    await outage.start();
    await waitFor(
      'OUTAGE gap closed',
      async () => {
        const g = await t.core.db
          .selectFrom('recording_gaps')
          .selectAll()
          .where('id', '=', gap.id)
          .executeTakeFirst();
        return g?.end_ms !== null ? g : null;
      },
      60_000,
    );
    await waitFor('OUTAGE online', async () => (await status('OUTAGE')).state === 'online', 30_000);
    expect(await openAlarms()).not.toContain(cams.OUTAGE?.id);

    // Continuity: within GOOD, no hole over 1 s except at the kill, which costs at most one segment.
    const good2 = await segmentsOf('GOOD');
    const holes = good2
      .slice(1)
      .map((s, i) => ({ ms: s.start_ms - (good2[i]?.end_ms ?? 0), run: s.run_id }))
      .filter((h) => h.ms > 1000);
    expect(holes.length).toBeLessThanOrEqual(1);
    for (const h of holes) expect(h.ms).toBeLessThanOrEqual(SEGMENT_SECONDS * 1000);
    // Every indexed file exists and plays.
    for (const s of good2) expect(await t.core.storage.exists(s.storage_key)).toBe(true);
  }, 180_000);

  it('gives each bad camera a clear status and leaves the others recording', async () => {
    const expectations: Array<[string, string, RegExp]> = [
      ['WRONGPW', 'error', /Credenziali rifiutate/],
      ['MJPEG', 'error', /mjpeg, non H\.264/],
      ['NOPORT', 'offline', /non raggiungibile/],
      ['NOPATH', 'offline', /Percorso RTSP inesistente/],
    ];
    for (const [code, state, message] of expectations) {
      const s = await waitFor(
        `${code} status`,
        async () => {
          const st = await status(code);
          return st.state === state && message.test(st.message ?? '') ? st : null;
        },
        30_000,
      );
      expect(s.message).toMatch(message);
      expect(s.message).not.toContain('sbagliata');
    }
    expect((await status('GOOD')).state).toBe('online');
    const alarmText = (await t.core.alarms.list({ open: true })).map((a) => a.message).join('\n');
    expect(alarmText).not.toContain('sbagliata');
  }, 60_000);
});
