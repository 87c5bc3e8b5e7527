/** An RTSP address split into the address proper and the credentials that are stored apart. */
export interface ParsedRtspUrl {
  /** The URL without user and password. */
  url: string;
  username: string | null;
  password: string | null;
}

export class RtspUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RtspUrlError';
  }
}

/**
 * Validates an RTSP address and takes the credentials out of it, so that they are stored
 * encrypted and never shown or logged with the address.
 */
export function parseRtspUrl(input: string): ParsedRtspUrl {
  const text = input.trim();
  if (text === '') throw new RtspUrlError('indirizzo RTSP vuoto');
  if (/\s/.test(text)) throw new RtspUrlError('l’indirizzo RTSP contiene spazi');
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new RtspUrlError('indirizzo RTSP non valido (atteso rtsp://host[:porta]/percorso)');
  }
  if (u.protocol !== 'rtsp:' && u.protocol !== 'rtsps:') {
    throw new RtspUrlError(
      `protocollo ${u.protocol.replace(/:$/, '')} non supportato: serve rtsp://`,
    );
  }
  if (!u.hostname) throw new RtspUrlError('manca l’host nell’indirizzo RTSP');
  if (u.port !== '' && (Number(u.port) < 1 || Number(u.port) > 65535)) {
    throw new RtspUrlError('porta RTSP non valida');
  }
  const username = u.username ? safeDecode(u.username) : null;
  const password = u.password ? safeDecode(u.password) : null;
  u.username = '';
  u.password = '';
  return { url: u.toString(), username, password };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The address ffmpeg connects to: credentials put back in, percent-encoded. */
export function withCredentials(
  url: string,
  username: string | null,
  password: string | null,
): string {
  if (!username) return url;
  const u = new URL(url);
  u.username = encodeURIComponent(username);
  if (password) u.password = encodeURIComponent(password);
  return u.toString();
}
