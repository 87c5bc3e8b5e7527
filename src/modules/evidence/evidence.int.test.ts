import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../test-support/core.js';
import { describeEachDatabase } from '../../test-support/databases.js';
import type { ApiClient } from '../../test-support/http-client.js';
import { loggedIn } from '../../test-support/users.js';
import type { Storage } from '../../platform/storage/storage.js';
import { verifyPackage } from './package-verify.js';
import { indexSegment, makeRecordedSegments } from './testing/recorded-segments.js';

const exec = promisify(execFile);
const SEG = 10_000;

/** Runs a command, returning its exit code and output instead of throwing. */
async function sh(cmd: string, args: string[], cwd: string) {
  try {
    const r = await exec(cmd, args, { cwd });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err: unknown) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

const OPENSSL = [
  'pkeyutl',
  '-verify',
  '-pubin',
  '-inkey',
  'public-key.pem',
  '-rawin',
  '-in',
  'manifest.json',
  '-sigfile',
  'manifest.sig',
];

async function flipByte(file: string, at: number): Promise<void> {
  const buf = await readFile(file);
  buf[at] = (buf[at] ?? 0) ^ 0xff;
  await writeFile(file, buf);
}

describeEachDatabase('evidence: acquisition, package, register', (getDb) => {
  let t: TestCore;
  let admin: ApiClient;
  let operator: ApiClient;
  let segments: Buffer[];
  let camA: string;
  let camB: string;
  let base: number;
  let scratch: string;

  const iso = (ms: number) => new Date(ms).toISOString();

  /** Runs due jobs until none is left (recurring jobs may take the first slots). */
  async function runJobs() {
    for (let i = 0; i < 10; i++) {
      const started = await t.core.worker.tick();
      await t.core.worker.drain();
      if (started === 0) return;
    }
  }

  async function acquire(body: Record<string, unknown>) {
    const res = await operator.post('/api/evidence/acquisitions', body);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    await runJobs();
    return (await operator.get(`/api/evidence/acquisitions/${res.body.id as string}`)).body;
  }

  beforeAll(async () => {
    const db = getDb();
    t = await createTestCore(db, { VEDETTA_DEMO: '0' });
    admin = await loggedIn(t.core, t.http.app, 'amministratore', 'admin');
    operator = await loggedIn(t.core, t.http.app, 'operatore', 'operator');
    scratch = await mkdtemp(path.join(tmpdir(), 'vedetta-evidence-'));
    segments = await makeRecordedSegments({
      dir: path.join(db.dir, 'clips'),
      seconds: 40,
      segmentSeconds: 10,
      fps: 10,
      keyframeSeconds: 2,
    });
    expect(segments).toHaveLength(4);
    const a = await admin.post('/api/cameras', {
      code: 'CAM-EV1',
      name: 'Piazza Prampolini',
      address: 'Piazza Camillo Prampolini, Reggio Emilia',
      latitude: 44.6977,
      longitude: 10.6312,
      mainUrl: 'rtsp://10.0.0.1/a',
      retentionDays: 3,
    });
    const b = await admin.post('/api/cameras', {
      code: 'CAM-EV2',
      name: 'Via Emilia San Pietro',
      mainUrl: 'rtsp://10.0.0.2/b',
      retentionDays: 3,
    });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    camA = a.body.id as string;
    camB = b.body.id as string;
    base = t.clock.now() - 3_600_000;
    // Camera A: 4 segments, a 20-second hole, 4 more.
    for (let i = 0; i < 4; i++) {
      await indexSegment(
        t.core.db,
        t.core.storage,
        camA,
        base + i * SEG,
        SEG,
        segments[i] as Buffer,
      );
    }
    for (let i = 0; i < 4; i++) {
      await indexSegment(
        t.core.db,
        t.core.storage,
        camA,
        base + 60_000 + i * SEG,
        SEG,
        segments[i] as Buffer,
      );
    }
  });
  afterAll(async () => {
    await t.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('publishes the installation public key and its fingerprint', async () => {
    const res = await operator.get('/api/evidence/public-key');
    expect(res.status).toBe(200);
    expect(res.body.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(res.body.fingerprintSha256).toMatch(/^[0-9a-f]{64}$/);
    const pem = path.join(scratch, 'key.pem');
    await writeFile(pem, res.body.publicKeyPem as string);
    const der = await exec('sh', ['-c', `openssl pkey -pubin -in ${pem} -outform DER | sha256sum`]);
    expect(der.stdout.split(' ')[0]).toBe(res.body.fingerprintSha256);
    expect((await admin.get('/api/evidence/public-key')).status).toBe(403);
  });

  it('acquires a window into a signed package that standard tools verify, and that fails after one flipped byte', async () => {
    const from = base + 4_500;
    const to = base + 25_350;
    const created = await operator.post('/api/evidence/acquisitions', {
      cameraId: camA,
      from: iso(from),
      to: iso(to),
      reason: 'Sinistro stradale tra due veicoli, richiesta del Comando',
      caseRef: 'Verbale 2231/2026',
    });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ status: 'queued', progress: 0, cameraCode: 'CAM-EV1' });
    expect(created.body.number).toMatch(/^AQ-2026-\d{6}$/);
    expect((await t.core.holds.get(created.body.holdId as string)).state).toBe('active');

    await runJobs();
    const acq = (await operator.get(`/api/evidence/acquisitions/${created.body.id as string}`))
      .body;
    expect(acq, JSON.stringify(acq)).toMatchObject({
      status: 'done',
      progress: 1,
      evidenceId: created.body.id,
    });
    // The export hold is released: the package is a copy.
    expect((await t.core.holds.get(created.body.holdId as string)).state).toBe('released');

    const item = (await operator.get(`/api/evidence/${acq.evidenceId as string}?reason=controllo`))
      .body;
    const files = item.files as Array<{
      path: string;
      kind: string;
      sha256: string;
      bytes: number;
    }>;
    expect(files.map((f) => f.kind).sort()).toEqual(
      [
        'checksums',
        'clip',
        'manifest',
        'original',
        'original',
        'original',
        'public_key',
        'readme',
        'signature',
        'verbale',
      ].sort(),
    );
    expect(item.custody).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'register', actor: 'operatore' }),
        expect.objectContaining({ action: 'view', actor: 'operatore', reason: 'controllo' }),
      ]),
    );
    expect(item.gaps).toEqual([]);

    // The package folder as stored: sha256sum and openssl pass.
    const folder = t.core.storage.localPath(`evidence/${item.number as string}/x`);
    expect(folder).toBeTruthy();
    const dir = path.join(scratch, 'pkg');
    await cp(path.dirname(folder as string), dir, { recursive: true });
    expect((await sh('sha256sum', ['-c', 'SHA256SUMS'], dir)).code).toBe(0);
    const ssl = await sh('openssl', OPENSSL, dir);
    expect(ssl.out).toContain('Signature Verified Successfully');
    expect(ssl.code).toBe(0);
    expect((await verifyPackage(dir)).ok).toBe(true);

    // The clip: starts on the keyframe at or before `from` (keyframes every 2 s), ends at `to`.
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as {
      window: {
        actual: { from: { utc: string }; to: { utc: string } };
        requested: { from: { europeRome: string } };
      };
      camera: { code: string; latitude: number };
      files: Array<{ path: string; sha256: string }>;
      software: { version: string };
      clock: { offsetMs: null; note: string };
    };
    expect(manifest.camera).toMatchObject({ code: 'CAM-EV1', latitude: 44.6977 });
    expect(manifest.window.requested.from.europeRome).toMatch(/\+01:00$/);
    expect(manifest.clock.offsetMs).toBeNull();
    const actualFrom = Date.parse(manifest.window.actual.from.utc);
    expect(actualFrom).toBe(base + 4_000);
    const clip = files.find((f) => f.kind === 'clip')?.path as string;
    const probe = await exec('ffprobe', [
      ...['-v', 'error', '-show_entries', 'format=duration,format_name:stream=codec_name'],
      ...['-of', 'json', path.join(dir, clip)],
    ]);
    const info = JSON.parse(probe.stdout) as {
      format: { duration: string };
      streams: Array<{ codec_name: string }>;
    };
    expect(info.streams[0]?.codec_name).toBe('h264');
    const duration = Number(info.format.duration) * 1000;
    // Requested 20.85 s; the clip starts 0.5 s early (keyframe) and ends within one frame of `to`.
    expect(Math.abs(actualFrom + duration - to)).toBeLessThanOrEqual(100);
    expect(from - actualFrom).toBeLessThanOrEqual(2000);
    // moov first (fast start): browsers can play before the whole file arrives.
    const head = (await readFile(path.join(dir, clip))).subarray(0, 64);
    expect(head.indexOf(Buffer.from('moov'))).toBeGreaterThan(0);
    // The whole clip decodes without errors.
    expect((await sh('ffmpeg', ['-v', 'error', '-i', clip, '-f', 'null', '-'], dir)).out).toBe('');

    // One byte of the clip changed: sha256sum and vedetta verify fail, naming the file.
    const bad = path.join(scratch, 'pkg-bad-clip');
    await cp(dir, bad, { recursive: true });
    await flipByte(path.join(bad, clip), 5000);
    const c1 = await sh('sha256sum', ['-c', 'SHA256SUMS'], bad);
    expect(c1.code).not.toBe(0);
    expect(c1.out).toContain(`${clip}: FAILED`);
    const v1 = await verifyPackage(bad);
    expect(v1.ok).toBe(false);
    expect(v1.problems.join('\n')).toContain(clip);

    // One byte of the manifest changed: all three fail.
    const badManifest = path.join(scratch, 'pkg-bad-manifest');
    await cp(dir, badManifest, { recursive: true });
    await flipByte(path.join(badManifest, 'manifest.json'), 20);
    expect((await sh('sha256sum', ['-c', 'SHA256SUMS'], badManifest)).code).not.toBe(0);
    const ssl2 = await sh('openssl', OPENSSL, badManifest);
    expect(ssl2.code).not.toBe(0);
    const v2 = await verifyPackage(badManifest);
    expect(v2.ok).toBe(false);
    expect(v2.problems.join('\n')).toMatch(/firma di manifest.json NON valida/);

    // The ZIP download verifies too, and the download is in the custody chain and the audit log.
    const noReason = await operator.get(`/api/evidence/${item.id as string}/package.zip`);
    expect(noReason.status).toBe(400);
    const zipRes = await t.http.app.inject({
      method: 'GET',
      url: `/api/evidence/${item.id as string}/package.zip?reason=${encodeURIComponent('Consegna alla Procura')}`,
      headers: { cookie: (operator as unknown as { cookie: string }).cookie },
    });
    expect(zipRes.statusCode).toBe(200);
    expect(Number(zipRes.headers['content-length'])).toBe(zipRes.rawPayload.length);
    const zipFile = path.join(scratch, 'pkg.zip');
    await writeFile(zipFile, zipRes.rawPayload);
    expect(await verifyPackage(zipFile)).toMatchObject({ ok: true, number: item.number });
    const after = (await operator.get(`/api/evidence/${item.id as string}`)).body;
    expect(after.custody).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'download', reason: 'Consegna alla Procura' }),
      ]),
    );
    const audit = await t.core.db
      .selectFrom('audit_log')
      .select(['action', 'reason', 'actor_username'])
      .where('object_id', '=', item.id as string)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'evidence.acquire',
        'evidence.register',
        'evidence.view',
        'evidence.download',
      ]),
    );

    // A single file, by path.
    const pdf = await t.http.app.inject({
      method: 'GET',
      url: `/api/evidence/${item.id as string}/files/verbale.pdf?reason=stampa`,
      headers: { cookie: (operator as unknown as { cookie: string }).cookie },
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const pdfFile = path.join(scratch, 'verbale.pdf');
    await writeFile(pdfFile, pdf.rawPayload);
    const text = (await exec('pdftotext', ['-layout', pdfFile, '-'])).stdout;
    expect(text).toContain('VERBALE DI ACQUISIZIONE');
    expect(text).toContain(item.number as string);
    expect(text).toContain('Piazza Prampolini');
    expect(text).toContain('Finalità');
    expect(text).toContain(files.find((f) => f.kind === 'clip')?.sha256 as string);

    // Files are immutable in the database too.
    await expect(
      t.core.db
        .updateTable('evidence_files')
        .set({ sha256: 'x' })
        .where('evidence_id', '=', item.id as string)
        .execute(),
    ).rejects.toThrow();
  });

  it('states the gaps of a window that is partly unrecorded and makes one clip per continuous run', async () => {
    const acq = await acquire({
      cameraId: camA,
      from: iso(base + 30_000),
      to: iso(base + 75_000),
      reason: 'Danneggiamento di un veicolo in sosta',
    });
    expect(acq.status, JSON.stringify(acq)).toBe('done');
    const item = (await operator.get(`/api/evidence/${acq.id as string}`)).body;
    expect(item.gaps).toEqual([
      { from: iso(base + 40_000), to: iso(base + 60_000), cause: 'not_recorded' },
    ]);
    const clips = (item.files as Array<{ kind: string }>).filter((f) => f.kind === 'clip');
    expect(clips).toHaveLength(2);
    expect((item.actual as { from: string }).from).toBe(iso(base + 30_000));
  });

  it('refuses a window without footage, expired footage and a deleted camera with clear errors', async () => {
    const body = (cameraId: string, from: number, to: number) => ({
      cameraId,
      from: iso(from),
      to: iso(to),
      reason: 'Verifica di un furto segnalato',
    });
    const none = await operator.post('/api/evidence/acquisitions', body(camB, base, base + 20_000));
    expect(none.status).toBe(422);
    expect(none.body.error).toBe('no_footage');

    await t.core.db
      .insertInto('recording_deletions')
      .values({
        id: 'del-1',
        camera_id: camB,
        start_ms: base - 10 * 86_400_000,
        end_ms: base - 9 * 86_400_000,
        segments: 10,
        bytes: 1000,
        cause: 'retention',
        deleted_at: base,
      })
      .execute();
    const expired = await operator.post(
      '/api/evidence/acquisitions',
      body(camB, base - 10 * 86_400_000 + 1000, base - 10 * 86_400_000 + 60_000),
    );
    expect(expired.status).toBe(410);
    expect(expired.body.error).toBe('footage_expired');

    const tooLong = await operator.post(
      '/api/evidence/acquisitions',
      body(camA, base - 30 * 3_600_000, base),
    );
    expect(tooLong.status).toBe(400);
    const shortReason = await operator.post('/api/evidence/acquisitions', {
      ...body(camA, base, base + 5000),
      reason: 'x',
    });
    expect(shortReason.status).toBe(400);

    // A camera deleted after the acquisition was queued: the job fails with a clear error.
    const c = await admin.post('/api/cameras', {
      code: 'CAM-EV3',
      name: 'Temporanea',
      mainUrl: 'rtsp://10.0.0.3/c',
      retentionDays: 3,
    });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    const camC = c.body.id as string;
    await indexSegment(t.core.db, t.core.storage, camC, base, SEG, segments[0] as Buffer);
    const queued = await operator.post('/api/evidence/acquisitions', body(camC, base, base + 5000));
    expect(queued.status).toBe(202);
    expect((await admin.request('DELETE', `/api/cameras/${camC}`)).status).toBeLessThan(300);
    await runJobs();
    const failed = (await operator.get(`/api/evidence/acquisitions/${queued.body.id as string}`))
      .body;
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'camera_deleted' } });
    const gone = await operator.post('/api/evidence/acquisitions', body(camC, base, base + 5000));
    expect(gone.status).toBe(404);
  });

  it('a full disk during export registers nothing, removes partial files, and a retry works', async () => {
    const storage: Storage = t.core.storage;
    const realPut = storage.put.bind(storage);
    const realLocalPath = storage.localPath.bind(storage);
    let failing = true;
    // The clip goes through Storage.put (as on non-local storage: on local storage ffmpeg
    // writes it in place, and its ENOSPC arrives as a failed ffmpeg run).
    storage.localPath = (key: string) =>
      failing && key.includes('/clip/') ? null : realLocalPath(key);
    // Storage that runs out of space 100 KB into the first clip it writes.
    storage.put = (key: string, data: Readable | Buffer) => {
      if (!failing || !key.includes('/clip/') || Buffer.isBuffer(data)) return realPut(key, data);
      let seen = 0;
      const full = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          seen += chunk.length;
          if (seen > 100_000) {
            cb(
              Object.assign(new Error('ENOSPC: no space left on device, write'), {
                code: 'ENOSPC',
              }),
            );
          } else cb(null, chunk);
        },
      });
      data.once('error', (e) => full.destroy(e));
      return realPut(key, data.pipe(full));
    };
    try {
      const res = await operator.post('/api/evidence/acquisitions', {
        cameraId: camA,
        from: iso(base),
        to: iso(base + 39_000),
        reason: 'Aggressione in piazza, richiesta urgente',
      });
      expect(res.status).toBe(202);
      await runJobs();
      const failed = (await operator.get(`/api/evidence/acquisitions/${res.body.id as string}`))
        .body;
      expect(failed).toMatchObject({ status: 'failed', error: { code: 'disk_full' } });
      expect((failed.error as { message: string }).message).toMatch(/Spazio su disco esaurito/);
      expect(
        await t.core.db
          .selectFrom('evidence_items')
          .select('id')
          .where('id', '=', res.body.id as string)
          .execute(),
      ).toEqual([]);
      const folder = path.dirname(
        storage.localPath(`evidence/${failed.number as string}/x`) as string,
      );
      expect(await sh('ls', ['-A', folder], scratch)).toMatchObject({ code: 2 });
      // The hold stays while the acquisition can be retried.
      expect((await t.core.holds.get(failed.holdId as string)).state).toBe('active');

      failing = false;
      storage.localPath = realLocalPath;
      const retried = await operator.post(
        `/api/evidence/acquisitions/${res.body.id as string}/retry`,
        {},
      );
      expect(retried.status).toBe(202);
      await runJobs();
      const done = (await operator.get(`/api/evidence/acquisitions/${res.body.id as string}`)).body;
      expect(done).toMatchObject({ status: 'done', attempts: 2, number: failed.number });
      expect((await verifyPackage(folder)).ok).toBe(true);
    } finally {
      storage.put = realPut;
      storage.localPath = realLocalPath;
    }
  });

  it('an export whose worker died is taken again when its lease expires, the acquisition following it', async () => {
    const res = await operator.post('/api/evidence/acquisitions', {
      cameraId: camA,
      from: iso(base + 1_000),
      to: iso(base + 9_000),
      reason: 'Furto in via Emilia, esportazione ripresa',
    });
    expect(res.status).toBe(202);
    const id = res.body.id as string;
    const number = res.body.number as string;
    // A worker claimed the job, started the export and was killed: the job is running under its
    // lease, the acquisition says running, its scratch folder and a partial package are left.
    const now = t.clock.now();
    await t.core.db
      .updateTable('jobs')
      .set({ status: 'running', attempts: 1, locked_by: 'dead-worker', lease_until: now + 120_000 })
      .where('name', '=', 'evidence.export')
      .where('payload', 'like', `%${id}%`)
      .execute();
    await t.core.db
      .updateTable('evidence_acquisitions')
      .set({ status: 'running', attempts: 1, progress: 0.4, stage: 'clip', started_at: now })
      .where('id', '=', id)
      .execute();
    const scratchDir = path.join(t.core.config.dataDir, 'tmp', 'evidence', `${number}-99999-1`);
    await mkdir(scratchDir, { recursive: true });
    await writeFile(path.join(scratchDir, 'clip-1.mp4'), 'partial');
    const partial = t.core.storage.localPath(`evidence/${number}/clip/partial.mp4.tmp-99999`)!;
    await mkdir(path.dirname(partial), { recursive: true });
    await writeFile(partial, 'partial');

    await runJobs(); // the lease has not expired: nobody takes it
    expect((await operator.get(`/api/evidence/acquisitions/${id}`)).body).toMatchObject({
      status: 'running',
    });
    t.clock.advance(121_000);
    await runJobs();
    const done = (await operator.get(`/api/evidence/acquisitions/${id}`)).body;
    expect(done).toMatchObject({ status: 'done', attempts: 2, progress: 1, evidenceId: id });
    await expect(stat(scratchDir)).rejects.toThrow(/ENOENT/);
    await expect(stat(partial)).rejects.toThrow(/ENOENT/);
    const detail = (await operator.get(`/api/evidence/${id}?reason=controllo%20ripresa`)).body;
    expect((detail.files as { path: string }[]).some((f) => f.path.startsWith('clip/'))).toBe(true);
    const resumed = await t.core.db
      .selectFrom('audit_log')
      .select('action')
      .where('object_id', '=', id)
      .where('action', '=', 'evidence.acquire_resumed')
      .execute();
    expect(resumed).toHaveLength(1);
  });

  it('acquiring for a request marks it evasa and links the evidence to it', async () => {
    const req = await operator.post('/api/requests', {
      channel: 'phone',
      subject: 'Sinistro in piazza Prampolini',
      eventType: 'sinistro_stradale',
      window: { from: iso(base), to: iso(base + 30_000) },
      place: { street: 'Piazza Prampolini' },
      requester: { name: 'Mario Rossi', type: 'officer' },
    });
    expect(req.status, JSON.stringify(req.body)).toBe(201);
    const acq = await acquire({
      cameraId: camA,
      from: iso(base + 2_000),
      to: iso(base + 12_000),
      reason: 'Richiesta di acquisizione per sinistro stradale',
      requestId: req.body.number,
    });
    expect(acq).toMatchObject({
      status: 'done',
      requestId: req.body.id,
      requestNumber: req.body.number,
    });
    const after = await operator.get(`/api/requests/${req.body.id as string}`);
    expect(after.body.state).toBe('evasa');
    // The request points at the item: the reports count a fulfilled request as registered by it.
    expect(after.body.evidenceId).toBe(acq.id);
    const listed = (await operator.get(`/api/evidence?requestId=${req.body.number as string}`)).body
      .items as Array<{ id: string }>;
    expect(listed.map((i) => i.id)).toEqual([acq.id]);
    const missing = await operator.post('/api/evidence/acquisitions', {
      cameraId: camA,
      from: iso(base),
      to: iso(base + 5_000),
      reason: 'Richiesta inesistente di prova',
      requestId: 'VS-2026-999999',
    });
    expect(missing.status).toBe(404);
  });

  it('lists and searches the register, and keeps its own retention and legal hold', async () => {
    const all = (await operator.get('/api/evidence')).body.items as Array<{
      id: string;
      number: string;
    }>;
    expect(all.length).toBeGreaterThanOrEqual(4);
    const byText = (await operator.get('/api/evidence?q=danneggiamento')).body.items as unknown[];
    expect(byText).toHaveLength(1);
    const byCase = (await operator.get(`/api/evidence?q=${encodeURIComponent('2231/2026')}`)).body
      .items as unknown[];
    expect(byCase).toHaveLength(1);
    const byCamera = (await operator.get(`/api/evidence?cameraId=${camB}`)).body.items as unknown[];
    expect(byCamera).toHaveLength(0);
    const byDate = (
      await operator.get(`/api/evidence?from=${encodeURIComponent(iso(base + 55_000))}`)
    ).body.items as unknown[];
    expect(byDate).toHaveLength(1);

    const first = all[0] as { id: string };
    const set = await operator.post(`/api/evidence/${first.id}/retention`, {
      retainUntil: iso(t.clock.now() + 365 * 86_400_000),
      legalHold: true,
      reason: 'Procedimento penale in corso',
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      legalHold: true,
      legalHoldReason: 'Procedimento penale in corso',
    });
    const custody = (await operator.get(`/api/evidence/${first.id}`)).body.custody as Array<{
      action: string;
    }>;
    expect(custody.map((c) => c.action)).toContain('retention');
  });
});
