import type { AuditQuery } from '../../api/types';
import { romeLocalToIso } from '../../lib/format';

/** The filter form as typed by the user (`from`/`to` are datetime-local values, Italian time). */
export interface AuditFilterValues {
  from: string;
  to: string;
  actor: string;
  action: string;
  objectType: string;
  q: string;
}

export const EMPTY_FILTERS: AuditFilterValues = {
  from: '',
  to: '',
  actor: '',
  action: '',
  objectType: '',
  q: '',
};

type FilterQuery = Omit<AuditQuery, 'limit' | 'cursor'>;

/** Server query for the filters: empty fields are left out, times become ISO instants. */
export function toAuditQuery(values: AuditFilterValues): FilterQuery {
  const query: Record<string, string> = {};
  const from = romeLocalToIso(values.from);
  const to = romeLocalToIso(values.to);
  if (from) query.from = from;
  if (to) query.to = to;
  for (const key of ['actor', 'action', 'objectType', 'q'] as const) {
    const value = values[key].trim();
    if (value) query[key] = value;
  }
  return query;
}

/** Link to the CSV export with the same filters. */
export function exportCsvHref(query: FilterQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `/api/audit/export.csv${search ? `?${search}` : ''}`;
}
