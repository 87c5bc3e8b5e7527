import { redactUrlCredentials } from '../log/redact.js';

export type FailureKind =
  | 'auth'
  | 'unreachable'
  | 'not_found'
  | 'timeout'
  | 'bad_url'
  | 'no_video'
  | 'unsupported_codec'
  | 'ended'
  | 'stalled'
  | 'killed'
  | 'disk'
  | 'unknown';

export interface RecorderFailure {
  kind: FailureKind;
  /** Italian, for the operator; never contains credentials. */
  message: string;
  /** The last lines ffmpeg printed, credentials removed. */
  detail: string | null;
}

/** Which failures mean the camera is not delivering (offline) rather than misconfigured (error). */
export function isOfflineKind(kind: FailureKind): boolean {
  return ['unreachable', 'timeout', 'ended', 'stalled', 'not_found'].includes(kind);
}

const RULES: Array<[RegExp, FailureKind, string]> = [
  [
    /401 Unauthorized|403 Forbidden|authorization failed/i,
    'auth',
    'Credenziali rifiutate dalla telecamera',
  ],
  [
    /404 Not Found|454 Session Not Found/i,
    'not_found',
    'Percorso RTSP inesistente sulla telecamera',
  ],
  [
    /Connection refused|No route to host|Network is unreachable|Host is unreachable|Name or service not known|Temporary failure in name resolution|Cannot assign requested address/i,
    'unreachable',
    'Telecamera non raggiungibile',
  ],
  [
    /Connection timed out|timed out|Operation timed out/i,
    'timeout',
    'La telecamera non risponde (timeout)',
  ],
  [
    /Invalid argument|Protocol not found|Invalid data found when processing input.*rtsp|Port missing in uri/i,
    'bad_url',
    'Indirizzo RTSP non valido',
  ],
  [
    /matches no streams|Output file #0 does not contain any stream/i,
    'no_video',
    'Il flusso non contiene video',
  ],
  [
    /No space left on device|Disk quota exceeded|Read-only file system/i,
    'disk',
    'Errore di scrittura su disco',
  ],
  [
    /End of file|Connection reset by peer|Broken pipe|error while seeking|Server returned 5\d\d/i,
    'ended',
    'La telecamera ha interrotto il flusso',
  ],
];

/**
 * Turns how ffmpeg ended (exit code, signal, what it printed) into a cause the operator can act
 * on. Pure: the recorder passes what it saw.
 */
export function classifyFailure(input: {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string[];
  stoppedByUs?: 'stalled' | null;
}): RecorderFailure {
  const detail = input.stderr.length
    ? input.stderr.slice(-8).map(redactUrlCredentials).join('\n')
    : null;
  if (input.stoppedByUs === 'stalled') {
    return { kind: 'stalled', message: 'La telecamera non invia più immagini', detail };
  }
  const text = input.stderr.join('\n');
  for (const [re, kind, message] of RULES) {
    if (re.test(text)) return { kind, message, detail };
  }
  if (input.signal === 'SIGKILL' || input.signal === 'SIGSEGV' || input.signal === 'SIGABRT') {
    return { kind: 'killed', message: `Registratore terminato (${input.signal})`, detail };
  }
  if (input.code === 0) {
    return { kind: 'ended', message: 'La telecamera ha chiuso il flusso', detail };
  }
  return {
    kind: 'unknown',
    message: `Registratore terminato (codice ${input.code ?? input.signal ?? '?'})`,
    detail,
  };
}
