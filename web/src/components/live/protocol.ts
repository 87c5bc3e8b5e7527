/**
 * The live WebSocket protocol (`/api/live/:cameraId?stream=&transport=`), typed by hand: the
 * route is not in the OpenAPI document. Server to client: a JSON text message, and after
 * `init` and `fragment` one binary message with the bytes it describes. Client to server:
 * `pause`, `resume`, `ping`, and for WebRTC `webrtc-offer` and `mse` (fall back); anything else
 * makes the server close the connection.
 *
 * With `transport=webrtc` the picture goes over WebRTC (H.264 as the camera sends it) and the
 * socket carries the signalling, the status and `clock` messages; fMP4 follows on the same
 * socket after `webrtc-failed` from the server or `mse` from the client.
 */

/** What the client asks for: `auto` is the sub-stream where the camera has one. */
export type StreamChoice = 'auto' | 'main' | 'sub';
export type StreamKind = 'main' | 'sub';
/** How the picture travels: WebRTC (lower latency) or fMP4 into Media Source Extensions. */
export type Transport = 'webrtc' | 'mse';

/** First message: the camera and the stream actually served, and the audited session. */
export interface CameraMessage {
  type: 'camera';
  id: string;
  code: string;
  name: string;
  stream: StreamKind;
  session: string;
  /** What the server will do: WebRTC only when asked for and enabled on the server. */
  transport: Transport;
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

/** The server's answer to the client's WebRTC offer. */
export interface WebRtcAnswerMessage {
  type: 'webrtc-answer';
  sdp: string;
}

/** WebRTC is not possible (or was lost): fMP4 follows on this socket. */
export interface WebRtcFailedMessage {
  type: 'webrtc-failed';
  message: string;
}

/** An RTP timestamp with the server's wall clock when its fragment arrived (WebRTC only). */
export interface ClockMessage {
  type: 'clock';
  rtpTime: number;
  wallMs: number;
}

export type ServerMessage =
  | CameraMessage
  | InitMessage
  | FragmentMessage
  | StatusMessage
  | ErrorMessage
  | PongMessage
  | WebRtcAnswerMessage
  | WebRtcFailedMessage
  | ClockMessage;

export type ClientMessage =
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'ping'; t?: number }
  | { type: 'webrtc-offer'; sdp: string }
  | { type: 'mse' };

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
export function liveUrl(
  cameraId: string,
  stream: StreamChoice,
  base: { protocol: string; host: string } = window.location,
  transport: Transport = 'mse',
): string {
  const scheme = base.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = `?stream=${stream}${transport === 'webrtc' ? '&transport=webrtc' : ''}`;
  return `${scheme}//${base.host}/api/live/${encodeURIComponent(cameraId)}${query}`;
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
            transport: m.transport === 'webrtc' ? 'webrtc' : 'mse',
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
    case 'webrtc-answer':
      return isString(m.sdp) ? { type: 'webrtc-answer', sdp: m.sdp } : null;
    case 'webrtc-failed':
      return { type: 'webrtc-failed', message: isString(m.message) ? m.message : 'WebRTC' };
    case 'clock':
      return isNumber(m.rtpTime) && isNumber(m.wallMs)
        ? { type: 'clock', rtpTime: m.rtpTime, wallMs: m.wallMs }
        : null;
    default:
      return null;
  }
}
