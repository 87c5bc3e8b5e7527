import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Clock } from '../../platform/clock.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { fromJson, isoOrNull, toJson } from '../../platform/db/database.js';
import { NotFound } from '../../platform/errors.js';
import type { Logger } from '../../platform/log/logger.js';
import type { Outbox } from '../../platform/mail/outbox.js';
import type { Storage } from '../../platform/storage/storage.js';
import type { AuditService } from '../audit/audit.service.js';
import { SYSTEM_ACTOR, type AuditActor } from '../audit/audit.types.js';
import { fmtHours, fmtInt, fmtPct } from './kpi-lines.js';
import {
  MONTH_NAMES,
  monthPeriod,
  periodOut,
  resolvePeriod,
  romeDate,
  yearPeriod,
  romeStamp,
  type ResolvedPeriod,
} from './period.js';
import type { ReportData, ReportDataService } from './report-data.js';
import type { ReportDataRepository } from './report-data.repository.js';
import { renderReportPdf } from './report-pdf.js';
import { renderReportCsv, renderReportXlsx } from './report-sheets.js';
import type { ReportRow, ReportsRepository } from './reports.repository.js';
import type {
  Kpis,
  NewReport,
  PeriodQuery,
  Report,
  ReportFileKind,
  YearSummary,
  YearTotals,
  YearView,
} from './reports.schemas.js';
import type { ReportKind, StoredReportFile } from './reports.tables.js';

export interface ReportSettings {
  /** Who receives the monthly report (the Comandante): comma-separated in the configuration. */
  recipients: string[];
  /** "Polizia Locale di Reggio Emilia", on the cover and in the mail. */
  corps: string;
  publicUrl: string | null;
}

/** Who asked for a report: a user, or the monthly job. */
export interface ReportRequester {
  actor: AuditActor;
  name: string;
}

const JOB_REQUESTER: ReportRequester = { actor: SYSTEM_ACTOR, name: 'Vedetta' };

const MEDIA: Record<ReportFileKind, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

const isUniqueViolation = (err: unknown) =>
  err instanceof Error && /unique|duplicate key/i.test(err.message);

/** Monthly reporting (issue 9): KPIs on demand, stored reports, the monthly job, the year. */
export class ReportsService {
  constructor(
    private readonly d: {
      db: Db;
      repo: ReportsRepository;
      dataRepo: ReportDataRepository;
      data: ReportDataService;
      storage: Storage;
      outbox: Outbox;
      audit: AuditService;
      clock: Clock;
      log: Logger;
      settings: ReportSettings;
    },
  ) {}

  /** The indicators of a period (the dashboard). */
  async kpis(q: PeriodQuery): Promise<Kpis> {
    const period = resolvePeriod(q, this.d.clock.now());
    const unit = q.unit ?? null;
    return (await this.d.data.load(period, unit, await this.yearProgress(period, false))).kpis;
  }

  units(): Promise<string[]> {
    return this.d.dataRepo.units();
  }

  /**
   * The "12 out of 12" progress of the period's year up to its month: monthly reports that
   * exist, against months already over (the one being built counts as produced).
   */
  private async yearProgress(
    period: ResolvedPeriod,
    buildingMonthly: boolean,
  ): Promise<{ produced: number; due: number }> {
    const start = romeDate(period.from);
    const last = period.month ? start.month : romeDate(period.to - 1).month;
    const now = this.d.clock.now();
    const installedAt = await this.d.dataRepo.installedAt();
    const produced = new Set(
      (await this.d.repo.ofYear(start.year))
        .filter((r) => r.kind === 'monthly' && r.status === 'ready' && r.month !== null)
        .map((r) => r.month ?? ''),
    );
    if (buildingMonthly && period.month) produced.add(period.month);
    let due = 0;
    let made = 0;
    for (let m = 1; m <= last; m++) {
      const key = `${start.year}-${String(m).padStart(2, '0')}`;
      if (isDue(monthPeriod(key).to, now, installedAt)) due++;
      if (produced.has(key)) made++;
    }
    return { produced: made, due };
  }

