import type { ApiError } from '../api/errors';
import { pathErrorsOf } from './pathErrors';

/**
 * A refusal's messages by field: the request schema's and a service's `details.fields` by
 * dotted path (see pathErrorsOf), a service's `details.field` (the one field its message is
 * about) and a service's list of problems with a field (`details.password: ['…', '…']`).
 */
export function fieldMessagesOf(error: ApiError | null): Record<string, string> {
  const out = pathErrorsOf(error);
  const details = error?.status === 400 ? error.details : undefined;
  if (!error || typeof details !== 'object' || details === null || Array.isArray(details)) {
    return out;
  }
  for (const [key, value] of Object.entries(details)) {
    if (key === 'field' && typeof value === 'string' && value) out[value] ??= error.message;
    const problems = Array.isArray(value) ? (value as unknown[]) : [];
    if (problems.length > 0 && problems.every((p) => typeof p === 'string')) {
      out[key] ??= problems.join(' ');
    }
  }
  return out;
}

/** A form's own check before it sends: a message where the field is wrong, anything falsy where not. */
export type FieldChecks = Record<string, string | false | null | undefined>;

/** The checks that failed, by field; empty when the form may send. */
export function failedChecks(checks: FieldChecks): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(checks)) if (message) out[field] = message;
  return out;
}

/**
 * True for a refusal by a request schema (`validation_failed` with the list of bad fields):
 * its message is technical (`Dati non validi (body): displayName: …`, the API's field names),
 * so an alert says it in words and keeps the message as a detail; the fields say the rest.
 */
export function isSchemaRefusal(error: ApiError | null | undefined): boolean {
  return (
    error?.code === 'validation_failed' && Array.isArray(error.details) && error.details.length > 0
  );
}
