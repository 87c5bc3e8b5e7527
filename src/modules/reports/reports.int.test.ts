import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createTestCore, type TestCore } from '../../test-support/core.js';
import { describeEachDatabase } from '../../test-support/databases.js';
import type { ApiClient } from '../../test-support/http-client.js';
import { loggedIn, TEST_PASSWORD } from '../../test-support/users.js';
import { SYSTEM_ACTOR } from '../audit/audit.types.js';
import { formatValue, kpiLines } from './kpi-lines.js';
import { KPI_SHEET, ROWS_SHEET } from './report-sheets.js';
import type { Kpis, Report, YearSummary, YearView } from './reports.schemas.js';
import { EXPECTED, seedOctober2026 } from './testing/seed-month.js';

const run = promisify(execFile);

const byKey = (items: Array<{ key: string; count: number }>) =>
  Object.fromEntries(items.map((i) => [i.key, i.count]));

/** Every indicator of the seeded October, checked against the numbers worked out by hand. */
function expectSeededKpis(k: Kpis): void {
  const e = EXPECTED;
  expect(k.period).toEqual({
    from: '2026-09-30T22:00:00.000Z',
    to: '2026-10-31T23:00:00.000Z',
    month: '2026-10',
    label: 'ottobre 2026',
  });
  expect(k.extractedAt).toBe('2026-11-23T08:00:00.000Z');
  expect(k.asOf).toBe('2026-10-31T23:00:00.000Z');
  expect(k.requests.received).toBe(e.received);
  expect(byKey(k.requests.byChannel)).toEqual(e.byChannel);
  expect(byKey(k.requests.byEventType)).toEqual(e.byEventType);
  expect(byKey(k.requests.byRequesterType)).toEqual(e.byRequesterType);
  expect(k.outcomes).toMatchObject({
    evasa: e.evasa,
    negativa: e.negativa,
    open: e.open,
    annullata: e.annullata,
    unita: e.unita,
  });
  expect(byKey(k.outcomes.negativaByReason)).toEqual(e.negativaByReason);
  expect(k.turnaround).toMatchObject({
    count: e.turnaroundCount,
    medianHours: e.medianHours,
    p90Hours: e.p90Hours,
  });
  expect(byKey(k.turnaround.buckets)).toEqual(e.buckets);
  expect(k.backlog.count).toBe(e.backlog);
  expect(k.backlog.expired).toBe(e.backlogExpired);
  expect(k.backlog.dueWithin24h).toBe(e.dueWithin24h);
  expect(k.backlog.items.map((b) => [b.number, b.state, b.held, b.hoursLeft])).toEqual([
    ['VS-2026-000012', 'ricevuta', true, -278],
    ['VS-2026-000009', 'ricevuta', false, -206],
    ['VS-2026-000015', 'in_lavorazione', true, 11],
    ['VS-2026-000010', 'in_lavorazione', true, 82],
  ]);
  expect(k.acquisitions).toMatchObject({
    acquisitions: e.acquisitions,
    registered: e.registered,
    ratio: e.ratio,
    failed: e.failed,
    inProgress: e.inProgress,
  });
  expect(k.acquisitions.exceptions.map((x) => [x.kind, x.ref])).toEqual([
    ['fulfilled_without_evidence', 'VS-2026-000005'],
  ]);
  expect(k.footageLost.count).toBe(e.lost);
  expect(k.footageLost.cases.map((c) => [c.number, c.cause])).toEqual([
    ['VS-2026-000008', 'negativa_footage_expired'],
    ['VS-2026-000009', 'expired_while_open'],
  ]);
  expect(k.holds).toEqual({
    active: e.holdsActive,
    placed: e.holdsPlaced,
    released: e.holdsReleased,
  });
  expect(k.cameras).toMatchObject({
    count: e.cameras,
    uptime: e.uptime,
    gaps: e.gaps,
    gapHours: e.gapHours,
  });
  expect(k.cameras.items.map((c) => [c.code, c.uptime, c.gaps, c.gapHours])).toEqual([
    ['CAM-B', 0.9879, 2, 9],
    ['CAM-A', 0.9973, 1, 2],
  ]);
  expect(k.bodycams).toEqual({
    clips: e.clips,
    hours: e.clipHours,
    categorizedOnTime: e.onTime,
    categorizedLate: e.late,
    overdue: e.overdue,
    pending: e.pending,
    onTimeShare: e.onTimeShare,
    viewings: e.viewings,
    downloads: e.downloads,
    shares: e.shares,
  });
  const met = Object.fromEntries(k.targets.map((t) => [t.key, [t.value, t.met]]));
  expect(met).toEqual({
    registrations: ['83,33%', false],
    footage_lost: ['2', false],
    turnaround_p90: ['85 h', false],
    camera_uptime: ['99,26%', true],
    reports: ['0 su 10', false],
  });
}

