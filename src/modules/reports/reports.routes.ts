import { z } from 'zod';
import type { App } from '../../platform/http/server.js';
import { actorOf } from '../auth/auth-context.js';
import { requireAuth } from '../auth/auth.hook.js';
import {
  KpisSchema,
  NewReportSchema,
  PeriodQuerySchema,
  ReportFileParamsSchema,
  ReportIdParamsSchema,
  ReportListQuerySchema,
  ReportSchema,
  REPORT_PATHS,
  UnitQuerySchema,
  UnitsSchema,
  YearParamsSchema,
  YearSummarySchema,
  YearViewSchema,
} from './reports.schemas.js';
import type { ReportsService } from './reports.service.js';

// Building on demand needs only report.read: it shows nothing the dashboard does not, and the
// build is audited under the user's name. The people holding report.read (commander, privacy
// officer) are exactly those who account for the service.
const read = { access: { permission: 'report.read' as const } };

/** `attachment` with an ASCII name and the RFC 5987 form. */
const attachment = (name: string) =>
  `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export function reportsRoutes(app: App, reports: ReportsService): void {
  const tags = ['reports'];

  app.get(
    REPORT_PATHS.kpis,
    {
      config: read,
      schema: {
        tags,
        summary: 'Every indicator of a period (a month, a span of days, or this month)',
        querystring: PeriodQuerySchema,
        response: { 200: KpisSchema },
      },
    },
    (req) => reports.kpis(req.query),
  );

  app.get(
    REPORT_PATHS.units,
    {
      config: read,
      schema: {
        tags,
        summary: 'The requesting units named in requests (the dashboard’s unit filter)',
        response: { 200: UnitsSchema },
      },
    },
    async () => ({ items: await reports.units() }),
  );

  app.post(
    REPORT_PATHS.reports,
    {
      config: read,
      schema: {
        tags,
        summary: 'Build and store a report now (PDF, XLSX, CSV) for a month or a span of days',
        body: NewReportSchema,
        response: { 201: ReportSchema },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      const report = await reports.buildOnDemand(
        { actor: actorOf(auth), name: auth.displayName },
        req.body,
      );
      return reply.status(201).send(report);
    },
  );

  app.get(
    REPORT_PATHS.reports,
    {
      config: read,
      schema: {
        tags,
        summary: 'Stored reports, newest period first',
        querystring: ReportListQuerySchema,
        response: { 200: z.object({ items: z.array(ReportSchema) }) },
      },
    },
    async (req) => ({ items: await reports.list(req.query) }),
  );

  app.get(
    REPORT_PATHS.year,
    {
      config: read,
      schema: {
        tags,
        summary: 'The year view: which of the 12 monthly reports exist, and when each was produced',
        params: YearParamsSchema,
        response: { 200: YearViewSchema },
      },
    },
    (req) => reports.yearView(req.params.year),
  );

  app.get(
    REPORT_PATHS.yearSummary,
    {
      config: read,
      schema: {
        tags,
        summary: 'The year’s totals against the previous year, month by month',
        params: YearParamsSchema,
        querystring: UnitQuerySchema,
        response: { 200: YearSummarySchema },
      },
    },
    (req) => reports.yearSummary(req.params.year, req.query.unit ?? null),
  );

  app.get(
    REPORT_PATHS.report,
    {
      config: read,
      schema: {
        tags,
        summary: 'One stored report with its files and their SHA-256',
        params: ReportIdParamsSchema,
        response: { 200: ReportSchema },
      },
    },
    (req) => reports.get(req.params.id),
  );

  app.get(
    REPORT_PATHS.file,
    {
      config: read,
      schema: {
        tags,
        summary: 'Download one file of a stored report (pdf, xlsx, csv); the download is audited',
        params: ReportFileParamsSchema,
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      const file = await reports.download(actorOf(auth), req.params.id, req.params.kind);
      return reply
        .header('content-type', file.mediaType)
        .header('content-length', String(file.bytes))
        .header('content-disposition', attachment(file.name))
        .header('cache-control', 'no-store')
        .send(file.stream);
    },
  );
}
