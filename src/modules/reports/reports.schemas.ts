import { z } from 'zod';

/**
 * The reporting API contract (issue 9). One KPI object per period feeds the dashboard, the
 * monthly PDF, the XLSX and the CSV, so their numbers cannot disagree.
 *
 * Routes (all `report.read`):
 * - GET  /api/reports/kpis?month=YYYY-MM | ?from=YYYY-MM-DD&to=YYYY-MM-DD [&unit=…]
 * - GET  /api/reports/units                        requesting units seen in the requests
 * - POST /api/reports                               build and store a report now (on demand)
 * - GET  /api/reports?year=YYYY                     stored reports, newest first
 * - GET  /api/reports/:id                           one stored report with its files
 * - GET  /api/reports/:id/files/:kind               pdf | xlsx | csv (download, audited)
 * - GET  /api/reports/years/:year                   year view: which of the 12 monthly reports exist, when produced
 * - GET  /api/reports/years/:year/summary[?unit=]   year totals against the previous year, month by month
 */
export const REPORT_PATHS = {
  kpis: '/api/reports/kpis',
  units: '/api/reports/units',
  reports: '/api/reports',
  report: '/api/reports/:id',
  file: '/api/reports/:id/files/:kind',
  year: '/api/reports/years/:year',
  yearSummary: '/api/reports/years/:year/summary',
} as const;

const iso = z.string().describe('ISO 8601 instant (UTC)');
const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'mese nel formato AAAA-MM')
  .describe('YYYY-MM (months are Europe/Rome calendar months)');
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'data nel formato AAAA-MM-GG')
  .describe('YYYY-MM-DD, a Europe/Rome calendar day');
const unit = z.string().trim().min(1).max(200);

/** `?month=2026-11`, or `?from=2026-11-01&to=2026-11-15` (both days included); neither: this month. */
export const PeriodQuerySchema = z
  .object({
    month: month.optional(),
    from: day.optional(),
    to: day.optional().describe('last day included'),
    unit: unit.optional().describe('requesting unit (requests, outcomes, turnaround, backlog…)'),
  })
  .strict();
export type PeriodQuery = z.infer<typeof PeriodQuerySchema>;

export const PeriodSchema = z.object({
  from: iso.describe('start, included (Europe/Rome midnight)'),
  to: iso.describe('end, excluded (Europe/Rome midnight after the last day)'),
  month: month.nullable().describe('set when the period is exactly one calendar month'),
  label: z.string().describe('Italian: "novembre 2026", "01/11/2026 – 15/11/2026"'),
});
export type Period = z.infer<typeof PeriodSchema>;

/** A count under a stable key, with its Italian label (the web may translate the key). */
export const CountSchema = z.object({
  key: z.string(),
  label: z.string(),
  count: z.number().int(),
});
export type Count = z.infer<typeof CountSchema>;

export const BacklogItemSchema = z.object({
  id: z.string(),
  number: z.string(),
  receivedAt: iso,
  state: z.enum(['ricevuta', 'in_lavorazione']),
  eventType: z.string().nullable(),
  requesterType: z.string(),
  unit: z.string().nullable(),
  dueAt: iso.nullable().describe('when the footage expires (null: no camera matched yet)'),
  hoursLeft: z
    .number()
    .nullable()
    .describe('hours from asOf to dueAt, one decimal (negative: already expired)'),
  held: z.boolean().describe('a preservation hold protects its footage at asOf'),
});
export type BacklogItem = z.infer<typeof BacklogItemSchema>;

export const LostCaseSchema = z.object({
  requestId: z.string(),
  number: z.string(),
  receivedAt: iso,
  dueAt: iso.nullable(),
  state: z.string(),
  unit: z.string().nullable(),
  cause: z
    .enum(['negativa_footage_expired', 'expired_while_open'])
    .describe(
      'refused because the footage was gone, or its deadline passed while it waited unheld',
    ),
  label: z.string(),
});
export type LostCase = z.infer<typeof LostCaseSchema>;

export const RegistrationExceptionSchema = z.object({
  kind: z
    .enum(['acquisition_not_registered', 'fulfilled_without_evidence'])
    .describe(
      'an acquisition finished without its evidence item, or a request marked evasa with no registered evidence',
    ),
  ref: z.string().describe('acquisition number (AQ-…) or request number (VS-…)'),
  at: iso,
  label: z.string(),
});

