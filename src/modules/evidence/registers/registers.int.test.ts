import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseCsv } from '../../../platform/csv.js';
import { createTestCore, type TestCore } from '../../../test-support/core.js';
import { describeEachDatabase } from '../../../test-support/databases.js';
import type { ApiClient } from '../../../test-support/http-client.js';
import { loggedIn } from '../../../test-support/users.js';
import { indexSegment, makeRecordedSegments } from '../testing/recorded-segments.js';

const exec = promisify(execFile);
const SEG = 10_000;

describeEachDatabase('evidence registers: extractions and accesses, PDF and CSV', (getDb) => {
  let t: TestCore;
  let admin: ApiClient;
  let operator: ApiClient;
  let commander: ApiClient;
  let auditor: ApiClient;
  let scratch: string;
  let camA: string;
  let camB: string;
  let base: number;
  let done: Record<string, unknown>;
  let failed: Record<string, unknown>;
  let periodFrom: string;
  let periodTo: string;

  const iso = (ms: number) => new Date(ms).toISOString();

  async function runJobs() {
    for (let i = 0; i < 10; i++) {
      const started = await t.core.worker.tick();
      await t.core.worker.drain();
      if (started === 0) return;
    }
  }

  async function pdfText(bytes: Buffer, name: string): Promise<string> {
    const file = path.join(scratch, name);
    await writeFile(file, bytes);
    // Raw order keeps each cell's words together; wrapped lines become single spaces.
    return (await exec('pdftotext', ['-raw', file, '-'])).stdout.replace(/\s+/g, ' ');
  }

  const url = (kind: string, format: string, from = periodFrom, to = periodTo) =>
    `/api/evidence/registers/${kind}?${new URLSearchParams({ from, to, format }).toString()}`;

  beforeAll(async () => {
    const db = getDb();
    t = await createTestCore(db, { VEDETTA_DEMO: '0' });
    admin = await loggedIn(t.core, t.http.app, 'amministratore', 'admin');
    operator = await loggedIn(t.core, t.http.app, 'operatore.rossi', 'operator');
    commander = await loggedIn(t.core, t.http.app, 'comandante', 'commander');
    auditor = await loggedIn(t.core, t.http.app, 'revisore', 'auditor');
    scratch = await mkdtemp(path.join(tmpdir(), 'vedetta-registers-'));
    const segments = await makeRecordedSegments({
      dir: path.join(db.dir, 'clips'),
      seconds: 20,
      segmentSeconds: 10,
      fps: 10,
      keyframeSeconds: 2,
    });
    const a = await admin.post('/api/cameras', {
      code: 'CAM-REG1',
      name: 'Piazza della Vittoria',
      mainUrl: 'rtsp://10.0.0.1/a',
      retentionDays: 3,
      groups: ['centro-storico'],
    });
    const b = await admin.post('/api/cameras', {
      code: 'CAM-REG2',
      name: 'Via Roma incrocio',
      mainUrl: 'rtsp://10.0.0.2/b',
      retentionDays: 3,
    });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    camA = a.body.id as string;
    camB = b.body.id as string;
    base = t.clock.now() - 3_600_000;
    periodFrom = iso(t.clock.now() - 60_000);
    for (let i = 0; i < 2; i++)
      await indexSegment(t.core.db, t.core.storage, camA, base + i * SEG, SEG, segments[i]!);
    const lost = await indexSegment(t.core.db, t.core.storage, camB, base, SEG, segments[0]!);

    // One acquisition that registers, one whose export fails (its segment file is gone).
    const ok = await operator.post('/api/evidence/acquisitions', {
      cameraId: camA,
      from: iso(base),
      to: iso(base + 19_000),
      reason: 'Sinistro stradale tra due autovetture',
      caseRef: 'Verbale 123/2026',
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(202);
    const bad = await operator.post('/api/evidence/acquisitions', {
      cameraId: camB,
      from: iso(base),
      to: iso(base + 9_000),
      reason: 'Danneggiamento di un cassonetto',
    });
    expect(bad.status, JSON.stringify(bad.body)).toBe(202);
    await t.core.storage.delete(lost.key);
    await runJobs();
    done = (await operator.get(`/api/evidence/acquisitions/${ok.body.id as string}`)).body;
    failed = (await operator.get(`/api/evidence/acquisitions/${bad.body.id as string}`)).body;
    expect(done.status).toBe('done');
    expect(failed.status).toBe('failed');

    // Accesses: a view, a file download, a playback session of recorded footage.
    const id = done.id as string;
    expect(
      (await operator.get(`/api/evidence/${id}?reason=Controllo%20del%20reperto`)).status,
    ).toBe(200);
    const file = await operator.getBytes(
      `/api/evidence/${id}/files/manifest.json?reason=${encodeURIComponent('Copia per la Procura')}`,
    );
    expect(file.status).toBe(200);
    const play = await operator.post('/api/playback', {
      cameraId: camA,
      from: iso(base),
      to: iso(base + 20_000),
      reason: 'Ricerca veicolo in fuga',
      caseRef: 'Denuncia 45/2026',
    });
    expect(play.status, JSON.stringify(play.body)).toBe(201);
    // A bodycam clip viewed with its reason: the entry the clips service writes (B5).
    await t.core.audit.recordAlone(
      { userId: null, username: 'comandante', ip: '10.0.0.5' },
      {
        action: 'bodycam.view',
        objectType: 'bodycam_clip',
        objectId: '7f3c2a10-0000-4000-8000-000000000001',
        reason: 'Verifica aggressione durante il servizio',
        caseRef: 'Relazione 7/2026',
        details: { serial: 'BC-0042', category: 'servizio', recordedStart: iso(base) },
      },
    );
    t.clock.advance(1000);
    periodTo = iso(t.clock.now() + 60_000);
  });
  afterAll(async () => {
    await t.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('prints the register of extractions as PDF: every acquisition, its files, hash, status and totals', async () => {
    const res = await operator.getBytes(url('extractions', 'pdf'));
    expect(res.status, res.body.toString()).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(String(res.headers['content-disposition'])).toMatch(
      /registro-estrazioni_\d{8}_\d{8}\.pdf/,
    );
    const text = await pdfText(res.body, 'estrazioni.pdf');
    expect(text).toContain('REGISTRO DELLE ESTRAZIONI DI IMMAGINI');
    expect(text).toMatch(/Estratto il \d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d da Test operatore\.rossi/);
    for (const row of [done, failed]) {
      expect(text).toContain(row.number as string);
      expect(text).toContain(row.cameraCode as string);
    }
    expect(text).toContain('Sinistro stradale');
    expect(text).toContain('Verbale 123/2026');
    expect(text).toContain('Danneggiamento di un');
    expect(text).toContain('registrata');
    expect(text).toContain('non riuscita');
    // The manifest's SHA-256 is printed whole (it may wrap: compare without blanks).
    const item = (
      await operator.get(`/api/evidence/${done.id as string}?reason=verifica%20registro`)
    ).body;
    expect(text.replace(/\s+/g, '')).toContain(item.manifestSha256 as string);
    expect(text).toMatch(
      /Acquisizioni nel periodo: 2; registrate come reperto: 1; non riuscite: 1/,
    );
    expect(text).toMatch(/Indicatore acquisizioni registrate \/ acquisizioni: 50 %/);
    expect(text).toMatch(/pagina 1 di 1/);
    // The print is audited.
    const audit = await t.core.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'evidence.register_print')
      .where('object_id', '=', 'extractions')
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(1);
    expect(audit[0]?.actor_username).toBe('operatore.rossi');
    expect(JSON.parse(audit[0]?.details ?? '{}')).toMatchObject({ format: 'pdf', rows: 2 });
  });

  it('prints the register of extractions as CSV (UTF-8 BOM, semicolons) that parses back', async () => {
    const res = await operator.getBytes(url('extractions', 'csv'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect([...res.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const { rows } = parseCsv(res.body.toString('utf8'));
    const [header, ...data] = rows;
    expect(header?.[0]).toBe('numero');
    expect(header).toContain('sha256_manifest');
    expect(data).toHaveLength(2);
    const col = (name: string) => header!.indexOf(name);
    const ok = data.find((r) => r[0] === done.number)!;
    expect(ok[col('stato')]).toBe('registrata');
    expect(ok[col('fascicolo')]).toBe('Verbale 123/2026');
    expect(ok[col('sha256_manifest')]).toMatch(/^[0-9a-f]{64}$/);
    expect(ok[col('file')]).toMatch(/^\d+ file: 1 clip, 2 originali, 6 documenti$/);
    const ko = data.find((r) => r[0] === failed.number)!;
    expect(ko[col('stato')]).toBe('non riuscita');
    expect(ko[col('errore')]).not.toBe('');
    expect(ko[col('motivo')]).toBe('Danneggiamento di un cassonetto');
  });

  it('prints the register of accesses: views, downloads and playback sessions, for those allowed', async () => {
    // Operators do not read who looked at what; the auditor reads the log but not evidence.
    expect((await operator.getBytes(url('viewings', 'pdf'))).status).toBe(403);
    const denied = await auditor.get(url('viewings', 'pdf'));
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ error: 'forbidden' });
    expect(String((denied.body as { message: string }).message)).toContain('evidence.read');

    const res = await commander.getBytes(url('viewings', 'pdf'));
    expect(res.status, res.body.toString()).toBe(200);
    const text = await pdfText(res.body, 'accessi.pdf');
    expect(text).toContain('REGISTRO DEGLI ACCESSI ALLE IMMAGINI');
    expect(text).toContain('consultazione reperto');
    expect(text).toContain('Controllo del reperto');
    expect(text).toContain('scaricamento reperto');
    expect(text).toContain('Copia per la Procura');
    expect(text).toContain('manifest.json');
    expect(text).toContain('riproduzione');
    expect(text).toContain('Ricerca veicolo in fuga');
    expect(text).toContain('Denuncia 45/2026');
    expect(text).toContain('operatore.rossi');
    expect(text).toContain(done.number as string);
    expect(text).toMatch(/consultazioni di reperti: [1-9]/);
    expect(text).toMatch(/riproduzioni di registrazioni: 1;/);
    expect(text).toMatch(/visioni e scaricamenti di riprese bodycam: 1\)/);
    expect(text).toContain('visione ripresa bodycam');
    expect(text).toContain('bodycam BC-0042');
    expect(text).toContain('Verifica aggressione durante il servizio');

    const csv = await commander.getBytes(url('viewings', 'csv'));
    expect(csv.status).toBe(200);
    const { rows } = parseCsv(csv.body.toString('utf8'));
    const [header, ...data] = rows;
    const col = (name: string) => header!.indexOf(name);
    const kinds = data.map((r) => r[col('tipo')]);
    expect(kinds).toContain('consultazione reperto');
    expect(kinds).toContain('scaricamento reperto');
    expect(kinds).toContain('riproduzione registrazioni');
    const playback = data.find((r) => r[col('tipo')] === 'riproduzione registrazioni')!;
    expect(playback[col('telecamera')]).toBe('CAM-REG1');
    expect(playback[col('utente')]).toBe('operatore.rossi');
    expect(playback[col('ip')]).toBe('127.0.0.1');
    expect(playback[col('periodo_dal')]).toMatch(/^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d$/);
    const bodycam = data.find((r) => r[col('tipo')] === 'visione ripresa bodycam')!;
    expect(bodycam[col('telecamera')]).toBe('bodycam BC-0042');
    expect(bodycam[col('richiesta_fascicolo')]).toBe('Relazione 7/2026');
    expect(bodycam[col('periodo_dal')]).not.toBe('');
    expect(bodycam[col('periodo_al')]).toBe('');
    // Rows are in time order.
    const times = data.map((r) => Date.parse(r[col('data_ora_utc')]!));
    expect([...times].sort((x, y) => x - y)).toEqual(times);
  });

  it('covers only its period and refuses a bad one with a clear error', async () => {
    const later = iso(t.clock.now() + 3_600_000);
    const empty = await operator.getBytes(
      url('extractions', 'csv', later, iso(t.clock.now() + 7_200_000)),
    );
    expect(parseCsv(empty.body.toString('utf8')).rows).toHaveLength(1);
    const emptyPdf = await pdfText(
      (await operator.getBytes(url('extractions', 'pdf', later, iso(t.clock.now() + 7_200_000))))
        .body,
      'vuoto.pdf',
    );
    expect(emptyPdf).toContain('Nessuna acquisizione nel periodo.');
    const backwards = await operator.get(url('extractions', 'pdf', periodTo, periodFrom));
    expect(backwards.status).toBe(400);
    expect(backwards.body).toMatchObject({ error: 'validation_failed' });
    const tooLong = await operator.get(
      url('extractions', 'pdf', iso(t.clock.now() - 400 * 86_400_000), periodTo),
    );
    expect(tooLong.status).toBe(400);
    const noDate = await operator.get('/api/evidence/registers/extractions?format=pdf');
    expect(noDate.status).toBe(400);
  });

  it('gives a reader limited to some cameras only their rows, and no bodycam viewings', async () => {
    const users = await admin.get<{ items: Array<{ id: string; username: string }> }>('/api/users');
    const commanderId = users.body.items.find((u) => u.username === 'comandante')?.id ?? '';
    const limit = (cameraGroups: string[] | null) =>
      admin.request('PATCH', `/api/users/${commanderId}`, { cameraGroups });
    expect((await limit(['centro-storico'])).status).toBe(200);
    await commander.refreshSession();
    try {
      const ext = await commander.getBytes(url('extractions', 'csv'));
      expect(ext.status).toBe(200);
      const extRows = parseCsv(ext.body.toString('utf8')).rows;
      const extCol = (name: string) => extRows[0]!.indexOf(name);
      const cams = extRows.slice(1).map((r) => r[extCol('telecamera')]);
      expect(cams).toEqual(['CAM-REG1']);
      const acc = await commander.getBytes(url('viewings', 'csv'));
      expect(acc.status).toBe(200);
      const accRows = parseCsv(acc.body.toString('utf8')).rows;
      const accCol = (name: string) => accRows[0]!.indexOf(name);
      const data = accRows.slice(1);
      expect(data.length).toBeGreaterThan(0);
      expect(new Set(data.map((r) => r[accCol('telecamera')]))).toEqual(new Set(['CAM-REG1']));
    } finally {
      expect((await limit(null)).status).toBe(200);
      await commander.refreshSession();
    }
    // Unlimited again: the failed acquisition on the other camera is back in the register.
    const all = parseCsv(
      (await commander.getBytes(url('extractions', 'csv'))).body.toString('utf8'),
    );
    const col = all.rows[0]!.indexOf('telecamera');
    expect(all.rows.slice(1).map((r) => r[col])).toEqual(['CAM-REG1', 'CAM-REG2']);
  });
});
