import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { BodyOf, OkJson } from '../../api/types';
import type { paths } from '../../api/schema';

export type Kpis = OkJson<paths['/api/reports/kpis']['get']>;
export type KpisQuery = NonNullable<paths['/api/reports/kpis']['get']['parameters']['query']>;
export type Count = Kpis['requests']['byChannel'][number];
export type Target = Kpis['targets'][number];
export type BacklogItem = Kpis['backlog']['items'][number];
export type Report = OkJson<paths['/api/reports/{id}']['get']>;
export type ReportFile = Report['files'][number];
export type NewReport = BodyOf<paths['/api/reports']['post']>;
export type YearView = OkJson<paths['/api/reports/years/{year}']['get']>;
export type YearSummary = OkJson<paths['/api/reports/years/{year}/summary']['get']>;
export type YearTotals = YearSummary['current'];

/** The period and unit chosen on the page, as kept in the address (`?month=` or `?from=&to=`, `&unit=`). */
export type PeriodFilter =
  | { mode: 'month'; month: string; unit: string }
  | { mode: 'range'; from: string; to: string; unit: string };

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Today in Rome as YYYY-MM-DD (the corps' calendar, whatever the browser's zone). */
export function romeToday(now = Date.now()): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Rome',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(now));
}

export const romeMonth = (now = Date.now()): string => romeToday(now).slice(0, 7);

/** The filter in the address; an unreadable one falls back to the current month. */
export function readFilter(params: URLSearchParams, now = Date.now()): PeriodFilter {
  const unit = params.get('unit') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  if (DAY.test(from) && DAY.test(to) && from <= to) return { mode: 'range', from, to, unit };
  const month = params.get('month') ?? '';
  return { mode: 'month', month: MONTH.test(month) ? month : romeMonth(now), unit };
}

/** "2026-11" → "2026-10"; January goes back to December of the year before. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export function filterToParams(filter: PeriodFilter): Record<string, string> {
  const period: Record<string, string> =
    filter.mode === 'month' ? { month: filter.month } : { from: filter.from, to: filter.to };
  return filter.unit ? { ...period, unit: filter.unit } : period;
}

export function loadKpis(filter: PeriodFilter, signal: AbortSignal): Promise<Kpis> {
  const query: KpisQuery = filterToParams(filter);
  return unwrap(api.GET('/api/reports/kpis', { signal, params: { query } }));
}

export async function loadUnits(signal: AbortSignal): Promise<string[]> {
  return (await unwrap(api.GET('/api/reports/units', { signal }))).items;
}

export async function loadReports(year: number, signal: AbortSignal): Promise<Report[]> {
  return (await unwrap(api.GET('/api/reports', { signal, params: { query: { year } } }))).items;
}

export function generateReport(filter: PeriodFilter): Promise<Report> {
  const body: NewReport = filterToParams(filter);
  return unwrap(api.POST('/api/reports', { body }));
}

export function loadYear(year: number, signal: AbortSignal): Promise<YearView> {
  return unwrap(api.GET('/api/reports/years/{year}', { signal, params: { path: { year } } }));
}

export function loadYearSummary(year: number, signal: AbortSignal): Promise<YearSummary> {
  return unwrap(
    api.GET('/api/reports/years/{year}/summary', { signal, params: { path: { year } } }),
  );
}

/** "81 kB", "1,2 MB". */
export function formatBytes(bytes: number, locale: string): string {
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${number.format(bytes / 1024)} kB`;
  return `${number.format(bytes / (1024 * 1024))} MB`;
}
