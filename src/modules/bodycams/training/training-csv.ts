import { CsvSyntaxError, parseCsv } from '../../../platform/csv.js';
import { ValidationFailed } from '../../../platform/errors.js';

/** One attendance read from a CSV line (course and user still to be resolved). */
export interface TrainingCsvRow {
  line: number;
  course: string;
  heldOn: string;
  user: string;
  instructor: string;
  place: string;
}

export interface CsvLineError {
  line: number;
  message: string;
}

/** Italian headers first; English accepted. */
const ALIASES: Record<string, keyof Omit<TrainingCsvRow, 'line'>> = {
  corso: 'course',
  course: 'course',
  data: 'heldOn',
  date: 'heldOn',
  held_on: 'heldOn',
  utente: 'user',
  username: 'user',
  matricola: 'user',
  user: 'user',
  docente: 'instructor',
  instructor: 'instructor',
  luogo: 'place',
  sede: 'place',
  place: 'place',
};

/** `2026-03-14`, `14/03/2026` or `14-03-2026` → `2026-03-14`; null when not a real date. */
export function csvDate(value: string): string | null {
  const v = value.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  let iso: string | null = m ? `${m[1]}-${m[2]}-${m[3]}` : null;
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
  if (m) iso = `${m[3]}-${m[2]?.padStart(2, '0')}-${m[1]?.padStart(2, '0')}`;
  if (!iso) return null;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

/**
 * Reads a training attendance CSV (`,` or `;`). Every line is checked and every problem is
 * returned with its line: the import is all or nothing.
 */
export function trainingFromCsv(text: string): { rows: TrainingCsvRow[]; errors: CsvLineError[] } {
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
  const [header, ...lines] = parsed.rows;
  if (!header) throw new ValidationFailed('file CSV vuoto', { errors: [] });
  const names = header.map((h) => ALIASES[h.trim().toLowerCase()]);
  const unknown = header.filter((_h, i) => names[i] === undefined);
  if (unknown.length > 0) {
    throw new ValidationFailed(`colonne sconosciute: ${unknown.join(', ')}`, {
      errors: [{ line: 1, message: `colonne sconosciute: ${unknown.join(', ')}` }],
    });
  }
  for (const [need, label] of [
    ['course', 'corso'],
    ['heldOn', 'data'],
    ['user', 'utente'],
  ] as const) {
    if (!names.includes(need)) {
      throw new ValidationFailed(`manca la colonna ${label}`, {
        errors: [{ line: 1, message: `manca la colonna ${label}` }],
      });
    }
  }
  if (lines.length === 0)
    throw new ValidationFailed('il file non contiene presenze', { errors: [] });
  const rows: TrainingCsvRow[] = [];
  const errors: CsvLineError[] = [];
  lines.forEach((cells, i) => {
    const line = parsed.lines[i + 1] ?? i + 2;
    const get = (k: keyof Omit<TrainingCsvRow, 'line'>) => {
      const at = names.indexOf(k);
      return at >= 0 ? (cells[at] ?? '').trim() : '';
    };
    const problems: string[] = [];
    if (cells.length > names.length) problems.push('più campi che colonne');
    const heldOn = csvDate(get('heldOn'));
    if (!get('course')) problems.push('corso mancante');
    if (!get('user')) problems.push('utente mancante');
    if (!heldOn) problems.push(`data "${get('heldOn')}" non valida (AAAA-MM-GG o GG/MM/AAAA)`);
    if (problems.length > 0) {
      errors.push({ line, message: problems.join('; ') });
      return;
    }
    rows.push({
      line,
      course: get('course'),
      heldOn: heldOn ?? '',
      user: get('user'),
      instructor: get('instructor'),
      place: get('place'),
    });
  });
  return { rows, errors };
}
