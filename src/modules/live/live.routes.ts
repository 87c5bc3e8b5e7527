import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { App } from '../../platform/http/server.js';
import { AppError, errorMessage } from '../../platform/errors.js';
import type { Logger } from '../../platform/log/logger.js';
import type { InitSegment } from '../../platform/mp4/fmp4-reader.js';
import { H264Sender, type WebRtcNetwork } from '../../platform/webrtc/h264-sender.js';
import { actorOf } from '../auth/auth-context.js';
import { requireAuth } from '../auth/auth.hook.js';
import type { LiveFragment, LiveViewer } from './live-hub.js';
import type { LiveService } from './live.service.js';
import { RtpStreamer } from './rtp-streamer.js';

/** Above this many bytes queued for a viewer, fragments are dropped until the next keyframe. */
const MAX_QUEUED_BYTES = 2 * 1024 * 1024;

/** Offers are a few kilobytes; a much larger one is not an offer. */
const MAX_SDP_BYTES = 64 * 1024;

const ClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('pause') }).strict(),
  z.object({ type: z.literal('resume') }).strict(),
  z.object({ type: z.literal('ping'), t: z.number().optional() }).strict(),
  z
    .object({ type: z.literal('webrtc-offer'), sdp: z.string().min(10).max(MAX_SDP_BYTES) })
    .strict(),
  z.object({ type: z.literal('mse') }).strict(),
]);

export interface LiveWebRtcOptions {
  enabled: boolean;
  network: WebRtcNetwork;
}

/** Close codes: 4xxx mirror HTTP statuses, so the page can say why. */
const CLOSE = { badMessage: 1008, forbidden: 4403, notFound: 4404, error: 1011 } as const;

type Transport = 'mse' | 'webrtc';

/**
 * One viewer over a WebSocket. Protocol, server to client: a JSON text message describing the
 * binary message that follows it (`init` then the init segment; `fragment` with keyframe,
 * mediaTime and the server's wallMs, then the fragment), plus `status` and `error` messages.
 * Client to server: `pause`, `resume`, `ping`; anything else closes the connection.
 *
 * WebRTC (`?transport=webrtc`): the socket carries the signalling and the status, the picture
 * goes over RTP. The server announces `transport: webrtc` in its `camera` message and sends no
 * fMP4; the client sends `webrtc-offer`, the server answers `webrtc-answer`, then `clock`
 * messages (RTP timestamp ↔ wall clock) follow. `webrtc-failed` (server side) or `mse` (client
 * side) fall back to fMP4 on the same socket: same audited session, no new connection.
 */
class SocketViewer implements LiveViewer {
  paused = false;
  needKeyframe = true;
  dropped = 0;
  transport: Transport = 'mse';
  lastInit: InitSegment | null = null;
  streamer: RtpStreamer | null = null;
  sender: H264Sender | null = null;
  private rtpBroken = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly log: Logger,
  ) {}

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  sendJson(v: unknown): void {
    if (this.open) this.socket.send(JSON.stringify(v));
  }

  init(init: InitSegment): void {
    this.lastInit = init;
    if (this.transport === 'webrtc') {
      this.initRtp(init);
      return;
    }
    this.sendJson({ type: 'init', codec: init.codec, timescale: init.timescale });
    if (this.open) this.socket.send(init.data);
    this.needKeyframe = true;
  }

  private initRtp(init: InitSegment): void {
    if (!this.streamer) return;
    try {
      if (!this.streamer.init(init))
        this.fallback('Il flusso non è H.264: WebRTC non utilizzabile');
    } catch (err: unknown) {
      this.fallback(`Flusso non leggibile per WebRTC: ${errorMessage(err)}`);
    }
  }

  fragment(f: LiveFragment): void {
    if (this.paused || !this.open) return;
    if (this.transport === 'webrtc') {
      if (this.sender?.state !== 'connected' || !this.streamer) return;
      try {
        this.streamer.fragment(f);
        this.rtpBroken = false;
      } catch (err: unknown) {
        // A damaged fragment: skip to the next keyframe (logged once per run of damage).
        if (!this.rtpBroken) this.log.warn({ err }, 'live fragment unreadable for WebRTC');
        this.rtpBroken = true;
      }
      return;
    }
    if (this.needKeyframe && !f.keyframe) return;
    if (this.socket.bufferedAmount > MAX_QUEUED_BYTES) {
      // A slow viewer skips ahead to the next keyframe instead of falling ever further behind.
      this.needKeyframe = true;
      this.dropped++;
      return;
    }
    this.needKeyframe = false;
    this.sendJson({
      type: 'fragment',
      keyframe: f.keyframe,
      mediaTime: f.mediaTime,
      wallMs: f.wallMs,
    });
    this.socket.send(f.data);
  }

  status(state: 'online' | 'offline', message: string | null): void {
    this.sendJson({ type: 'status', state, message });
  }

  fail(code: number, error: string, message: string): void {
    this.sendJson({ type: 'error', error, message });
    this.socket.close(code, error);
    void this.closeRtp();
  }

  /** Replays the current GOP: over RTP packed up to the live edge, or as fMP4 fragments. */
  replayWith(replay: () => void): void {
    if (this.transport === 'webrtc' && this.streamer) {
      this.streamer.resync();
      this.streamer.beginBacklog();
      try {
        replay();
      } finally {
        this.streamer.endBacklog();
      }
      return;
    }
    this.needKeyframe = true;
    replay();
  }

  /** Back to fMP4 on this socket: said to the client, then init and the current GOP. */
  fallback(message: string | null, replay?: () => void): void {
    if (this.transport !== 'webrtc') return;
    this.transport = 'mse';
    void this.closeRtp();
    if (message !== null) this.sendJson({ type: 'webrtc-failed', message });
    if (this.lastInit) this.init(this.lastInit);
    if (replay) this.replayWith(replay);
  }

  async closeRtp(): Promise<void> {
    const sender = this.sender;
    this.sender = null;
    this.streamer = null;
    await sender?.close();
  }
}

