import { mkdir, copyFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../test-support/core.js';
import { describeEachDatabase } from '../../test-support/databases.js';
import type { ApiClient } from '../../test-support/http-client.js';
import { makeTestClip } from '../../test-support/media-fixtures.js';
import { loggedIn, TEST_PASSWORD } from '../../test-support/users.js';

type Body = Record<string, unknown> & { items?: Array<Record<string, unknown>> };

describeEachDatabase('bodycams: disciplinare, training, fleet, ingest, clips', (getDb) => {
  let t: TestCore;
  let admin: ApiClient;
  let privacy: ApiClient;
  let officer: ApiClient;
  let commander: ApiClient;
  let dock: string;
  let clipFile: string;

  beforeAll(async () => {
    const db = getDb();
    dock = path.join(db.dir, 'dock');
    t = await createTestCore(db, { VEDETTA_DEMO: '0', VEDETTA_BODYCAM_STABLE_SECONDS: '0' });
    admin = await loggedIn(t.core, t.http.app, 'admin1', 'admin');
    privacy = await loggedIn(t.core, t.http.app, 'dpo1', 'privacy_officer');
    officer = await loggedIn(t.core, t.http.app, 'rossi', 'officer');
    commander = await loggedIn(t.core, t.http.app, 'comandante', 'commander');
    clipFile = await makeTestClip({ dir: path.join(db.dir, 'fixtures'), seconds: 3 });
  });
  afterAll(() => t.close());

  it('seeds a default disciplinare to approve, versions it and audits changes', async () => {
    const res = await officer.get<Body>('/api/bodycams/disciplinare');
    expect(res.status).toBe(200);
    const current = res.body.current as Record<string, unknown>;
    expect(current.status).toBe('da_approvare');
    const rules = current.rules as {
      categories: Array<{ code: string; retentionHours: number | null; legalHold: boolean }>;
    };
    expect(rules.categories.map((c) => [c.code, c.retentionHours, c.legalHold])).toEqual([
      ['nessun_rilievo', 168, false],
      ['rilevante', 4392, false],
      ['acquisita_prova', null, true],
    ]);
    // The officer may read it, not change it.
    const refused = await officer.post(
      `/api/bodycams/disciplinare/${String(current.id)}/approval`,
      {
        actKind: 'Delibera di Consiglio comunale',
        actNumber: '12',
        actDate: '2026-03-01',
      },
    );
    expect(refused.status).toBe(403);
    const approved = await privacy.post<Body>(
      `/api/bodycams/disciplinare/${String(current.id)}/approval`,
      {
        actKind: 'Delibera di Consiglio comunale',
        actNumber: '12',
        actDate: '2026-03-01',
      },
    );
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approvato');
    // Retention above six months is refused.
    const tooLong = await admin.post<Body>('/api/bodycams/disciplinare', {
      title: 'Disciplinare v2',
      rules: { ...rules, categories: [{ ...rules.categories[0], retentionHours: 200 * 24 }] },
    });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(tooLong.body)).toContain('6 mesi');
    const v2 = await admin.post<Body>('/api/bodycams/disciplinare', {
      title: 'Disciplinare v2',
      effectiveFrom: new Date(t.clock.now() + 365 * 86_400_000).toISOString(),
      rules: { ...rules, maxClipMinutes: 30 },
    });
    expect(v2.status).toBe(201);
    expect(v2.body.number).toBe(2);
    const list = await officer.get<Body>('/api/bodycams/disciplinare');
    expect((list.body.versions as unknown[]).length).toBe(2);
    expect((list.body.current as Record<string, unknown>).number).toBe(1); // v2 not yet in force
    const audit = await t.core.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'bodycam.disciplinare.%')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'bodycam.disciplinare.approve',
      'bodycam.disciplinare.create',
      'bodycam.disciplinare.seed',
    ]);
  });

  it('refuses a bodycam to an untrained officer, naming the courses; CSV import is all or nothing', async () => {
    expect(
      (
        await admin.post('/api/bodycams/devices', {
          serial: 'BC-0001',
          model: 'Axon Body 3',
          firmware: '1.2',
        })
      ).status,
    ).toBe(201);
    const refused = await admin.post<Body>('/api/bodycams/checkout', {
      serial: 'BC-0001',
      officer: 'rossi',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('training_required');
    expect(String(refused.body.message)).toContain(
      'formazione mancante: «Gestione dei conflitti», «Privacy e protezione dei dati», «Uso della bodycam»',
    );

    const bad = await admin.post<Body>('/api/bodycams/training/import', {
      csv: 'corso;data;matricola\nprivacy;2026-01-10;rossi\nuso_bodycam;2026-02-30;rossi\nnuoto;2026-01-10;nessuno\n',
    });
    expect(bad.status).toBe(400);
    expect((bad.body.details as { errors: unknown[] }).errors).toEqual([
      { line: 3, message: 'data "2026-02-30" non valida (AAAA-MM-GG o GG/MM/AAAA)' },
      { line: 4, message: 'corso "nuoto" inesistente; utente "nessuno" inesistente' },
    ]);
    const officers = await admin.get<Body>('/api/bodycams/training/officers');
    expect(officers.body.items?.[0]?.eligible).toBe(false); // nothing was written

    const ok = await admin.post<Body>('/api/bodycams/training/import', {
      csv: 'corso;data;matricola;docente\nprivacy;10/01/2026;rossi;Avv. Neri\nuso_bodycam;2026-01-11;rossi;Isp. Bo\n',
    });
    expect(ok.body).toEqual({ sessions: 2, attendances: 2 });
    const still = await admin.post<Body>('/api/bodycams/checkout', {
      serial: 'BC-0001',
      officer: 'rossi',
    });
    expect(still.status).toBe(409);
    expect(String(still.body.message)).toBe(
      'Bodycam non assegnabile a Test rossi: formazione mancante: «Gestione dei conflitti»',
    );
  });

  it('issues after training is recorded, one device at a time, and takes it back by serial', async () => {
    const course = (await admin.get<Body>('/api/bodycams/training/courses')).body.items?.find(
      (c) => c.code === 'gestione_conflitti',
    );
    const s = await admin.post<Body>('/api/bodycams/training/sessions', {
      courseId: course?.id,
      heldOn: '2026-02-01',
      attendees: ['rossi'],
    });
    expect(s.status).toBe(201);
    const out = await admin.post<Body>('/api/bodycams/checkout', {
      serial: 'BC-0001',
      officer: 'rossi',
      partnerCommand: 'PL Unione Terre di Castelli',
    });
    expect(out.status).toBe(201);
    const twice = await admin.post<Body>('/api/bodycams/checkout', {
      serial: 'BC-0001',
      officer: 'rossi',
    });
    expect(twice.status).toBe(409);
    const dev = await admin.get<Body>('/api/bodycams/devices/BC-0001');
    expect(dev.body.status).toBe('issued');
    expect((dev.body.currentIssue as Record<string, unknown>).officerName).toBe('Test rossi');
    expect(
      (await officer.post('/api/bodycams/checkout', { serial: 'BC-0001', officer: 'rossi' }))
        .status,
    ).toBe(403);
  });

  it('ingests a docked clip to the officer on duty, who categorizes it; a commander views it with a reason', async () => {
    // Recorded during the issue: creation_time is set by the camera.
    const folder = path.join(dock, 'BC-0001');
    await mkdir(folder, { recursive: true });
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const rec = new Date(t.clock.now() + 60_000).toISOString();
    await promisify(execFile)('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-i',
      clipFile,
      '-c',
      'copy',
      '-metadata',
      `creation_time=${rec}`,
      path.join(folder, 'VID_0001.mp4'),
    ]);
    await writeFile(
      path.join(folder, 'VID_0001.gpx'),
      '<gpx><trk><trkseg><trkpt lat="44.69" lon="10.63"><time>2026-11-23T08:01:00Z</time></trkpt></trkseg></trk></gpx>',
    );
    await copyFile(clipFile, path.join(folder, 'notes.txt'));
    t.clock.advance(10 * 60_000);
    await t.core.bodycams.ingest.runOnce(); // first sight
    const results = await t.core.bodycams.ingest.runOnce();
    expect(results.map((r) => [r.file, r.outcome]).sort()).toEqual([
      ['VID_0001.mp4', 'ingested'],
      ['notes.txt', 'quarantined'],
    ]);
    expect(await readdir(folder)).toEqual([]); // source and sidecar removed after success

    const mine = await officer.get<Body>('/api/bodycams/clips/mine');
    expect(mine.body.items).toHaveLength(1);
    const clip = mine.body.items?.[0] as Record<string, unknown>;
    expect(clip.officerName).toBe('Test rossi');
    expect(clip.partnerCommand).toBe('PL Unione Terre di Castelli');
    expect(clip.recordedStart).toBe(rec);
    expect(clip.codec).toBe('h264');
    expect(clip.flags).toEqual([]);
    expect(clip.gps).toEqual([{ lat: 44.69, lon: 10.63, t: Date.UTC(2026, 10, 23, 8, 1) }]);
    expect(clip.notUsableForAdministrativeOffences).toBe(true);
    expect(clip.disciplinareNumber).toBe(1);

    t.clock.advance(49 * 3_600_000);
    // Sessions last 12 h: log everyone in again on the moved clock.
    for (const [c, u] of [
      [admin, 'admin1'],
      [privacy, 'dpo1'],
      [officer, 'rossi'],
      [commander, 'comandante'],
    ] as const) {
      expect((await c.login(u, TEST_PASSWORD)).status).toBe(200);
    }
    const overdue = await officer.get<Body>('/api/bodycams/clips/mine?overdue=1');
    expect(overdue.body.items?.[0]?.overdue).toBe(true);

    const bad = await officer.post<Body>(`/api/bodycams/clips/${String(clip.id)}/categorization`, {
      activationReason: 'Flagranza di reato',
      category: 'inventata',
      subjectsWarned: true,
    });
    expect(bad.status).toBe(400);
    const cat = await officer.post<Body>(`/api/bodycams/clips/${String(clip.id)}/categorization`, {
      activationReason: 'Atteggiamento aggressivo o minaccioso',
      category: 'rilevante',
      note: 'Lite in piazza',
      subjectsWarned: true,
      linkedRef: 'Verbale 123/2026',
    });
    expect(cat.status).toBe(200);
    expect(cat.body.overdue).toBe(false);
    expect(cat.body.retainUntil).toBe(
      new Date(Date.parse(rec) + 3000 + 4392 * 3_600_000).toISOString(),
    );

    // Viewing: reason and case required, audited.
    const noReason = await commander.post<Body>(`/api/bodycams/clips/${String(clip.id)}/view`, {
      reason: '',
      caseRef: '',
    });
    expect(noReason.status).toBe(400);
    const grant = await commander.post<Body>(`/api/bodycams/clips/${String(clip.id)}/view`, {
      reason: 'Verifica della contestazione',
      caseRef: 'Fascicolo 45/2026',
    });
    expect(grant.status).toBe(200);
    expect(grant.body.notUsableForAdministrativeOffences).toBe(true);
    const video = await commander.request('GET', String(grant.body.url), undefined, {
      range: 'bytes=0-99',
    });
    expect(video.status).toBe(206);
    expect(video.headers['content-range']).toMatch(/^bytes 0-99\/\d+$/);
    // Another's grant is worthless; the administrator sees no footage.
    expect((await officer.get(String(grant.body.url))).status).toBe(403);
    expect(
      (
        await admin.post(`/api/bodycams/clips/${String(clip.id)}/view`, {
          reason: 'curiosità varia',
          caseRef: 'nessuno',
        })
      ).status,
    ).toBe(404);
    const views = await t.core.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'bodycam.view')
      .execute();
    expect(views).toHaveLength(1);
    expect(views[0]?.reason).toBe('Verifica della contestazione');
    expect(views[0]?.case_ref).toBe('Fascicolo 45/2026');

    // Legal-hold category: officers may no longer view it.
    const proof = await commander.post<Body>(
      `/api/bodycams/clips/${String(clip.id)}/categorization`,
      {
        activationReason: 'Flagranza di reato',
        category: 'acquisita_prova',
        subjectsWarned: true,
        linkedRef: 'RG 1234/2026',
      },
    );
    expect(proof.body.legalHold).toBe(true);
    const officerView = await officer.post<Body>(`/api/bodycams/clips/${String(clip.id)}/view`, {
      reason: 'rivedere intervento',
      caseRef: 'RG 1234/2026',
    });
    expect(officerView.status).toBe(403);
    expect(officerView.body.error).toBe('category_forbidden');

    const log = await admin.get<Body>('/api/bodycams/ingest-log');
    expect(log.body.items?.map((e) => e.outcome).sort()).toEqual(['ingested', 'quarantined']);
  });

  it('flags a clip recorded outside any issue and a clip longer than allowed', async () => {
    const folder = path.join(dock, 'BC-0999');
    await mkdir(folder, { recursive: true });
    const long = await makeTestClip({
      dir: path.join(getDb().dir, 'fixtures'),
      seconds: 4,
      fps: 2,
    });
    await copyFile(long, path.join(folder, 'A.mp4'));
    await t.core.bodycams.ingest.runOnce();
    await t.core.bodycams.ingest.runOnce();
    const review = await privacy.get<Body>('/api/bodycams/review');
    const flagged = review.body.items?.find((c) => c.serial === 'BC-0999');
    expect(flagged?.flags).toEqual(['unknown_device', 'outside_issue']);
    expect(flagged?.officerId).toBeNull();
  });

  it('checks the device back in', async () => {
    const back = await admin.post<Body>('/api/bodycams/checkin', {
      serial: 'BC-0001',
      status: 'charging',
    });
    expect(back.status).toBe(200);
    expect(back.body.receivedBy).toBe('admin1');
    const actions = (
      await t.core.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', 'like', 'bodycam.%')
        .execute()
    ).map((a) => a.action);
    for (const a of [
      'bodycam.checkout_refused',
      'bodycam.checkout',
      'bodycam.ingest',
      'bodycam.categorize',
      'bodycam.view',
      'bodycam.checkin',
      'bodycam.training.import',
    ]) {
      expect(actions).toContain(a);
    }
  });
});