export const CameraUptimeSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  uptime: z.number().nullable().describe('0..1, share of the period not inside a recording gap'),
  gaps: z.number().int(),
  gapHours: z.number(),
});

export const TargetSchema = z.object({
  key: z.enum(['registrations', 'footage_lost', 'reports', 'turnaround_p90', 'camera_uptime']),
  label: z.string(),
  target: z.string().describe('as printed: "100%", "0", "≤ 72 h"'),
  value: z.string().describe('as printed'),
  met: z.boolean().nullable().describe('null: nothing to measure in the period'),
});
export type Target = z.infer<typeof TargetSchema>;

/** Every indicator of one period. Numbers here are exactly those printed in the PDF and XLSX. */
export const KpisSchema = z.object({
  period: PeriodSchema,
  unit: z.string().nullable().describe('the requesting-unit filter, null: all units'),
  extractedAt: iso.describe('when the data was read'),
  asOf: iso.describe(
    'the instant of the snapshots (backlog, active holds): min(period end, extractedAt)',
  ),
  requests: z.object({
    received: z.number().int().describe('requests received in the period (merged ones included)'),
    byChannel: z.array(CountSchema).describe('every channel, zeros included'),
    byEventType: z.array(CountSchema).describe('every event type, then "non_indicato"'),
    byRequesterType: z.array(CountSchema),
  }),
  outcomes: z.object({
    evasa: z.number().int(),
    negativa: z.number().int(),
    negativaByReason: z.array(CountSchema),
    open: z
      .number()
      .int()
      .describe(
        'received in the period and still open when extracted (outcomes are states at extractedAt)',
      ),
    annullata: z.number().int(),
    unita: z.number().int().describe('merged into another request'),
  }),
  turnaround: z.object({
    count: z.number().int().describe('requests received in the period and fulfilled'),
    medianHours: z.number().nullable().describe('receipt → acquisition, one decimal'),
    p90Hours: z.number().nullable(),
    buckets: z.array(CountSchema).describe('< 4 h, 4–24 h, 1–3 giorni, 3–7 giorni, > 7 giorni'),
  }),
  backlog: z.object({
    count: z.number().int().describe('all requests open at asOf, whenever received'),
    expired: z.number().int().describe('open with the footage deadline already passed'),
    dueWithin24h: z.number().int(),
    items: z.array(BacklogItemSchema).describe('sorted by deadline, soonest first'),
  }),
  acquisitions: z.object({
    acquisitions: z
      .number()
      .int()
      .describe('acquisitions finished in the period + requests fulfilled without evidence'),
    registered: z.number().int().describe('of those, recorded in the evidence register'),
    ratio: z.number().nullable().describe('registered / acquisitions, 0..1 (target 1)'),
    failed: z.number().int(),
    inProgress: z.number().int(),
    exceptions: z.array(RegistrationExceptionSchema),
  }),
  footageLost: z.object({
    count: z.number().int().describe('target 0'),
    cases: z.array(LostCaseSchema),
  }),
  holds: z.object({
    active: z.number().int().describe('holds protecting footage at asOf'),
    placed: z.number().int(),
    released: z.number().int(),
  }),
  cameras: z.object({
    count: z.number().int(),
    uptime: z.number().nullable().describe('0..1 over all cameras'),
    gaps: z.number().int(),
    gapHours: z.number(),
    items: z.array(CameraUptimeSchema).describe('lowest uptime first'),
  }),
  bodycams: z.object({
    clips: z.number().int().describe('clips recorded in the period'),
    hours: z.number().describe('one decimal'),
    categorizedOnTime: z.number().int(),
    categorizedLate: z.number().int(),
    overdue: z.number().int().describe('not categorized and past the deadline at asOf'),
    pending: z.number().int().describe('not categorized, deadline not reached yet'),
    onTimeShare: z.number().nullable().describe('categorizedOnTime / clips, 0..1'),
    viewings: z.number().int().describe('audited viewings in the period'),
    downloads: z.number().int(),
    shares: z
      .number()
      .int()
      .describe('share links created in the period on evidence items made from bodycam clips'),
  }),
  targets: z.array(TargetSchema).describe('the summary KPIs against the corps’ targets'),
});
export type Kpis = z.infer<typeof KpisSchema>;

export const REPORT_FILE_KINDS = ['pdf', 'xlsx', 'csv'] as const;
export const ReportFileKindSchema = z.enum(REPORT_FILE_KINDS);
export type ReportFileKind = z.infer<typeof ReportFileKindSchema>;

