import { execFile, spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../test-support/core.js';
import { describeEachDatabase } from '../../test-support/databases.js';
import type { ApiClient } from '../../test-support/http-client.js';
import { makeTestClip } from '../../test-support/media-fixtures.js';
import { loggedIn, TEST_PASSWORD } from '../../test-support/users.js';
import { verifyPackage } from '../evidence/package-verify.js';

type Body = Record<string, unknown> & { items?: Array<Record<string, unknown>> };
const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../../bin/vedetta.js', import.meta.url));

describeEachDatabase('bodycam clips exported through the signed evidence package', (getDb) => {
  let t: TestCore;
  let admin: ApiClient;
  let officer: ApiClient;
  let commander: ApiClient;
  let operator: ApiClient;
  let clipIds: string[] = [];

  beforeAll(async () => {
    const db = getDb();
    t = await createTestCore(db, { VEDETTA_DEMO: '0', VEDETTA_BODYCAM_STABLE_SECONDS: '0' });
    admin = await loggedIn(t.core, t.http.app, 'admin1', 'admin');
    officer = await loggedIn(t.core, t.http.app, 'bianchi', 'officer');
    commander = await loggedIn(t.core, t.http.app, 'comandante', 'commander');
    operator = await loggedIn(t.core, t.http.app, 'operatore', 'operator');
    const clipFile = await makeTestClip({ dir: path.join(db.dir, 'fixtures'), seconds: 2 });

    // A trained officer takes bodycam BC-0100 and records two clips of one event.
    expect(
      (await admin.post('/api/bodycams/devices', { serial: 'BC-0100', model: 'X', firmware: '1' }))
        .status,
    ).toBe(201);
    const imported = await admin.post('/api/bodycams/training/import', {
      csv: 'corso;data;matricola\nprivacy;2026-01-10;bianchi\nuso_bodycam;2026-01-11;bianchi\ngestione_conflitti;2026-01-12;bianchi\n',
    });
    expect(imported.status).toBe(200);
    expect(
      (await admin.post('/api/bodycams/checkout', { serial: 'BC-0100', officer: 'bianchi' }))
        .status,
    ).toBe(201);
    const folder = path.join(t.core.config.bodycamDockDir, 'BC-0100');
    await mkdir(folder, { recursive: true });
    for (const [i, offset] of [60_000, 300_000].entries()) {
      const rec = new Date(t.clock.now() + offset).toISOString();
      await run('ffmpeg', [
        ...['-v', 'error', '-y', '-i', clipFile, '-c', 'copy'],
        ...['-metadata', `creation_time=${rec}`],
        path.join(folder, `VID_000${i + 1}.mp4`),
      ]);
    }
    await writeFile(
      path.join(folder, 'VID_0001.gpx'),
      '<gpx><trk><trkseg><trkpt lat="44.6471" lon="10.9252"><time>2026-11-23T08:01:00Z</time></trkpt><trkpt lat="44.6473" lon="10.9255"><time>2026-11-23T08:01:01Z</time></trkpt></trkseg></trk></gpx>',
    );
    t.clock.advance(10 * 60_000);
    await t.core.bodycams.ingest.runOnce();
    const results = await t.core.bodycams.ingest.runOnce();
    expect(results.map((r) => r.outcome)).toEqual(['ingested', 'ingested']);
    // First the clip of VID_0001 (recorded first, with the GPS track).
    clipIds = results.sort((a, b) => a.file.localeCompare(b.file)).map((r) => String(r.clipId));
    const cat = await officer.post(`/api/bodycams/clips/${clipIds[0]}/categorization`, {
      activationReason: 'Atteggiamento aggressivo o minaccioso',
      category: 'rilevante',
      subjectsWarned: true,
      linkedRef: 'Verbale 77/2026',
    });
    expect(cat.status).toBe(200);
  });
  afterAll(() => t.close());

  it('refuses an export without reason and case, to roles that may not view the clip, and of unknown clips', async () => {
    const body = { clipIds, reason: 'Richiesta della Procura', caseRef: 'RGNR 1234/2026' };
    const noReason = await commander.post<Body>('/api/bodycams/clips/export', {
      ...body,
      reason: '',
      caseRef: '',
    });
    expect(noReason.status).toBe(400);
    // The officer cannot create evidence; the operator has no right to bodycam footage.
    expect((await officer.post('/api/bodycams/clips/export', body)).status).toBe(403);
    expect((await operator.post('/api/bodycams/clips/export', body)).status).toBe(404);
    const unknown = await commander.post<Body>('/api/bodycams/clips/export', {
      ...body,
      clipIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(unknown.status).toBe(404);
    const clips = await t.core.db.selectFrom('bodycam_clips').select(['legal_hold']).execute();
    expect(clips.every((c) => Number(c.legal_hold) === 0)).toBe(true);
    expect(await t.core.db.selectFrom('evidence_items').selectAll().execute()).toEqual([]);
  });

  it('exports two clips of one event as one evidence item: signed package that verifies, register, legal hold, audit', async () => {
    const res = await commander.post<Body>('/api/bodycams/clips/export', {
      clipIds,
      reason: 'Richiesta della Procura',
      caseRef: 'RGNR 1234/2026',
    });
    expect(res.status).toBe(201);
    const number = String(res.body.number);
    expect(number).toMatch(/^AQ-\d{4}-\d{6}$/);
    expect(res.body.notUsableForAdministrativeOffences).toBe(true);
    const evidenceId = String(res.body.evidenceId);

    // In the register, with its files and custody.
    const item = await commander.get<Body>(`/api/evidence/${evidenceId}`);
    expect(item.status).toBe(200);
    expect(item.body.number).toBe(number);
    expect(item.body.caseRef).toBe('RGNR 1234/2026');
    const files = (item.body.files as Array<{ path: string; kind: string }>).map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'manifest.json',
        'manifest.sig',
        'public-key.pem',
        'verbale.pdf',
        'LEGGIMI.txt',
        'SHA256SUMS',
      ]),
    );
    expect(files.filter((f) => f.startsWith('clip/BC-0100_'))).toHaveLength(2);

    // The package on disk verifies with Vedetta's verifier, sha256sum, openssl and the CLI.
    const dir = path.dirname(t.core.storage.localPath(`evidence/${number}/x`) ?? '');
    const verified = await verifyPackage(dir, {
      expectedFingerprint: t.core.evidence.signing.fingerprint,
    });
    expect(verified.problems).toEqual([]);
    expect(verified.ok).toBe(true);
    const sums = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
    expect(sums.status).toBe(0);
    expect(sums.stdout.trim().split('\n')).toHaveLength(files.length - 1);
    const ssl = spawnSync(
      'openssl',
      [
        ...['pkeyutl', '-verify', '-pubin', '-inkey', 'public-key.pem', '-rawin'],
        ...['-in', 'manifest.json', '-sigfile', 'manifest.sig'],
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(ssl.stdout).toContain('Signature Verified Successfully');
    const cli = spawnSync(process.execPath, [BIN, 'verify', dir], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', VEDETTA_DATA_DIR: getDb().dir },
    });
    expect(cli.status).toBe(0);

    // The clips are the original files, byte for byte.
    const rows = await t.core.db
      .selectFrom('bodycam_clips')
      .selectAll()
      .orderBy('recorded_start')
      .execute();
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as {
      camera: unknown;
      caseRef: string;
      reason: string;
      files: Array<{ path: string; sha256: string; kind: string }>;
      bodycam: {
        restrictions: string[];
        clips: Array<Record<string, unknown> & { file: string; sha256: string }>;
      };
    };
    expect(manifest.camera).toBeNull();
    expect(manifest.caseRef).toBe('RGNR 1234/2026');
    expect(manifest.bodycam.restrictions).toEqual(['NON UTILIZZABILE PER ILLECITI AMMINISTRATIVI']);
    expect(manifest.bodycam.clips.map((c) => c.sha256)).toEqual(rows.map((r) => r.sha256));
    const first: Record<string, unknown> =
      manifest.bodycam.clips.find((c) => c.clipId === clipIds[0]) ?? {};
    expect(first).toMatchObject({
      deviceSerial: 'BC-0100',
      officer: { name: 'Test bianchi' },
      category: { code: 'rilevante', label: 'Rilevante' },
      activationReason: 'Atteggiamento aggressivo o minaccioso',
      subjectsWarned: true,
      disciplinare: { number: 1 },
      notUsableForAdministrativeOffences: true,
      gps: { points: 2, first: { lat: 44.6471, lon: 10.9252 } },
    });
    expect((first.recording as { start: { utc: string } }).start.utc).toBe(
      new Date(Number(rows.find((r) => r.id === clipIds[0])?.recorded_start)).toISOString(),
    );
    for (const c of manifest.bodycam.clips) {
      const stored = manifest.files.find((f) => f.path === c.file);
      expect(stored?.sha256).toBe(c.sha256);
      expect(stored?.kind).toBe('clip');
    }
    // The flag is stamped in the verbale too.
    const text = (
      await run('pdftotext', ['-raw', path.join(dir, 'verbale.pdf'), '-'])
    ).stdout.replace(/\s+/g, ' ');
    expect(text).toContain('NON UTILIZZABILE PER ILLECITI AMMINISTRATIVI');
    expect(text).toContain('BC-0100');
    expect(text).toContain('Test bianchi');
    expect(text).toContain('RGNR 1234/2026');
    expect(await readFile(path.join(dir, 'LEGGIMI.txt'), 'utf8')).toContain(
      'NON UTILIZZABILE PER ILLECITI AMMINISTRATIVI',
    );

    // Clips on legal hold ("acquisita come prova"), so the purge keeps them; audited.
    for (const r of rows) {
      expect(Number(r.legal_hold)).toBe(1);
      expect(r.legal_hold_reason).toBe(`Acquisita come prova: reperto ${number}`);
    }
    t.clock.advance(400 * 24 * 3_600_000);
    await t.core.bodycams.clips.purge();
    const kept = await t.core.db.selectFrom('bodycam_clips').select(['deleted_at']).execute();
    expect(kept.every((k) => k.deleted_at === null)).toBe(true);
    const audit = await t.core.db
      .selectFrom('audit_log')
      .select(['action', 'object_id', 'reason', 'case_ref'])
      .where('action', 'in', ['bodycam.export', 'evidence.register', 'evidence.acquire'])
      .execute();
    expect(
      audit
        .filter((a) => a.action === 'bodycam.export')
        .map((a) => a.object_id)
        .sort(),
    ).toEqual([...clipIds].sort());
    expect(audit.find((a) => a.action === 'bodycam.export')).toMatchObject({
      reason: 'Richiesta della Procura',
      case_ref: 'RGNR 1234/2026',
    });
    expect(
      audit
        .filter((a) => a.object_id === evidenceId)
        .map((a) => a.action)
        .sort(),
    ).toEqual(['evidence.acquire', 'evidence.register']);
  });

  it('refuses clips of different events and leaves nothing registered', async () => {
    await t.core.db
      .updateTable('bodycam_clips')
      .set({ recorded_start: Date.UTC(2026, 0, 1), recorded_end: Date.UTC(2026, 0, 1, 0, 1) })
      .where('id', '=', clipIds[1] ?? '')
      .execute();
    // The clock moved past the session's life in the previous test: sign in again.
    expect((await commander.login('comandante', TEST_PASSWORD)).status).toBe(200);
    const before = await t.core.db.selectFrom('evidence_items').select('id').execute();
    const res = await commander.post<Body>('/api/bodycams/clips/export', {
      clipIds,
      reason: 'Due eventi diversi',
      caseRef: 'RGNR 99/2026',
    });
    expect(res.status).toBe(400);
    expect(String(res.body.message)).toContain('un solo evento');
    expect(await t.core.db.selectFrom('evidence_items').select('id').execute()).toEqual(before);
  });
});