  /** Builds, stores and (monthly) mails a report. */
  private async build(
    by: ReportRequester,
    period: ResolvedPeriod,
    unit: string | null,
    kind: ReportKind,
  ): Promise<Report> {
    const monthly = kind === 'monthly';
    const data = await this.d.data.load(period, unit, await this.yearProgress(period, monthly));
    const id = randomUUID();
    const base = period.month
      ? `rendicontazione-${period.month}`
      : `rendicontazione-${data.kpis.period.from.slice(0, 10)}_${new Date(period.to - 1).toISOString().slice(0, 10)}`;
    const name = unit ? `${base}-${unit.replace(/[^\w]+/g, '_').slice(0, 40)}` : base;
    const [pdf, xlsx] = await Promise.all([
      renderReportPdf(data, {
        corps: this.d.settings.corps,
        producedBy: monthly ? 'Vedetta (generazione automatica mensile)' : by.name,
        kind,
      }),
      renderReportXlsx(data),
    ]);
    const csv = renderReportCsv(data);
    const start = romeDate(period.from);
    const prefix = `reports/${start.year}/${String(start.month).padStart(2, '0')}/${id}`;
    // The three files are stored side by side: each put is durable on its own (written, fsynced,
    // renamed), so waiting for one disk flush after another only added up their latencies.
    const files: StoredReportFile[] = await Promise.all(
      (
        [
          ['pdf', pdf],
          ['xlsx', xlsx],
          ['csv', csv],
        ] as const
      ).map(async ([fileKind, content]) => {
        const fileName = `${name}.${fileKind}`;
        const stored = await this.d.storage.put(`${prefix}/${fileName}`, content);
        return {
          kind: fileKind,
          name: fileName,
          bytes: stored.bytes,
          sha256: stored.sha256,
          storageKey: stored.key,
          mediaType: MEDIA[fileKind],
        };
      }),
    );
    const now = this.d.clock.now();
    const recipients = monthly ? this.d.settings.recipients : [];
    const row: ReportRow = {
      id,
      kind,
      status: 'ready',
      month: period.month,
      period_from: period.from,
      period_to: period.to,
      unit,
      created_at: now,
      created_by_id: by.actor.userId,
      created_by: by.name,
      extracted_at: Date.parse(data.kpis.extractedAt),
      files: toJson(files) ?? '[]',
      kpis: toJson(data.kpis),
      recipients: toJson(recipients) ?? '[]',
      mailed_at: recipients.length > 0 ? now : null,
      error: null,
    };
    try {
      await this.d.db.transaction().execute(async (tx) => {
        // A month whose automatic build had failed gets its report now, in the failure's place.
        if (monthly && period.month) await this.d.repo.deleteFailedMonthly(period.month, tx);
        await this.d.repo.insert(row, tx);
        await this.d.audit.record(tx, by.actor, {
          action: 'report.build',
          objectType: 'report',
          objectId: id,
          details: {
            kind,
            period: data.kpis.period,
            unit,
            files: files.map((f) => ({ name: f.name, sha256: f.sha256, bytes: f.bytes })),
          },
        });
        const pdfFile = files[0];
        for (const to of recipients) {
          if (!pdfFile) break;
          await this.d.outbox.add(
            {
              to,
              subject: `Rendicontazione mensile ${period.label} — ${this.d.settings.corps}`,
              text: this.mailText(data),
              kind: 'report.monthly',
              related: { type: 'report', id },
              attachments: [
                {
                  filename: pdfFile.name,
                  mediaType: pdfFile.mediaType,
                  storageKey: pdfFile.storageKey,
                  bytes: pdfFile.bytes,
                  sha256: pdfFile.sha256,
                },
              ],
            },
            tx,
          );
          await this.d.audit.record(tx, by.actor, {
            action: 'report.mail',
            objectType: 'report',
            objectId: id,
            recipient: to,
            details: { file: pdfFile.name, sha256: pdfFile.sha256 },
          });
        }
      });
    } catch (err: unknown) {
      // Another process built the same month meanwhile: its report stands, ours is removed.
      await Promise.all(
        files.map((f) => this.d.storage.delete(f.storageKey).catch(() => undefined)),
      );
      if (monthly && period.month && isUniqueViolation(err)) {
        const existing = await this.d.repo.findMonthly(period.month);
        if (existing) return this.toReport(existing);
      }
      throw err;
    }
    return this.toReport(row);
  }