function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (!origin) return true; // not a browser: the session cookie still decides
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function parseClientMessage(
  data: unknown,
  isBinary: boolean,
): z.infer<typeof ClientMessage> | null {
  if (isBinary) return null;
  try {
    const text = Array.isArray(data)
      ? Buffer.concat(data as Buffer[]).toString('utf8')
      : Buffer.from(data as ArrayBuffer).toString('utf8');
    const r = ClientMessage.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export function liveRoutes(
  app: App,
  deps: { live: LiveService; log: Logger; webrtc: LiveWebRtcOptions },
): void {
  app.get(
    '/api/live/:cameraId',
    {
      websocket: true,
      config: { access: { permission: 'live.view' } },
      schema: {
        hide: true,
        params: z.object({ cameraId: z.string().max(100) }).strict(),
        querystring: z
          .object({
            stream: z.enum(['auto', 'main', 'sub']).optional(),
            transport: z.enum(['mse', 'webrtc']).optional(),
          })
          .strict(),
      },
    },
    (socket: WebSocket, req) => {
      const viewer = new SocketViewer(socket, deps.log);
      const auth = requireAuth(req);
      const { cameraId } = req.params;
      const { stream, transport } = req.query;
      if (!sameOrigin(req)) {
        viewer.fail(CLOSE.forbidden, 'forbidden', 'Origine della connessione non consentita');
        return;
      }
      if (!z.uuid().safeParse(cameraId).success) {
        viewer.fail(CLOSE.notFound, 'not_found', 'Telecamera inesistente');
        return;
      }
      const wantsWebRtc = transport === 'webrtc' && deps.webrtc.enabled;
      if (wantsWebRtc) {
        viewer.transport = 'webrtc';
        viewer.streamer = new RtpStreamer(
          { send: (nalus, ts) => viewer.sender?.send(nalus, ts) },
          (mark) => viewer.sendJson({ type: 'clock', rtpTime: mark.rtpTime, wallMs: mark.wallMs }),
        );
      }
      let unwatch: (() => void) | null = null;
      let session: Awaited<ReturnType<LiveService['open']>> | null = null;
      let closed = false;
      let offered = false;
      const replay = () => {
        if (session) deps.live.replay(session, viewer);
      };
      const finish = () => {
        closed = true;
        unwatch?.();
        void viewer.closeRtp();
        void session
          ?.end()
          .catch((err: unknown) => deps.log.error({ err }, 'live session end not audited'));
      };
      const answer = async (sdp: string) => {
        const streamer = viewer.streamer;
        if (!streamer) return;
        try {
          const sender = await H264Sender.answer(
            sdp,
            streamer.profileLevelId ?? '42e01f',
            deps.webrtc.network,
          );
          if (closed || viewer.transport !== 'webrtc') {
            await sender.close();
            return;
          }
          viewer.sender = sender;
          sender.onState((state) => {
            if (viewer.sender !== sender) return;
            if (state === 'connected') {
              if (session) session.transport = 'webrtc';
              viewer.replayWith(replay);
            } else if (state === 'failed' || state === 'closed') {
              viewer.fallback('Connessione WebRTC interrotta', replay);
            }
          });
          viewer.sendJson({ type: 'webrtc-answer', sdp: sender.answer });
        } catch (err: unknown) {
          deps.log.info({ err: errorMessage(err), camera: cameraId }, 'WebRTC not negotiated');
          viewer.fallback(`WebRTC non negoziato: ${errorMessage(err)}`, replay);
        }
      };
      socket.on('close', finish);
      socket.on('error', () => socket.close());
      socket.on('message', (data, isBinary) => {
        const parsed = parseClientMessage(data, isBinary);
        if (!parsed) {
          viewer.fail(
            CLOSE.badMessage,
            'bad_message',
            'Messaggio non valido: attesi pause, resume, ping, webrtc-offer o mse',
          );
          return;
        }
        switch (parsed.type) {
          case 'pause':
            viewer.paused = true;
            break;
          case 'resume':
            viewer.paused = false;
            viewer.replayWith(replay);
            break;
          case 'ping':
            socket.send(
              JSON.stringify({ type: 'pong', t: parsed.t ?? null, serverMs: Date.now() }),
            );
            break;
          case 'webrtc-offer':
            if (!wantsWebRtc || offered) {
              viewer.fail(
                CLOSE.badMessage,
                'bad_message',
                'Offerta WebRTC inattesa: una sola, su una connessione aperta con transport=webrtc',
              );
              return;
            }
            offered = true;
            void answer(parsed.sdp);
            break;
          case 'mse':
            viewer.fallback(null, replay);
            break;
        }
      });
      deps.live
        .open(auth, actorOf(auth), cameraId, stream ?? 'auto')
        .then((s) => {
          session = s;
          if (closed) {
            void s.end();
            return;
          }
          socket.send(
            JSON.stringify({
              type: 'camera',
              id: s.camera.id,
              code: s.camera.code,
              name: s.camera.name,
              stream: s.kind,
              session: s.id,
              transport: viewer.transport,
            }),
          );
          unwatch = s.watch(viewer);
        })
        .catch((err: unknown) => {
          if (err instanceof AppError) {
            viewer.fail(
              err.status === 404 ? CLOSE.notFound : CLOSE.forbidden,
              err.code,
              err.message,
            );
          } else {
            deps.log.error({ err }, 'live session failed');
            viewer.fail(CLOSE.error, 'internal', errorMessage(err));
          }
        });
    },
  );
}
