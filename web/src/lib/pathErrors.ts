import type { ApiError } from '../api/errors';

/**
 * Per-field messages of a 400, keyed by dotted path (`rules.categories.0.retentionHours`): the
 * request schema answers `details` as `[{ path: '/rules/categories/0/retentionHours', message }]`,
 * a service answers `details.fields` as `{ field: message }`.
 */
export function pathErrorsOf(error: ApiError | null): Record<string, string> {
  if (!error || error.status !== 400) return {};
  const out: Record<string, string> = {};
  const details = error.details;
  if (Array.isArray(details)) {
    for (const item of details as unknown[]) {
      if (typeof item !== 'object' || item === null) continue;
      const { path, message } = item as { path?: unknown; message?: unknown };
      if (typeof path !== 'string' || typeof message !== 'string') continue;
      const key = path.replace(/^\//, '').replace(/\//g, '.');
      out[key] ??= message;
    }
  } else if (typeof details === 'object' && details !== null && 'fields' in details) {
    const fields = details.fields;
    if (typeof fields === 'object' && fields !== null) {
      for (const [k, v] of Object.entries(fields)) if (typeof v === 'string') out[k] = v;
    }
  }
  return out;
}
