import { z } from 'zod';
import { csvRow, CsvSyntaxError, parseCsv } from '../../platform/csv.js';
import { ValidationFailed } from '../../platform/errors.js';
import { CameraInputSchema, type Camera, type CameraInput } from './camera.schemas.js';

/** Export columns. Credentials are never exported; an import may carry username/password. */
export const CAMERA_CSV_COLUMNS = [
  'code',
  'name',
  'address',
  'latitude',
  'longitude',
  'main_url',
  'sub_url',
  'purpose',
  'retention_days',
  'retention_reason',
  'enabled',
  'notes',
  'dpia_ref',
] as const;
const IMPORT_ONLY = ['username', 'password'] as const;
const KNOWN = new Set<string>([...CAMERA_CSV_COLUMNS, ...IMPORT_ONLY]);

export function camerasToCsv(cameras: Camera[]): string {
  let out = csvRow(CAMERA_CSV_COLUMNS);
  for (const c of cameras) {
    out += csvRow([
      c.code,
      c.name,
      c.address,
      c.latitude,
      c.longitude,
      c.mainUrl,
      c.subUrl,
      c.purpose,
      c.retentionDays,
      c.retentionReason,
      c.enabled ? 1 : 0,
      c.notes,
      c.dpiaRef,
    ]);
  }
  return out;
}

function number(value: string): number | null {
  const v = value.trim().replace(',', '.');
  if (v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : NaN;
}

function flag(value: string): boolean {
  const v = value.trim().toLowerCase();
  if (['', '1', 'true', 'si', 'sì', 'yes', 'y', 's'].includes(v)) return true;
  if (['0', 'false', 'no', 'n'].includes(v)) return false;
  throw new Error(`valore "${value}" non valido per enabled (1/0, sì/no)`);
}

/** Reads a cameras CSV (`,` or `;`), checking every row; the first problem names its line. */
export function camerasFromCsv(
  text: string,
  retentionMaxDays: number,
): Array<{ input: CameraInput; line: number }> {
  let parsed: ReturnType<typeof parseCsv>;
  try {
    parsed = parseCsv(text);
  } catch (err: unknown) {
    if (err instanceof CsvSyntaxError) throw new ValidationFailed(err.message, { line: err.line });
    throw err;
  }
  const [header, ...rows] = parsed.rows;
  if (!header) throw new ValidationFailed('file CSV vuoto');
  const names = header.map((h) => h.trim().toLowerCase());
  const unknown = names.filter((n) => !KNOWN.has(n));
  if (unknown.length > 0) {
    throw new ValidationFailed(`colonne sconosciute: ${unknown.join(', ')}`, { line: 1 });
  }
  for (const required of ['code', 'name', 'main_url']) {
    if (!names.includes(required)) {
      throw new ValidationFailed(`manca la colonna ${required}`, { line: 1 });
    }
  }
  if (rows.length === 0) throw new ValidationFailed('il file non contiene telecamere');
  const seen = new Set<string>();
  return rows.map((cells, i) => {
    const line = parsed.lines[i + 1] ?? i + 2;
    const get = (name: string) => {
      const at = names.indexOf(name);
      return at >= 0 ? (cells[at] ?? '').trim() : '';
    };
    try {
      if (cells.length > names.length) throw new Error('più campi che colonne');
      const raw: Record<string, unknown> = {
        code: get('code'),
        name: get('name'),
        address: get('address'),
        latitude: number(get('latitude')),
        longitude: number(get('longitude')),
        mainUrl: get('main_url'),
        subUrl: get('sub_url') || null,
        retentionReason: get('retention_reason') || null,
        enabled: flag(get('enabled')),
        notes: get('notes'),
        dpiaRef: get('dpia_ref'),
      };
      if (get('purpose')) raw.purpose = get('purpose');
      if (get('retention_days')) raw.retentionDays = number(get('retention_days'));
      if (names.includes('username')) raw.username = get('username') || null;
      if (names.includes('password') && get('password')) raw.password = get('password');
      const input = CameraInputSchema.parse(raw);
      if (input.retentionDays > retentionMaxDays) {
        throw new Error(`conservazione oltre il massimo di ${retentionMaxDays} giorni`);
      }
      if (seen.has(input.code)) throw new Error(`codice ${input.code} ripetuto nel file`);
      seen.add(input.code);
      return { input, line };
    } catch (err: unknown) {
      const message =
        err instanceof z.ZodError
          ? err.issues.map((iss) => `${iss.path.join('.')}: ${iss.message}`).join('; ')
          : err instanceof Error
            ? err.message
            : String(err);
      throw new ValidationFailed(`riga ${line}: ${message}`, { line });
    }
  });
}