  private mailText(data: ReportData): string {
    const k = data.kpis;
    const url = this.d.settings.publicUrl;
    return [
      `Rendicontazione mensile dell’attività di videosorveglianza: ${k.period.label}.`,
      '',
      `Richieste ricevute: ${fmtInt(k.requests.received)}`,
      `Evase: ${fmtInt(k.outcomes.evasa)}; negative: ${fmtInt(k.outcomes.negativa)}; aperte: ${fmtInt(k.outcomes.open)}`,
      `Tempo dalla ricezione all’acquisizione: mediana ${fmtHours(k.turnaround.medianHours)} h, 90° percentile ${fmtHours(k.turnaround.p90Hours)} h`,
      `Acquisizioni registrate: ${fmtInt(k.acquisitions.registered)} su ${fmtInt(k.acquisitions.acquisitions)} (${fmtPct(k.acquisitions.ratio)}, obiettivo 100%)`,
      `Filmati persi per scadenza: ${fmtInt(k.footageLost.count)} (obiettivo 0)`,
      `Richieste aperte a fine periodo: ${fmtInt(k.backlog.count)}`,
      '',
      `Dati estratti il ${romeStamp(Date.parse(k.extractedAt))} (ora italiana). Il rendiconto completo è nel PDF allegato.`,
      ...(url
        ? [`Foglio di calcolo e archivio dei rendiconti: ${url.replace(/\/$/, '')}/reports`]
        : []),
      '',
      '— Vedetta',
    ].join('\n');
  }

  /** On demand, for any month or span of days (a user asked: audited as that user). */
  async buildOnDemand(by: ReportRequester, input: NewReport): Promise<Report> {
    const period = resolvePeriod(input, this.d.clock.now());
    return this.build(by, period, input.unit ?? null, 'on_demand');
  }

  /**
   * The monthly report of `month`, built once: a second call (a retried job, a restart, a
   * second process) returns the one that exists.
   */
  async buildMonthly(month: string): Promise<Report> {
    const existing = await this.d.repo.findMonthly(month);
    if (existing?.status === 'ready') return this.toReport(existing);
    const period = monthPeriod(month);
    const report = await this.build(JOB_REQUESTER, period, null, 'monthly');
    this.d.log.info(
      { reportId: report.id, month, recipients: report.recipients.length },
      'monthly report built',
    );
    return report;
  }