/** `pdftotext -layout` output, one string (a real poppler, spawned with an argument array). */
async function pdfText(pdf: Buffer, dir: string): Promise<string> {
  const file = path.join(dir, `r-${Date.now()}.pdf`);
  writeFileSync(file, pdf);
  const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describeEachDatabase('reports: a seeded month agrees in the API, the PDF and the XLSX', (getDb) => {
  let t: TestCore;
  let commander: ApiClient;
  let operator: ApiClient;
  let dir: string;
  let json: Kpis;
  let report: Report;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'vedetta-report-'));
    t = await createTestCore(getDb(), { VEDETTA_DEMO: '0', VEDETTA_SMTP: '0' });
    await seedOctober2026(t.core.db, t.core.audit, t.clock);
    // In service since January (its first user): every month of 2026 up to October is due.
    t.clock.set(Date.parse('2026-01-10T08:00:00Z'));
    await t.core.users.create(SYSTEM_ACTOR, {
      username: 'amministratore',
      displayName: 'Amministratore',
      role: 'admin',
      password: TEST_PASSWORD,
    });
    t.clock.set(Date.parse('2026-11-23T08:00:00Z'));
    commander = await loggedIn(t.core, t.http.app, 'comandante', 'commander');
    operator = await loggedIn(t.core, t.http.app, 'operatore', 'operator');
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('computes every KPI of the month as worked out by hand (JSON API)', async () => {
    const res = await commander.get<Kpis>('/api/reports/kpis?month=2026-10');
    expect(res.status).toBe(200);
    json = res.body;
    expectSeededKpis(json);
  });

  it('builds the report on demand and stores PDF, XLSX and CSV with their hashes', async () => {
    const res = await commander.post<Report>('/api/reports', { month: '2026-10' });
    expect(res.status).toBe(201);
    report = res.body;
    expect(report).toMatchObject({
      kind: 'on_demand',
      status: 'ready',
      period: { month: '2026-10', label: 'ottobre 2026' },
      createdBy: 'Test comandante',
      extractedAt: '2026-11-23T08:00:00.000Z',
      recipients: [],
      mailedAt: null,
    });
    expect(report.files.map((f) => f.name)).toEqual([
      'rendicontazione-2026-10.pdf',
      'rendicontazione-2026-10.xlsx',
      'rendicontazione-2026-10.csv',
    ]);
    for (const f of report.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    const list = await commander.get<{ items: Report[] }>('/api/reports?year=2026');
    expect(list.body.items.map((r) => r.id)).toEqual([report.id]);
    const storedKey = `reports/2026/10/${report.id}/rendicontazione-2026-10.pdf`;
    expect(await t.core.storage.exists(storedKey)).toBe(true);
  });

  it('prints every KPI in the PDF exactly as the API gives it (pdftotext)', async () => {
    const res = await commander.getBytes(`/api/reports/${report.id}/files/pdf`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(res.body, dir);
    expect(text).toContain('Rendicontazione mensile');
    expect(text).toContain('ottobre 2026');
    expect(text).toMatch(/Dati estratti il\s+23\/11\/2026 09:00:00/);
    expect(text).toContain('dati estratti il 23/11/2026 09:00:00 — pagina 1 di');
    for (const l of kpiLines(json)) {
      const line = new RegExp(
        `^\\s*${escape(l.label)}\\s{2,}${escape(formatValue(l.value, l.format))}\\s*$`,
        'm',
      );
      expect(text, `${l.key}: ${l.label} = ${formatValue(l.value, l.format)}`).toMatch(line);
    }
    // Spot checks of the hand-computed numbers as printed.
    expect(text).toMatch(/^\s*Richieste ricevute\s{2,}13\s*$/m);
    expect(text).toMatch(/^\s*Tempo mediano \(ore\)\s{2,}25,0\s*$/m);
    expect(text).toMatch(/^\s*Tempo al 90° percentile \(ore\)\s{2,}85,0\s*$/m);
    expect(text).toMatch(/^\s*Quota registrata\s{2,}83,33%\s*$/m);
    expect(text).toMatch(/^\s*Filmati persi per scadenza\s{2,}2\s*$/m);
    // The list of requests with outcome, negatives with reasons, exceptions.
    for (const n of ['VS-2026-000001', 'VS-2026-000012', 'VS-2026-000015'])
      expect(text).toContain(n);
    expect(text).not.toContain('VS-2026-000013');
    expect(text).toContain('Manca la nomina del difensore');
    expect(text).toMatch(/Filmati persi\s+VS-2026-000009/);
    expect(text).toMatch(/Registrazione\s+VS-2026-000005/);
  });

  it('writes every KPI to the XLSX with the same values, and the rows', async () => {
    const res = await commander.getBytes(`/api/reports/${report.id}/files/xlsx`);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet(KPI_SHEET);
    if (!sheet) throw new Error('no KPI sheet');
    const values = new Map<string, unknown>();
    sheet.eachRow((row) => {
      const key = row.getCell(5).value;
      if (typeof key === 'string' && key.includes('.')) values.set(key, row.getCell(3).value);
    });
    const lines = kpiLines(json);
    expect(values.size).toBe(lines.length);
    for (const l of lines) expect(values.get(l.key), l.key).toBe(l.value);
    expect(values.get('requests.received')).toBe(EXPECTED.received);
    expect(values.get('turnaround.p90Hours')).toBe(EXPECTED.p90Hours);
    expect(values.get('acquisitions.ratio')).toBe(EXPECTED.ratio);
    expect(values.get('cameras.uptime')).toBe(EXPECTED.uptime);
    const rows = wb.getWorksheet(ROWS_SHEET);
    expect(rows?.getCell('A3').value).toBe('Dati estratti il 23/11/2026 09:00:00 (ora italiana)');
    const numbers: unknown[] = [];
    rows?.eachRow((row, i) => {
      if (i > 5) numbers.push(row.getCell(1).value);
    });
    expect(numbers).toHaveLength(EXPECTED.received);
  });

  it('writes the rows as CSV for Italian spreadsheets', async () => {
    const res = await commander.getBytes(`/api/reports/${report.id}/files/csv`);
    const text = res.body.toString('utf8');
    expect(text.startsWith('\uFEFFnumero;ricevuta_il;canale;')).toBe(true);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(EXPECTED.received + 1);
    expect(lines.find((l) => l.startsWith('VS-2026-000015'))).toMatch(
      /;Evasa;.*;"120,0";.*;no;23\/11\/2026 09:00:00$/,
    );
  });

  it('renders readable pages with pdftoppm', async () => {
    const res = await commander.getBytes(`/api/reports/${report.id}/files/pdf`);
    const file = path.join(dir, 'render.pdf');
    writeFileSync(file, res.body);
    await run('pdftoppm', ['-png', '-r', '60', file, path.join(dir, 'page')]);
    const pages = readdirSync(dir).filter((f) => /^page-\d+\.png$/.test(f));
    expect(pages.length).toBeGreaterThan(1);
    // A blank A4 page at 60 dpi compresses to about 1 KB; text and charts make it larger.
    for (const p of pages) expect(statSync(path.join(dir, p)).size).toBeGreaterThan(8_000);
  });

  it('audits each download', async () => {
    const rows = await t.core.db
      .selectFrom('audit_log')
      .select(['action', 'object_id', 'actor_username'])
      .where('action', 'in', ['report.build', 'report.download'])
      .orderBy('seq')
      .execute();
    expect(rows[0]).toEqual({
      action: 'report.build',
      object_id: report.id,
      actor_username: 'comandante',
    });
    expect(rows.filter((r) => r.action === 'report.download').length).toBeGreaterThanOrEqual(4);
  });

  it('closes the opened file when the download cannot be audited', async () => {
    const realGet = t.core.storage.get.bind(t.core.storage);
    const opened: Readable[] = [];
    const get = vi.spyOn(t.core.storage, 'get').mockImplementation(async (key) => {
      const stream = await realGet(key);
      opened.push(stream);
      return stream;
    });
    const audit = vi
      .spyOn(t.core.audit, 'recordAlone')
      .mockRejectedValueOnce(new Error('audit log unavailable'));
    try {
      const actor = { userId: null, username: 'comandante', ip: '127.0.0.1' };
      await expect(t.core.reports.download(actor, report.id, 'pdf')).rejects.toThrow(
        'audit log unavailable',
      );
    } finally {
      get.mockRestore();
      audit.mockRestore();
    }
    expect(opened).toHaveLength(1);
    const stream = opened[0];
    if (!stream) throw new Error('no file opened');
    expect(stream.destroyed).toBe(true);
    // 'close' is when the file descriptor is closed.
    if (!stream.closed) await new Promise<void>((resolve) => stream.once('close', () => resolve()));
    expect(stream.closed).toBe(true);
  });

  it('filters by requesting unit, case-insensitively', async () => {
    const res = await commander.get<Kpis>(
      `/api/reports/kpis?month=2026-10&unit=${encodeURIComponent('reparto infortunistica')}`,
    );
    expect(res.body.unit).toBe('reparto infortunistica');
    expect(res.body.requests.received).toBe(3);
    expect(res.body.footageLost.cases.map((c) => c.number)).toEqual(['VS-2026-000009']);
    const units = await commander.get<{ items: string[] }>('/api/reports/units');
    expect(units.body.items).toEqual([
      'Carabinieri Stazione Centro',
      'Procura della Repubblica',
      'Reparto Infortunistica',
    ]);
  });

  it('shows the year: months due and reports produced, and the comparison', async () => {
    const year = await commander.get<YearView>('/api/reports/years/2026');
    expect(year.body.due).toBe(10);
    expect(year.body.produced).toBe(0);
    expect(year.body.months[9]).toMatchObject({
      month: '2026-10',
      label: 'ottobre',
      due: true,
      report: { id: report.id, kind: 'on_demand' },
    });
    expect(year.body.months[10]).toMatchObject({ due: false, report: null });
    const sum = await commander.get<YearSummary>('/api/reports/years/2026/summary');
    // R14 (5 November, open, unheld, deadline 12 November) is lost too by 23 November.
    expect(sum.body.current).toMatchObject({ year: 2026, received: 15, footageLost: 3 });
    expect(sum.body.previous).toMatchObject({ year: 2025, received: 0 });
    expect(sum.body.months.map((m) => m.current.received)).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 1, 13, 1, 0,
    ]);
  });

  it('refuses bad periods and people without report.read', async () => {
    const bad = await commander.get('/api/reports/kpis?month=2026-13');
    expect(bad.status).toBe(400);
    const reversed = await commander.get('/api/reports/kpis?from=2026-10-10&to=2026-10-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body).toMatchObject({ error: 'validation_failed' });
    expect((await operator.get('/api/reports/kpis')).status).toBe(403);
    expect((await operator.post('/api/reports', { month: '2026-10' })).status).toBe(403);
    expect((await operator.get(`/api/reports/${report.id}/files/pdf`)).status).toBe(403);
    expect((await commander.get('/api/reports/nope/files/pdf')).status).toBe(404);
  });
});
