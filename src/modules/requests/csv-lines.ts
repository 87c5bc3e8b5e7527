import { z } from 'zod';
import { CsvSyntaxError, parseCsv } from '../../platform/csv.js';
import { ValidationFailed } from '../../platform/errors.js';

/** One bad line of an import: the line number in the file and what is wrong, in Italian. */
export interface LineError {
  line: number;
  message: string;
}

/** At most this many line errors are reported (a wrong file would list every line). */
const MAX_ERRORS = 50;

export function errorText(err: unknown): string {
  if (err instanceof z.ZodError) {
    return err.issues.map((iss) => `${iss.path.join('.')}: ${iss.message}`).join('; ');
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * Reads a CSV whose header names its columns (aliases allowed, case and accents ignored) and
 * maps every row with `read`. All or nothing: every bad line is collected and reported together
 * as one ValidationFailed with `{ errors: [{ line, message }] }`; nothing is returned then.
 */
export function readCsvRows<T>(
  text: string,
  columns: { known: Record<string, readonly string[]>; required: readonly string[] },
  read: (get: (column: string) => string, line: number) => T,
): Array<{ value: T; line: number }> {
  let parsed: ReturnType<typeof parseCsv>;
  try {
    parsed = parseCsv(text);
  } catch (err: unknown) {
    if (err instanceof CsvSyntaxError) {
      throw new ValidationFailed(err.message, {
        errors: [{ line: err.line, message: err.message }],
      });
    }
    throw err;
  }
  const [header, ...rows] = parsed.rows;
  if (!header) throw new ValidationFailed('file CSV vuoto', { errors: [] });
  const norm = (s: string) =>
    s
      .trim()
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/[\s.]+/g, '_');
  const at = new Map<string, number>();
  const unknown: string[] = [];
  header.forEach((h, i) => {
    const n = norm(h);
    const column = Object.entries(columns.known).find(
      ([name, aliases]) => name === n || aliases.includes(n),
    )?.[0];
    if (column) at.set(column, i);
    else if (n) unknown.push(h.trim());
  });
  const fail = (message: string) =>
    new ValidationFailed(message, { errors: [{ line: 1, message }] });
  if (unknown.length > 0) throw fail(`colonne sconosciute: ${unknown.join(', ')}`);
  const missing = columns.required.filter((c) => !at.has(c));
  if (missing.length > 0) throw fail(`manca la colonna ${missing.join(', ')}`);
  if (rows.length === 0) throw new ValidationFailed('il file non contiene righe', { errors: [] });
  const out: Array<{ value: T; line: number }> = [];
  const errors: LineError[] = [];
  rows.forEach((cells, i) => {
    const line = parsed.lines[i + 1] ?? i + 2;
    const get = (column: string) => {
      const index = at.get(column);
      return index === undefined ? '' : (cells[index] ?? '').trim();
    };
    try {
      if (cells.length > header.length) throw new Error('più campi che colonne');
      out.push({ value: read(get, line), line });
    } catch (err: unknown) {
      if (errors.length < MAX_ERRORS) errors.push({ line, message: errorText(err) });
    }
  });
  if (errors.length > 0) throw linesFailed(errors);
  return out;
}

/** The import's refusal naming its lines. */
export function linesFailed(errors: LineError[]): ValidationFailed {
  const first = errors[0];
  const more = errors.length > 1 ? ` (e altre ${errors.length - 1} righe)` : '';
  return new ValidationFailed(
    first ? `riga ${first.line}: ${first.message}${more}` : 'importazione non valida',
    { errors },
  );
}

/** "44,69" or "44.69"; empty: null. */
export function decimal(value: string, what: string): number | null {
  const v = value.trim().replace(',', '.');
  if (v === '') return null;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`${what} "${value}" non è un numero`);
  return n;
}
