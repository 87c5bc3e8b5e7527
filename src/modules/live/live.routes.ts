import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { App } from '../../platform/http/server.js';
import { AppError, errorMessage } from '../../platform/errors.js';
import type { Logger } from '../../platform/log/logger.js';
import type { InitSegment } from '../../platform/mp4/fmp4-reader.js';
import { actorOf } from '../auth/auth-context.js';
import { requireAuth } from '../auth/auth.hook.js';
import type { LiveFragment, LiveViewer } from './live-hub.js';
import type { LiveService } from './live.service.js';

/** Above this many bytes queued for a viewer, fragments are dropped until the next keyframe. */
const MAX_QUEUED_BYTES = 2 * 1024 * 1024;

const ClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('pause') }).strict(),
  z.object({ type: z.literal('resume') }).strict(),
  z.object({ type: z.literal('ping'), t: z.number().optional() }).strict(),
]);

/** Close codes: 4xxx mirror HTTP statuses, so the page can say why. */
const CLOSE = { badMessage: 1008, forbidden: 4403, notFound: 4404, error: 1011 } as const;

/**
 * One viewer over a WebSocket. Protocol, server to client: a JSON text message describing the
 * binary message that follows it (`init` then the init segment; `fragment` with keyframe,
 * mediaTime and the server's wallMs, then the fragment), plus `status` and `error` messages.
 * Client to server: `pause`, `resume`, `ping` only; anything else closes the connection.
 */
class SocketViewer implements LiveViewer {
  paused = false;
  needKeyframe = true;
  dropped = 0;

  constructor(private readonly socket: WebSocket) {}

  private sendJson(v: unknown): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(v));
  }

  init(init: InitSegment): void {
    this.sendJson({ type: 'init', codec: init.codec, timescale: init.timescale });
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(init.data);
    this.needKeyframe = true;
  }

  fragment(f: LiveFragment): void {
    if (this.paused || this.socket.readyState !== this.socket.OPEN) return;
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

export function liveRoutes(app: App, deps: { live: LiveService; log: Logger }): void {
  app.get(
    '/api/live/:cameraId',
    {
      websocket: true,
      config: { access: { permission: 'live.view' } },
      schema: {
        hide: true,
        params: z.object({ cameraId: z.string().max(100) }).strict(),
        querystring: z.object({ stream: z.enum(['auto', 'main', 'sub']).optional() }).strict(),
      },
    },
    (socket: WebSocket, req) => {
      const viewer = new SocketViewer(socket);
      const auth = requireAuth(req);
      const { cameraId } = req.params;
      const { stream } = req.query;
      if (!sameOrigin(req)) {
        viewer.fail(CLOSE.forbidden, 'forbidden', 'Origine della connessione non consentita');
        return;
      }
      if (!z.uuid().safeParse(cameraId).success) {
        viewer.fail(CLOSE.notFound, 'not_found', 'Telecamera inesistente');
        return;
      }
      let unwatch: (() => void) | null = null;
      let session: Awaited<ReturnType<LiveService['open']>> | null = null;
      let closed = false;
      const finish = () => {
        closed = true;
        unwatch?.();
        void session
          ?.end()
          .catch((err: unknown) => deps.log.error({ err }, 'live session end not audited'));
      };
      socket.on('close', finish);
      socket.on('error', () => socket.close());
      socket.on('message', (data, isBinary) => {
        let parsed: z.infer<typeof ClientMessage> | null = null;
        if (!isBinary) {
          try {
            const text = Array.isArray(data)
              ? Buffer.concat(data).toString('utf8')
              : Buffer.from(data as ArrayBuffer).toString('utf8');
            const r = ClientMessage.safeParse(JSON.parse(text));
            parsed = r.success ? r.data : null;
          } catch {
            parsed = null;
          }
        }
        if (!parsed) {
          viewer.fail(
            CLOSE.badMessage,
            'bad_message',
            'Messaggio non valido: attesi pause, resume o ping',
          );
          return;
        }
        if (parsed.type === 'pause') viewer.paused = true;
        else if (parsed.type === 'resume') {
          viewer.paused = false;
          viewer.needKeyframe = true;
          if (session) deps.live.replay(session, viewer);
        } else
          socket.send(JSON.stringify({ type: 'pong', t: parsed.t ?? null, serverMs: Date.now() }));
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
