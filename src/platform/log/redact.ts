/** Keys whose values never reach a log line, at any depth. */
const SECRET_KEY =
  /password|passphrase|passwd|secret|token|cookie|authorization|totp|credential|api[-_]?key/i;
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]+)(:[^\s/@]*)?@/gi;
const SECRET_QUERY = /([?&](?:token|password|secret|code|key|sig)=)[^&#\s]*/gi;

/** Removes user and password from URLs inside a string (rtsp://u:p@host → rtsp://***@host). */
export function redactUrlCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, '$1***@').replace(SECRET_QUERY, '$1***');
}

/** Returns a copy of a log object with secret values replaced and URL credentials removed. */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactUrlCredentials(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Error) {
    return {
      type: value.name,
      message: redactUrlCredentials(value.message),
      stack: value.stack && redactUrlCredentials(value.stack),
    };
  }
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  // Class instances (requests, replies, streams) are left to their serializers.
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      SECRET_KEY.test(k) && v !== null && v !== undefined && typeof v !== 'boolean'
        ? '[redacted]'
        : redactDeep(v, depth + 1);
  }
  return out;
}
