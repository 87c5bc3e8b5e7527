/**
 * The live WebSocket protocol (`/api/live/:cameraId?stream=`), typed by hand: the route is
 * not in the OpenAPI document. Server to client: a JSON text message, and after `init` and
 * `fragment` one binary message with the bytes it describes. Client to server: `pause`,
 * `resume`, `ping` only; anything else makes the server close the connection.
 */

/** What the client asks for: `auto` is the sub-stream where the camera has one. */
export type StreamChoice = 'auto' | 'main' | 'sub';
export type StreamKind = 'main' | 'sub';

/** First message: the camera and the stream actually served, and the audited session. */
export interface CameraMessage {
  type: 'camera';
  id: string;
  code: string;
  name: string;
  stream: StreamKind;
  session: string;
}

/** Followed by the init segment (ftyp + moov); each one starts the stream afresh. */
export interface InitMessage {
  type: 'init';
  /** RFC 6381 codec string, e.g. `avc1.42c01e`. */
  codec: string;
  timescale: number;
}

/** Followed by one fragment (moof + mdat); the first after an init is a keyframe. */
export interface FragmentMessage {
  type: 'fragment';
  keyframe: boolean;
  /** Seconds on the media timeline. */
  mediaTime: number;
  /** Server wall clock (epoch ms) when the fragment arrived from the camera. */
  wallMs: number;
}

export interface StatusMessage {
  type: 'status';
  state: 'online' | 'offline';
  message: string | null;
}

/** Sent just before the server closes the connection. */
export interface ErrorMessage {
  type: 'error';
  error: string;
  message: string;
}

export interface PongMessage {
  type: 'pong';
  t: number | null;
  serverMs: number;
}

export type ServerMessage =
  CameraMessage | InitMessage | FragmentMessage | StatusMessage | ErrorMessage | PongMessage;

export type ClientMessage = { type: 'pause' } | { type: 'resume' } | { type: 'ping'; t?: number };

/** Close codes of the server: 4xxx mirror HTTP statuses. */
export const CLOSE_CODES = {
  badMessage: 1008,
  internal: 1011,
  forbidden: 4403,
  notFound: 4404,
} as const;

/** Errors that another attempt would not cure: the tile stops retrying. */
export const FATAL_ERRORS: ReadonlySet<string> = new Set(['not_found', 'forbidden', 'bad_message']);
export const FATAL_CLOSE_CODES: ReadonlySet<number> = new Set([
  CLOSE_CODES.badMessage,
  CLOSE_CODES.forbidden,
  CLOSE_CODES.notFound,
]);

/** The WebSocket address of a camera's live stream, same origin as the page. */
export function liveUrl(cameraId: string, stream: StreamChoice, base = window.location): string {
  const scheme = base.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${base.host}/api/live/${encodeURIComponent(cameraId)}?stream=${stream}`;
}

type Json = Record<string, unknown>;

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStringOrNull = (v: unknown): v is string | null => v === null || isString(v);

/**
 * Parses one text message from the server; null when it is not valid JSON or not one of the
 * messages above (the caller reports it: a message not understood is never ignored silently).
 */
export function parseServerMessage(text: string): ServerMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Json;
  switch (m.type) {
    case 'camera':
      return isString(m.id) &&
        isString(m.code) &&
        isString(m.name) &&
        (m.stream === 'main' || m.stream === 'sub') &&
        isString(m.session)
        ? {
            type: 'camera',
            id: m.id,
            code: m.code,
            name: m.name,
            stream: m.stream,
            session: m.session,
          }
        : null;
    case 'init':
      return isString(m.codec) && isNumber(m.timescale)
        ? { type: 'init', codec: m.codec, timescale: m.timescale }
        : null;
    case 'fragment':
      return typeof m.keyframe === 'boolean' && isNumber(m.mediaTime) && isNumber(m.wallMs)
        ? { type: 'fragment', keyframe: m.keyframe, mediaTime: m.mediaTime, wallMs: m.wallMs }
        : null;
    case 'status':
      return (m.state === 'online' || m.state === 'offline') && isStringOrNull(m.message ?? null)
        ? { type: 'status', state: m.state, message: (m.message as string | null) ?? null }
        : null;
    case 'error':
      return isString(m.error)
        ? { type: 'error', error: m.error, message: isString(m.message) ? m.message : m.error }
        : null;
    case 'pong':
      return isNumber(m.serverMs)
        ? { type: 'pong', t: isNumber(m.t) ? m.t : null, serverMs: m.serverMs }
        : null;
    default:
      return null;
  }
}
