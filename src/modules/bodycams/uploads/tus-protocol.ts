/** tus 1.0.0 (https://tus.io/protocols/resumable-upload): the header grammar, as pure functions. */

export const TUS_VERSION = '1.0.0';
export const TUS_EXTENSIONS = 'creation,termination,expiration,checksum';
export const TUS_CHECKSUM_ALGORITHMS = 'sha256';
export const OFFSET_CONTENT_TYPE = 'application/offset+octet-stream';

/** A header value that must be a non-negative integer (Upload-Offset, Upload-Length). */
export function parseNonNegative(value: string | string[] | undefined): number | null {
  if (typeof value !== 'string' || !/^\d{1,16}$/.test(value.trim())) return null;
  const n = Number(value.trim());
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * Upload-Metadata: comma-separated `key base64value` pairs (the value may be absent). Keys are
 * unique ASCII without spaces or commas. Returns null when the header is malformed.
 */
export function parseMetadata(header: string | undefined): Map<string, string> | null {
  const out = new Map<string, string>();
  if (header === undefined || header.trim() === '') return out;
  for (const pair of header.split(',')) {
    const parts = pair.trim().split(' ');
    const key = parts[0] ?? '';
    if (parts.length > 2 || !/^[\x21-\x7e]+$/.test(key) || out.has(key)) return null;
    const value = parts[1] ?? '';
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) return null;
    out.set(key, Buffer.from(value, 'base64').toString('utf8'));
  }
  return out;
}

/** Upload-Metadata from a map (for tests and for echoing normalized metadata). */
export function formatMetadata(m: Record<string, string>): string {
  return Object.entries(m)
    .map(([k, v]) => `${k} ${Buffer.from(v, 'utf8').toString('base64')}`)
    .join(',');
}

/** Upload-Checksum: `<algorithm> <base64 digest>`; null when malformed. */
export function parseChecksum(
  header: string | undefined,
): { algorithm: string; digest: Buffer } | null {
  const m = header ? /^([a-z0-9-]+) ([A-Za-z0-9+/]+={0,2})$/.exec(header.trim()) : null;
  if (!m?.[1] || !m[2]) return null;
  return { algorithm: m[1], digest: Buffer.from(m[2], 'base64') };
}

/** Upload-Expires is an RFC 7231 HTTP date. */
export const httpDate = (ms: number): string => new Date(ms).toUTCString();

/** How far before the upload's creation a declared file time is believed (then: the upload time). */
export const DECLARED_TIME_MAX_AGE_MS = 30 * 24 * 3_600_000;
/** Clock skew allowed for a declared file time after the upload's creation. */
export const DECLARED_TIME_MAX_AHEAD_MS = 5 * 60_000;

/**
 * The file time the dock declares (`lastModified` or `mtime`, epoch ms), used for the recording
 * time only when the video carries none. Believed only within 30 days before the upload's
 * creation and 5 minutes after (a dock could otherwise date a clip years back, so that it is
 * purged early or attributed to another officer, or send a time no date can hold); otherwise the
 * upload's creation time is used and `refused` says what was declared.
 */
export function declaredMtime(
  meta: Map<string, string> | null,
  createdAt: number,
): { mtimeMs: number; refused: string | null } {
  const raw = meta?.get('lastModified') ?? meta?.get('mtime');
  if (raw === undefined) return { mtimeMs: createdAt, refused: null };
  const n = /^\d{1,16}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  const ok =
    Number.isSafeInteger(n) &&
    n >= createdAt - DECLARED_TIME_MAX_AGE_MS &&
    n <= createdAt + DECLARED_TIME_MAX_AHEAD_MS;
  return ok ? { mtimeMs: n, refused: null } : { mtimeMs: createdAt, refused: raw };
}

/** The metadata keys a dock may use for the file name and the device serial. */
const NAME_KEYS = ['filename', 'name', 'fileName'];
const SERIAL_KEYS = ['serial', 'deviceSerial', 'device_serial'];

/** Control (Cc), format (Cf: bidi overrides and isolates, zero-width), line/paragraph separators. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

export interface UploadDeclaration {
  fileName: string;
  serial: string;
}

/**
 * The file name (a bare name, as on the device) and the device serial (a storage folder name:
 * letters, digits, dot, dash, underscore), or the reason they are unusable.
 */
export function declaration(meta: Map<string, string>): UploadDeclaration | { problem: string } {
  const pick = (keys: string[]) => keys.map((k) => meta.get(k)).find((v) => v !== undefined);
  const fileName = pick(NAME_KEYS)?.trim() ?? '';
  const serial = pick(SERIAL_KEYS)?.trim() ?? '';
  if (!fileName) return { problem: 'Upload-Metadata senza "filename" (nome del file)' };
  if (!serial) return { problem: 'Upload-Metadata senza "serial" (matricola della bodycam)' };
  // Control and invisible format characters (bidi overrides such as U+202E make "gpj.exe" read
  // as another extension in the clip register and the audit log), line and paragraph separators.
  const hidden = INVISIBLE.exec(fileName)?.[0];
  if (hidden !== undefined) {
    const code = `U+${(hidden.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    return {
      problem: `nome file non valido: contiene il carattere invisibile o di controllo ${code} (sono ammessi solo caratteri visibili)`,
    };
  }
  if (
    fileName.length > 200 ||
    fileName.includes('/') ||
    fileName.includes('\\') ||
    fileName.startsWith('.')
  ) {
    return { problem: `nome file non valido: ${JSON.stringify(fileName.slice(0, 60))}` };
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(serial)) {
    return { problem: `matricola non valida: ${JSON.stringify(serial.slice(0, 60))}` };
  }
  return { fileName, serial };
}
