import {
  FATAL_CLOSE_CODES,
  FATAL_ERRORS,
  liveUrl,
  parseServerMessage,
  type CameraMessage,
  type ClientMessage,
  type ClockMessage,
  type FragmentMessage,
  type InitMessage,
  type StreamChoice,
  type StreamKind,
  type Transport,
} from './protocol';

/**
 * Why a connection was lost: closed (network, server restart, server error), a message that
 * could not be read, silence past the timeout, or the browser's player failing on the stream.
 */
export type LossCause = 'closed' | 'protocol' | 'silent' | 'media';

/** Where the connection stands, for the tile's badge and overlay. */
export type ConnectionState =
  | { kind: 'connecting'; attempt: number }
  /** Lost; the next attempt starts in `retryInMs`. */
  | { kind: 'waiting'; attempt: number; retryInMs: number; cause: LossCause; detail: string | null }
  | { kind: 'open' }
  /** Refused for good (unknown camera, no permission, bad message): no more attempts. */
  | { kind: 'failed'; error: string; message: string; closeCode: number | null };

export interface LiveConnectionHandlers {
  onCamera(camera: CameraMessage): void;
  onInit(init: InitMessage, data: ArrayBuffer): void;
  onFragment(fragment: FragmentMessage, data: ArrayBuffer): void;
  onStatus(state: 'online' | 'offline', message: string | null): void;
  onState(state: ConnectionState): void;
  /** WebRTC signalling and clock (only on a connection opened with transport webrtc). */
  onWebRtcAnswer?(sdp: string): void;
  onWebRtcFailed?(message: string): void;
  onClock?(clock: ClockMessage): void;
}

export interface LiveConnectionOptions {
  cameraId: string;
  stream: StreamChoice;
  /** Pauses the stream at once when false (a hidden tile). Default true. */
  active?: boolean;
  handlers: LiveConnectionHandlers;
  /** What to ask the server for; each new connection asks again (see setTransport). */
  transport?: Transport;
  /** Builds the WebSocket (tests swap it). */
  createSocket?: (url: string) => WebSocket;
}

/** Reconnection delays grow 1, 2, 4, 8 s, then stay at 10 s. */
export function backoffMs(attempt: number): number {
  return Math.min(10_000, 1000 * 2 ** Math.max(0, attempt));
}

/** A ping this often; a connection silent for longer than the timeout is closed and retried. */
const PING_MS = 10_000;
const SILENCE_TIMEOUT_MS = 25_000;
/** A connection delivering fragments for this long counts as healthy again. */
const HEALTHY_AFTER_MS = 5_000;
/** Client-side close code for a connection given up (4000–4999: private use). */
const CLOSE_DROPPED = 4000;

/**
 * One live stream over a WebSocket: pairs each JSON header with the binary message that
 * follows it, reconnects by itself with exponential backoff, sends pause/resume as the tile
 * is hidden and shown, and switches stream (sub for tiles, main for full screen).
 * Knows nothing of React or of Media Source Extensions.
 */
export class LiveConnection {
  private socket: WebSocket | null = null;
  private pending: InitMessage | FragmentMessage | null = null;
  private stream: StreamChoice;
  private transport: Transport;
  private active: boolean;
  private attempt = 0;
  private retryTimer = 0;
  private pingTimer = 0;
  private lastHeard = 0;
  private stopped = true;
  private failed = false;
  /** What `auto` turned out to serve: when it is the main stream, full screen needs no switch. */
  private autoServes: StreamKind | null = null;
  private serving: StreamKind | null = null;

  constructor(private readonly o: LiveConnectionOptions) {
    this.stream = o.stream;
    this.transport = o.transport ?? 'mse';
    this.active = o.active ?? true;
  }

  /** The transport the next connections ask for (the current one is not touched). */
  setTransport(transport: Transport): void {
    this.transport = transport;
  }

  /** Sends the browser's WebRTC offer on the open connection. */
  sendOffer(sdp: string): void {
    this.send({ type: 'webrtc-offer', sdp });
  }

  /** Asks for fMP4 on this connection instead of WebRTC (and on the next ones). */
  useMse(): void {
    this.transport = 'mse';
    this.send({ type: 'mse' });
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.failed = false;
    this.attempt = 0;
    this.connect();
  }