  /**
   * The monthly job gave up (every attempt failed): the month gets a `failed` report with the
   * cause, so the report list and the year view show the month as missing and why, instead of
   * a silent gap, and the recipients are told by mail. A later successful build of the month
   * (the job retried from the jobs page) takes its place. Runs in the job's dead transaction.
   */
  async recordMonthlyFailure(month: string, error: string, tx: Tx): Promise<void> {
    if (await this.d.repo.findMonthly(month, tx)) return;
    const period = monthPeriod(month);
    const now = this.d.clock.now();
    const id = randomUUID();
    const cause = error.slice(0, 2000);
    const recipients = this.d.settings.recipients;
    await this.d.repo.insert(
      {
        id,
        kind: 'monthly',
        status: 'failed',
        month,
        period_from: period.from,
        period_to: period.to,
        unit: null,
        created_at: now,
        created_by_id: null,
        created_by: JOB_REQUESTER.name,
        extracted_at: now,
        files: '[]',
        kpis: null,
        recipients: toJson(recipients) ?? '[]',
        mailed_at: recipients.length > 0 ? now : null,
        error: cause,
      },
      tx,
    );
    await this.d.audit.record(tx, SYSTEM_ACTOR, {
      action: 'report.failed',
      objectType: 'report',
      objectId: id,
      details: { month, error: cause.slice(0, 500) },
    });
    for (const to of recipients) {
      await this.d.outbox.add(
        {
          to,
          subject: `Rendicontazione mensile ${period.label} non generata — ${this.d.settings.corps}`,
          text: [
            `La rendicontazione mensile di ${period.label} non è stata generata: tutti i tentativi automatici sono falliti.`,
            '',
            `Causa: ${cause.slice(0, 500)}`,
            '',
            'Può essere generata di nuovo dalla pagina Report (Genera ora) o riavviando il job dalla pagina dei job.',
            '',
            '— Vedetta',
          ].join('\n'),
          kind: 'report.monthly_failed',
          related: { type: 'report', id },
        },
        tx,
      );
    }
    this.d.log.error({ month, error: cause }, 'monthly report not built: every attempt failed');
  }

  async list(q: {
    year?: number | undefined;
    kind?: ReportKind | undefined;
    limit: number;
  }): Promise<Report[]> {
    const range = q.year === undefined ? null : yearPeriod(q.year);
    const rows = await this.d.repo.list({
      ...(range && { from: range.from, to: range.to }),
      ...(q.kind && { kind: q.kind }),
      limit: q.limit,
    });
    return rows.map((r) => this.toReport(r));
  }

  async get(id: string): Promise<Report> {
    const row = await this.d.repo.findById(id);
    if (!row) throw new NotFound('rendiconto', id);
    return this.toReport(row);
  }

  /**
   * One file of a stored report; the download is audited before the bytes leave. The file is
   * opened first (a missing file is not audited as downloaded) and closed again if the audit
   * cannot be written, so a failed audit leaves no open file descriptor behind.
   */
  async download(
    actor: AuditActor,
    id: string,
    kind: ReportFileKind,
  ): Promise<{ name: string; mediaType: string; bytes: number; stream: Readable }> {
    const row = await this.d.repo.findById(id);
    if (!row) throw new NotFound('rendiconto', id);
    const file = (fromJson<StoredReportFile[]>(row.files) ?? []).find((f) => f.kind === kind);
    if (!file) throw new NotFound(`file ${kind} del rendiconto`, id);
    const stream = await this.d.storage.get(file.storageKey);
    try {
      await this.d.audit.recordAlone(actor, {
        action: 'report.download',
        objectType: 'report',
        objectId: id,
        details: { file: file.name, sha256: file.sha256 },
      });
    } catch (err) {
      stream.destroy();
      throw err;
    }
    return { name: file.name, mediaType: file.mediaType, bytes: file.bytes, stream };
  }

  /** Which of the year's 12 monthly reports exist, and when each was produced. */
  async yearView(year: number): Promise<YearView> {
    const now = this.d.clock.now();
    const installedAt = await this.d.dataRepo.installedAt();
    const rows = (await this.d.repo.ofYear(year)).filter((r) => r.status === 'ready' && !r.unit);
    const months = MONTH_NAMES.map((label, i) => {
      const month = `${year}-${String(i + 1).padStart(2, '0')}`;
      const monthly = rows.find((r) => r.kind === 'monthly' && r.month === month);
      const onDemand = rows.filter((r) => r.kind === 'on_demand' && r.month === month).at(-1);
      const r = monthly ?? onDemand;
      return {
        month,
        label,
        due: isDue(monthPeriod(month).to, now, installedAt),
        report: r
          ? {
              id: r.id,
              kind: r.kind,
              createdAt: new Date(r.created_at).toISOString(),
              mailedAt: isoOrNull(r.mailed_at),
            }
          : null,
      };
    });
    return {
      year,
      produced: months.filter((m) => m.report?.kind === 'monthly').length,
      due: months.filter((m) => m.due).length,
      months,
    };
  }

