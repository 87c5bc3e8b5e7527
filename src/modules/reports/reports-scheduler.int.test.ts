import { createHash } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../platform/log/logger.js';
import { SmtpReceiver, type ReceivedMail } from '../../platform/mail/smtp-receiver.js';
import { createTestCore, type TestCore } from '../../test-support/core.js';
import { describeEachDatabase, type TestDatabase } from '../../test-support/databases.js';
import { loggedIn } from '../../test-support/users.js';
import { until } from '../requests/testing/messages.js';
import type { Report } from './reports.schemas.js';
import { monthlyReportKey } from './reports.jobs.js';

const RECIPIENTS = 'comandante@comune.reggioemilia.it, vice.comandante@comune.reggioemilia.it';

async function monthlyReports(t: TestCore): Promise<Report[]> {
  return t.core.reports.list({ kind: 'monthly', limit: 50 });
}

/** Runs due jobs until nothing is left to start and the running ones are done. */
async function drain(t: TestCore): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const started = await t.core.worker.tick();
    const busy = await t.core.db
      .selectFrom('jobs')
      .select('id')
      .where('status', 'in', ['running'])
      .execute();
    if (started === 0 && busy.length === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('jobs still running');
}

describeEachDatabase('reports: the 1st-of-month job, once across restarts, mailed', (getDb) => {
  let relay: SmtpReceiver;
  let relayPort = 0;
  const received: ReceivedMail[] = [];
  let t: TestCore | null = null;

  const start = async (db: TestDatabase) =>
    createTestCore(db, {
      VEDETTA_DEMO: '0',
      VEDETTA_SMTP: '0',
      VEDETTA_SMTP_RELAY_URL: `smtp://127.0.0.1:${relayPort}`,
      VEDETTA_MAIL_FROM: 'centrale@comune.reggioemilia.it',
      VEDETTA_REPORT_RECIPIENTS: RECIPIENTS,
    });

  beforeAll(async () => {
    relay = new SmtpReceiver({
      host: '127.0.0.1',
      port: 0,
      hardLimitBytes: 20 * 1024 * 1024,
      log: createLogger('silent'),
      onMessage: (m) => {
        received.push(m);
        return Promise.resolve();
      },
    });
    relayPort = (await relay.start()).port;
  });
  afterAll(async () => {
    await t?.close();
    await relay.stop();
  });

  it('does nothing before the 1st, then builds last month’s report once and mails it', async () => {
    t = await start(getDb());
    // Installed on 20 November 2026: October ended before, so it is not reported.
    t.clock.set(Date.parse('2026-11-20T10:00:00Z'));
    await loggedIn(t.core, t.http.app, 'comandante', 'commander');
    await drain(t);
    expect(await monthlyReports(t)).toEqual([]);

    // 30 November, 23:30 in Rome: still November.
    t.clock.set(Date.parse('2026-11-30T22:30:00Z'));
    await drain(t);
    expect(await monthlyReports(t)).toEqual([]);

    // 1 December, 00:00:01 in Rome: November's report is due.
    t.clock.set(Date.parse('2026-11-30T23:00:01Z'));
    await drain(t);
    const reports = await monthlyReports(t);
    expect(reports).toHaveLength(1);
    const report = reports[0];
    if (!report) throw new Error('no report');
    expect(report).toMatchObject({
      kind: 'monthly',
      status: 'ready',
      period: { month: '2026-11', label: 'novembre 2026' },
      createdBy: 'Vedetta',
      recipients: ['comandante@comune.reggioemilia.it', 'vice.comandante@comune.reggioemilia.it'],
      extractedAt: '2026-11-30T23:00:01.000Z',
    });
    expect(report.mailedAt).not.toBeNull();

    // The outbox holds one mail per recipient with the PDF attached; the relay receives them.
    const mails = await t.core.outbox.list({ limit: 10, relatedId: report.id });
    expect(mails.map((m) => m.to).sort()).toEqual(report.recipients);
    const pdf = report.files.find((f) => f.kind === 'pdf');
    for (const m of mails) {
      expect(m.kind).toBe('report.monthly');
      expect(m.subject).toBe(
        'Rendicontazione mensile novembre 2026 — Polizia Locale di Reggio Emilia',
      );
      expect(await t.core.outbox.attachmentsOf(m.id)).toEqual([
        {
          filename: 'rendicontazione-2026-11.pdf',
          mediaType: 'application/pdf',
          storageKey: `reports/2026/11/${report.id}/rendicontazione-2026-11.pdf`,
          bytes: pdf?.bytes,
          sha256: pdf?.sha256,
        },
      ]);
    }
    await until(async () => {
      await drain(t as TestCore);
      return received.length === 2;
    }, 20_000);
    const parsed = await simpleParser(received[0]?.raw ?? Buffer.alloc(0));
    expect(parsed.text).toContain('Dati estratti il 01/12/2026 00:00:01');
    expect(parsed.attachments).toHaveLength(1);
    const att = parsed.attachments[0];
    expect(att?.filename).toBe('rendicontazione-2026-11.pdf');
    expect(att?.contentType).toBe('application/pdf');
    expect(
      createHash('sha256')
        .update(att?.content ?? Buffer.alloc(0))
        .digest('hex'),
    ).toBe(pdf?.sha256);

    // Later the same day the hourly check runs again: nothing new.
    t.clock.set(Date.parse('2026-12-01T09:00:00Z'));
    await drain(t);
    expect(await monthlyReports(t)).toHaveLength(1);
    const audit = await t.core.db
      .selectFrom('audit_log')
      .select(['action', 'recipient'])
      .where('action', 'in', ['report.build', 'report.mail'])
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['report.build', 'report.mail', 'report.mail']);
  });

  it('a restart (a new core on the same database) does not build or mail it again', async () => {
    await t?.close();
    t = await start(getDb());
    t.clock.set(Date.parse('2026-12-02T07:00:00Z'));
    await drain(t);
    const reports = await monthlyReports(t);
    expect(reports).toHaveLength(1);
    // Asking the service directly (a retried job) returns the same report.
    const again = await t.core.reports.buildMonthly('2026-11');
    expect(again.id).toBe(reports[0]?.id);
    const jobs = await t.core.db
      .selectFrom('jobs')
      .select(['status'])
      .where('unique_key', '=', monthlyReportKey('2026-11'))
      .execute();
    expect(jobs).toEqual([{ status: 'succeeded' }]);
    await new Promise((r) => setTimeout(r, 300));
    expect(received).toHaveLength(2);

    // Crossing the next 1st (1 January 2027, Rome) builds December's, and only that.
    t.clock.set(Date.parse('2026-12-31T23:00:05Z'));
    await drain(t);
    expect((await monthlyReports(t)).map((r) => r.period.month)).toEqual(['2026-12', '2026-11']);
    const year = await t.core.reports.yearView(2026);
    // In service since 20 November: only November and December were due.
    expect(year).toMatchObject({ produced: 2, due: 2 });
    expect(year.months.filter((m) => m.due).map((m) => m.month)).toEqual(['2026-11', '2026-12']);
  });

  it('a month whose every attempt fails is recorded as failed and mailed; a later build takes its place', async () => {
    if (!t) throw new Error('no core');
    const core = t.core;
    t.clock.set(Date.parse('2027-01-10T09:00:00Z'));
    await drain(t);
    // The disk refuses the report's files: every attempt of January's job fails.
    const put = core.storage.put.bind(core.storage);
    core.storage.put = () => Promise.reject(new Error('ENOSPC: spazio esaurito (simulato)'));
    try {
      await core.queue.enqueue('reports.monthly', { month: '2027-01' }, { maxAttempts: 1 });
      await drain(t);
    } finally {
      core.storage.put = put;
    }
    const failed = (await monthlyReports(t)).find((r) => r.period.month === '2027-01');
    expect(failed).toMatchObject({ status: 'failed', files: [] });
    expect(failed?.error).toContain('spazio esaurito');
    const notices = await core.outbox.list({ limit: 10, relatedId: failed?.id ?? '' });
    expect(notices.map((m) => m.to).sort()).toEqual([
      'comandante@comune.reggioemilia.it',
      'vice.comandante@comune.reggioemilia.it',
    ]);
    expect(notices[0]).toMatchObject({
      kind: 'report.monthly_failed',
      subject:
        'Rendicontazione mensile gennaio 2027 non generata — Polizia Locale di Reggio Emilia',
    });
    const failedAudit = await core.db
      .selectFrom('audit_log')
      .select('object_id')
      .where('action', '=', 'report.failed')
      .execute();
    expect(failedAudit).toEqual([{ object_id: failed?.id }]);
    // A dead job's retry (or the service asked again) builds the month in the failure's place.
    const built = await core.reports.buildMonthly('2027-01');
    expect(built.status).toBe('ready');
    const january = (await monthlyReports(t)).filter((r) => r.period.month === '2027-01');
    expect(january.map((r) => [r.id, r.status])).toEqual([[built.id, 'ready']]);
  });
});