export const ReportFileSchema = z.object({
  kind: ReportFileKindSchema,
  name: z.string().describe('rendicontazione-2026-11.pdf'),
  bytes: z.number().int(),
  sha256: z.string(),
  url: z.string().describe('GET it to download (audited)'),
});

export const REPORT_KINDS = ['monthly', 'on_demand'] as const;
export const REPORT_STATUSES = ['ready', 'failed'] as const;

/** A stored report (list item and detail are the same shape). */
export const ReportSchema = z.object({
  id: z.string(),
  kind: z.enum(REPORT_KINDS).describe('monthly: built by the job on the 1st'),
  status: z.enum(REPORT_STATUSES),
  period: PeriodSchema,
  unit: z.string().nullable(),
  createdAt: iso,
  createdBy: z.string().describe('the user who asked, or "Vedetta" for the monthly job'),
  extractedAt: iso,
  files: z.array(ReportFileSchema),
  recipients: z.array(z.string()),
  mailedAt: iso.nullable().describe('when the mail with the PDF was put in the outbox'),
  error: z.string().nullable(),
});
export type Report = z.infer<typeof ReportSchema>;

export const ReportListQuerySchema = z
  .object({
    year: z.coerce.number().int().min(2000).max(2100).optional(),
    kind: z.enum(REPORT_KINDS).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

/** Build now: a month or a span of days, optionally for one unit. */
export const NewReportSchema = z
  .object({
    month: month.optional(),
    from: day.optional(),
    to: day.optional(),
    unit: unit.optional(),
  })
  .strict();
export type NewReport = z.infer<typeof NewReportSchema>;

export const ReportIdParamsSchema = z.object({ id: z.string().min(1).max(100) }).strict();
export const ReportFileParamsSchema = z
  .object({ id: z.string().min(1).max(100), kind: ReportFileKindSchema })
  .strict();
export const YearParamsSchema = z
  .object({ year: z.coerce.number().int().min(2000).max(2100) })
  .strict();
export const UnitQuerySchema = z.object({ unit: unit.optional() }).strict();

/** The "12 out of 12" indicator. */
export const YearViewSchema = z.object({
  year: z.number().int(),
  produced: z.number().int().describe('months with a monthly report'),
  due: z.number().int().describe('months already closed (12 for a past year)'),
  months: z.array(
    z.object({
      month,
      label: z.string().describe('"gennaio"'),
      due: z
        .boolean()
        .describe(
          'the month is over and Vedetta was in service during it (first user before its end), so its report is expected',
        ),
      report: z
        .object({
          id: z.string(),
          kind: z.enum(REPORT_KINDS),
          createdAt: iso,
          mailedAt: iso.nullable(),
        })
        .nullable()
        .describe('the monthly report (or, lacking it, the latest on-demand one of that month)'),
    }),
  ),
});
export type YearView = z.infer<typeof YearViewSchema>;

const YearTotalsSchema = z.object({
  year: z.number().int(),
  received: z.number().int(),
  evasa: z.number().int(),
  negativa: z.number().int(),
  open: z.number().int(),
  medianHours: z.number().nullable(),
  p90Hours: z.number().nullable(),
  acquisitions: z.number().int(),
  registered: z.number().int(),
  ratio: z.number().nullable(),
  footageLost: z.number().int(),
  bodycamClips: z.number().int(),
  bodycamHours: z.number(),
  reportsProduced: z.number().int(),
});
export type YearTotals = z.infer<typeof YearTotalsSchema>;

/** The year against the previous one: totals, then received/evasa/negativa month by month. */
export const YearSummarySchema = z.object({
  year: z.number().int(),
  unit: z.string().nullable(),
  extractedAt: iso,
  current: YearTotalsSchema,
  previous: YearTotalsSchema,
  months: z.array(
    z.object({
      month: z.number().int().min(1).max(12),
      label: z.string(),
      current: z.object({
        received: z.number().int(),
        evasa: z.number().int(),
        negativa: z.number().int(),
      }),
      previous: z.object({
        received: z.number().int(),
        evasa: z.number().int(),
        negativa: z.number().int(),
      }),
    }),
  ),
});
export type YearSummary = z.infer<typeof YearSummarySchema>;

export const UnitsSchema = z.object({ items: z.array(z.string()) });