  /** Closes the connection for good (the server ends and audits the viewing session). */
  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.retryTimer);
    this.close(1000, 'closed');
  }

  /** Tries again at once after a failure, or while waiting for the next attempt. */
  retry(): void {
    if (this.stopped) return;
    window.clearTimeout(this.retryTimer);
    this.failed = false;
    this.attempt = 0;
    this.close(1000, 'retry');
    this.connect();
  }

  /** The player could not use the stream: start over on a new connection, after the backoff. */
  restart(detail: string): void {
    if (this.stopped || this.failed) return;
    window.clearTimeout(this.retryTimer);
    const socket = this.socket;
    if (socket) this.drop(socket, 'media', detail);
    else this.scheduleRetry('media', detail);
  }

  /** A hidden tile pauses its stream; the server resumes from the last keyframe. */
  setActive(active: boolean): void {
    if (active === this.active) return;
    this.active = active;
    this.send({ type: active ? 'resume' : 'pause' });
  }

  /** Switches stream; reconnects only when the stream served would change. */
  setStream(stream: StreamChoice): void {
    if (stream === this.stream) return;
    this.stream = stream;
    const wanted = stream === 'auto' ? this.autoServes : stream;
    if (wanted !== null && wanted === this.serving) return;
    if (!this.stopped && !this.failed) this.retry();
  }

  private connect(): void {
    window.clearTimeout(this.retryTimer);
    this.pending = null;
    this.serving = null;
    this.o.handlers.onState({ kind: 'connecting', attempt: this.attempt });
    let socket: WebSocket;
    try {
      const url = liveUrl(this.o.cameraId, this.stream, window.location, this.transport);
      socket = this.o.createSocket ? this.o.createSocket(url) : new WebSocket(url);
    } catch (error: unknown) {
      this.scheduleRetry('closed', error instanceof Error ? error.message : String(error));
      return;
    }
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    const stream = this.stream;
    let failure: { error: string; message: string } | null = null;

    let openedAt = Infinity;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.lastHeard = Date.now();
      openedAt = this.lastHeard;
      this.o.handlers.onState({ kind: 'open' });
      if (!this.active) this.send({ type: 'pause' });
      this.pingTimer = window.setInterval(() => this.ping(socket), PING_MS);
    };
    socket.onmessage = (event: MessageEvent<unknown>) => {
      if (this.socket !== socket) return;
      this.lastHeard = Date.now();
      if (typeof event.data === 'string') {
        const message = parseServerMessage(event.data);
        if (!message) {
          this.protocolError(`unreadable message: ${event.data.slice(0, 80)}`);
          return;
        }
        if (this.pending) {
          this.protocolError(`binary message expected after "${this.pending.type}"`);
          return;
        }
        switch (message.type) {
          case 'camera':
            this.serving = message.stream;
            if (stream === 'auto') this.autoServes = message.stream;
            this.o.handlers.onCamera(message);
            break;
          case 'init':
          case 'fragment':
            this.pending = message;
            break;
          case 'status':
            this.o.handlers.onStatus(message.state, message.message);
            break;
          case 'error':
            failure = { error: message.error, message: message.message };
            break;
          case 'pong':
            break;
          case 'webrtc-answer':
            this.o.handlers.onWebRtcAnswer?.(message.sdp);
            break;
          case 'webrtc-failed':
            this.transport = 'mse';
            this.o.handlers.onWebRtcFailed?.(message.message);
            break;
          case 'clock':
            if (Date.now() - openedAt > HEALTHY_AFTER_MS) this.attempt = 0;
            this.o.handlers.onClock?.(message);
            break;
        }
        return;
      }
      if (!(event.data instanceof ArrayBuffer)) {
        this.protocolError('binary message of an unexpected type');
        return;
      }
      const header = this.pending;
      this.pending = null;
      if (!header) {
        this.protocolError('binary message without a header');
        return;
      }
      if (header.type === 'init') {
        this.o.handlers.onInit(header, event.data);
      } else {
        // Data has flowed for a while: the next loss starts the backoff from the beginning
        // (not at once, or a stream that breaks the player at every start would loop fast).
        if (Date.now() - openedAt > HEALTHY_AFTER_MS) this.attempt = 0;
        this.o.handlers.onFragment(header, event.data);
      }
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.socket !== socket) return;
      this.socket = null;
      window.clearInterval(this.pingTimer);
      if (this.stopped) return;
      const fatal =
        (failure !== null && FATAL_ERRORS.has(failure.error)) || FATAL_CLOSE_CODES.has(event.code);
      if (fatal) {
        this.failed = true;
        this.o.handlers.onState({
          kind: 'failed',
          error: failure?.error ?? (event.reason || 'closed'),
          message: failure?.message ?? (event.reason || `WebSocket ${event.code}`),
          closeCode: event.code,
        });
        return;
      }
      this.scheduleRetry('closed', failure?.message ?? (event.reason || null));
    };
    // An error is always followed by a close event, which decides what happens next.
    socket.onerror = () => undefined;
  }

  private scheduleRetry(cause: LossCause, detail: string | null): void {
    const retryInMs = backoffMs(this.attempt);
    this.o.handlers.onState({ kind: 'waiting', attempt: this.attempt, retryInMs, cause, detail });
    this.attempt++;
    this.retryTimer = window.setTimeout(() => {
      if (!this.stopped) this.connect();
    }, retryInMs);
  }

  private ping(socket: WebSocket): void {
    if (this.socket !== socket) return;
    if (Date.now() - this.lastHeard > SILENCE_TIMEOUT_MS) {
      // Nothing at all, not even a pong: the connection is dead without having closed.
      this.drop(socket, 'silent', null);
      return;
    }
    this.send({ type: 'ping', t: Date.now() });
  }

  /** The stream cannot be read any more: report it, and start over on a new connection. */
  private protocolError(detail: string): void {
    console.error(`live ${this.o.cameraId}: protocol error: ${detail}`);
    const socket = this.socket;
    if (socket) this.drop(socket, 'protocol', detail);
  }

  private drop(socket: WebSocket, cause: LossCause, detail: string | null): void {
    this.socket = null;
    this.pending = null;
    window.clearInterval(this.pingTimer);
    socket.onclose = null;
    socket.onmessage = null;
    socket.close(CLOSE_DROPPED, cause);
    this.scheduleRetry(cause, detail);
  }

  private close(code: number, reason: string): void {
    const socket = this.socket;
    this.socket = null;
    this.pending = null;
    window.clearInterval(this.pingTimer);
    if (!socket) return;
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN) {
      socket.close(code, reason);
    }
  }

  private send(message: ClientMessage): void {
    const socket = this.socket;
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }
}
