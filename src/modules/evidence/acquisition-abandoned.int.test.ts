import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../test-support/core.js';
import { describeEachDatabase } from '../../test-support/databases.js';
import type { ApiClient } from '../../test-support/http-client.js';
import { loggedIn } from '../../test-support/users.js';
import { EXPORT_JOB_ATTEMPTS } from './evidence.jobs.js';
import { verifyPackage } from './package-verify.js';
import { indexSegment, makeRecordedSegments } from './testing/recorded-segments.js';

const SEG = 10_000;

describeEachDatabase('evidence: an export whose worker dies on every attempt', (getDb) => {
  let t: TestCore;
  let operator: ApiClient;
  let camera: string;
  let base: number;

  const iso = (ms: number) => new Date(ms).toISOString();

  async function runJobs() {
    for (let i = 0; i < 10; i++) {
      const started = await t.core.worker.tick();
      await t.core.worker.drain();
      if (started === 0) return;
    }
  }

  beforeAll(async () => {
    const db = getDb();
    t = await createTestCore(db, { VEDETTA_DEMO: '0' });
    const admin = await loggedIn(t.core, t.http.app, 'amministratore', 'admin');
    operator = await loggedIn(t.core, t.http.app, 'operatore', 'operator');
    const segments = await makeRecordedSegments({
      dir: path.join(db.dir, 'clips'),
      seconds: 20,
      segmentSeconds: 10,
    });
    const cam = await admin.post('/api/cameras', {
      code: 'CAM-AB1',
      name: 'Via Emilia all’Angelo',
      mainUrl: 'rtsp://10.0.0.9/a',
      retentionDays: 3,
    });
    expect(cam.status, JSON.stringify(cam.body)).toBe(201);
    camera = cam.body.id as string;
    base = t.clock.now() - 3_600_000;
    for (let i = 0; i < 2; i++)
      await indexSegment(t.core.db, t.core.storage, camera, base + i * SEG, SEG, segments[i]!);
  });
  afterAll(() => t.close());

  it('ends failed with a clear error, partial files removed, hold kept, and a retry works', async () => {
    const res = await operator.post('/api/evidence/acquisitions', {
      cameraId: camera,
      from: iso(base),
      to: iso(base + 19_000),
      reason: 'Rapina in farmacia, acquisizione urgente',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const id = res.body.id as string;
    const number = res.body.number as string;
    const holdId = res.body.holdId as string;

    // The third worker to take the job was killed mid-export like the two before it: the job is
    // on its last attempt under that worker's lease, the acquisition says running, and the
    // worker's scratch folder and partial package are left on disk.
    const now = t.clock.now();
    await t.core.db
      .updateTable('jobs')
      .set({
        status: 'running',
        attempts: EXPORT_JOB_ATTEMPTS,
        locked_by: 'dead-worker-3',
        lease_until: now + 120_000,
      })
      .where('name', '=', 'evidence.export')
      .where('payload', 'like', `%${id}%`)
      .execute();
    await t.core.db
      .updateTable('evidence_acquisitions')
      .set({
        status: 'running',
        attempts: EXPORT_JOB_ATTEMPTS,
        progress: 0.6,
        stage: 'clip',
        started_at: now,
      })
      .where('id', '=', id)
      .execute();
    const scratchDir = path.join(t.core.config.dataDir, 'tmp', 'evidence', `${number}-4242-1`);
    await mkdir(scratchDir, { recursive: true });
    await writeFile(path.join(scratchDir, 'clip-1.mp4'), 'partial');
    const partial = t.core.storage.localPath(`evidence/${number}/clip/partial.mp4.tmp-4242`)!;
    await mkdir(path.dirname(partial), { recursive: true });
    await writeFile(partial, 'partial');

    await runJobs(); // the lease has not expired yet
    expect((await operator.get(`/api/evidence/acquisitions/${id}`)).body).toMatchObject({
      status: 'running',
    });

    t.clock.advance(121_000);
    await runJobs();
    const failed = (await operator.get(`/api/evidence/acquisitions/${id}`)).body;
    expect(failed).toMatchObject({
      status: 'failed',
      attempts: EXPORT_JOB_ATTEMPTS,
      evidenceId: null,
      error: { code: 'export_abandoned' },
    });
    expect((failed.error as { message: string }).message).toMatch(
      /Esportazione interrotta dopo 3 tentativi.*nessun reperto è stato registrato.*Riprovare/,
    );
    expect(failed.finishedAt).not.toBeNull();
    // Listed among the failed acquisitions (the evidence page shows them with a retry button).
    const list = await operator.get('/api/evidence/acquisitions?status=failed&limit=50');
    expect((list.body.items as Array<{ id: string }>).map((a) => a.id)).toContain(id);
    const job = await t.core.db
      .selectFrom('jobs')
      .select(['status', 'attempts'])
      .where('payload', 'like', `%${id}%`)
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'dead', attempts: EXPORT_JOB_ATTEMPTS });
    await expect(stat(scratchDir)).rejects.toThrow(/ENOENT/);
    await expect(stat(partial)).rejects.toThrow(/ENOENT/);
    expect(
      await t.core.db.selectFrom('evidence_items').select('id').where('id', '=', id).execute(),
    ).toEqual([]);
    expect((await t.core.holds.get(holdId)).state).toBe('active');
    const audit = await t.core.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('object_id', '=', id)
      .where('action', '=', 'evidence.acquire_failed')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details!)).toMatchObject({
      code: 'export_abandoned',
      attempts: 3,
      hold: holdId,
    });

    // Nothing runs it again by itself; the operator's retry does, on the same number and hold.
    t.clock.advance(600_000);
    await runJobs();
    expect((await operator.get(`/api/evidence/acquisitions/${id}`)).body.status).toBe('failed');
    const retried = await operator.post(`/api/evidence/acquisitions/${id}/retry`, {});
    expect(retried.status, JSON.stringify(retried.body)).toBe(202);
    expect(retried.body.holdId).toBe(holdId);
    await runJobs();
    const done = (await operator.get(`/api/evidence/acquisitions/${id}`)).body;
    expect(done).toMatchObject({ status: 'done', number, attempts: EXPORT_JOB_ATTEMPTS + 1 });
    const folder = path.dirname(t.core.storage.localPath(`evidence/${number}/x`)!);
    expect((await verifyPackage(folder)).ok).toBe(true);
  });
});