  /** The year's totals against the previous year's, and received/evasa/negativa by month. */
  async yearSummary(year: number, unit: string | null): Promise<YearSummary> {
    const [current, previous] = await Promise.all([
      this.d.data.load(yearPeriod(year), unit),
      this.d.data.load(yearPeriod(year - 1), unit),
    ]);
    const [madeNow, madeBefore] = await Promise.all([
      this.d.repo.ofYear(year),
      this.d.repo.ofYear(year - 1),
    ]);
    const monthlyCount = (rows: typeof madeNow) =>
      new Set(rows.filter((r) => r.kind === 'monthly' && r.status === 'ready').map((r) => r.month))
        .size;
    const byMonth = (data: ReportData) => {
      const out = MONTH_NAMES.map(() => ({ received: 0, evasa: 0, negativa: 0 }));
      for (const r of data.rows) {
        const m = out[romeDate(r.receivedAt).month - 1];
        if (!m) continue;
        m.received++;
        if (r.state === 'evasa') m.evasa++;
        if (r.state === 'negativa') m.negativa++;
      }
      return out;
    };
    const cur = byMonth(current);
    const prev = byMonth(previous);
    return {
      year,
      unit,
      extractedAt: current.kpis.extractedAt,
      current: totals(year, current.kpis, monthlyCount(madeNow)),
      previous: totals(year - 1, previous.kpis, monthlyCount(madeBefore)),
      months: MONTH_NAMES.map((label, i) => ({
        month: i + 1,
        label,
        current: cur[i] ?? { received: 0, evasa: 0, negativa: 0 },
        previous: prev[i] ?? { received: 0, evasa: 0, negativa: 0 },
      })),
    };
  }

  private toReport(r: ReportRow): Report {
    const files = fromJson<StoredReportFile[]>(r.files) ?? [];
    const period: ResolvedPeriod = r.month
      ? monthPeriod(r.month)
      : {
          from: r.period_from,
          to: r.period_to,
          month: null,
          label: `${romeStamp(r.period_from).slice(0, 10)} – ${romeStamp(r.period_to - 1).slice(0, 10)}`,
        };
    return {
      id: r.id,
      kind: r.kind,
      status: r.status,
      period: periodOut(period),
      unit: r.unit,
      createdAt: new Date(r.created_at).toISOString(),
      createdBy: r.created_by,
      extractedAt: new Date(r.extracted_at).toISOString(),
      files: files.map((f) => ({
        kind: f.kind,
        name: f.name,
        bytes: f.bytes,
        sha256: f.sha256,
        url: `/api/reports/${r.id}/files/${f.kind}`,
      })),
      recipients: fromJson<string[]>(r.recipients) ?? [],
      mailedAt: isoOrNull(r.mailed_at),
      error: r.error,
    };
  }
}

/**
 * A month's report is due once the month is over, and only for months the installation was
 * in service for (it got its first user before the month ended).
 */
function isDue(monthEnd: number, now: number, installedAt: number | null): boolean {
  return monthEnd <= now && installedAt !== null && installedAt < monthEnd;
}

function totals(year: number, k: Kpis, reportsProduced: number): YearTotals {
  return {
    year,
    received: k.requests.received,
    evasa: k.outcomes.evasa,
    negativa: k.outcomes.negativa,
    open: k.outcomes.open,
    medianHours: k.turnaround.medianHours,
    p90Hours: k.turnaround.p90Hours,
    acquisitions: k.acquisitions.acquisitions,
    registered: k.acquisitions.registered,
    ratio: k.acquisitions.ratio,
    footageLost: k.footageLost.count,
    bodycamClips: k.bodycams.clips,
    bodycamHours: k.bodycams.hours,
    reportsProduced,
  };
}
