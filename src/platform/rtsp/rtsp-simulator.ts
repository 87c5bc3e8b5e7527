import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { packageRoot } from '../package-root.js';

/**
 * Simulated RTSP cameras: a wrapper around `resources/rtsp-simulator.py` (GStreamer's RTSP
 * server run by Debian's Python). Used by tests, demos and benchmarks; no business rules here.
 */

/** A live moving test picture with a title and the wall clock (in `tz`), encoded on the fly. */
export interface GeneratedMount {
  type: 'generate';
  /** Mount path, starting with '/': `/cam1`. */
  path: string;
  /** Text drawn top-left; default: the path without '/'. */
  title?: string;
  /** Default 640×360; both even. */
  width?: number;
  height?: number;
  /** Default 15. */
  fps?: number;
  /** H.264 bit rate; default 600. */
  bitrateKbps?: number;
  /** H.264 key frame interval; default 2. */
  keyframeSeconds?: number;
  /** Default 'h264'; 'jpeg' serves RTP/JPEG (MJPEG), whose sizes round up to multiples of 8. */
  codec?: 'h264' | 'jpeg';
  /** H.264 profile; default 'constrained-baseline'. */
  profile?: 'constrained-baseline' | 'baseline' | 'main' | 'high';
}

/** A pre-encoded H.264 MP4 served as is, paced in real time. */
export interface FileMount {
  type: 'file';
  path: string;
  /** Absolute path of the MP4. */
  file: string;
  /**
   * Default true: the file loops seamlessly and the mount behaves like a camera (no seeking,
   * no duration). False: a seekable clip that ends.
   */
  loop?: boolean;
}

export type SimulatorMount = GeneratedMount | FileMount;

export interface SimulatorCredentials {
  username: string;
  password: string;
}

export interface SimulatorOptions {
  /** Listening address; default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. After the first start the bound port is kept for restarts. */
  port?: number;
  mounts: SimulatorMount[];
  /** When set, every mount requires Basic authentication with these credentials. */
  auth?: SimulatorCredentials;
  /** Time zone of the clock drawn on generated pictures; default 'Europe/Rome'. */
  tz?: string;
  /** Debian's Python, which has the GStreamer bindings; default '/usr/bin/python3'. */
  pythonPath?: string;
  /** Receives every line the simulator writes besides the ready line. */
  log?: (line: string) => void;
  /** How long start() waits for the server to listen; default 15 000 ms. */
  readyTimeoutMs?: number;
}

export interface SimulatorExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when stop() asked for it. */
  expected: boolean;
}

const STOP_GRACE_MS = 3_000;
const STDERR_TAIL_LINES = 20;

/** The script's path; exported for diagnostics. */
export function rtspSimulatorScript(): string {
  return join(packageRoot(), 'resources', 'rtsp-simulator.py');
}

export class RtspSimulator {
  private child: ChildProcessWithoutNullStreams | undefined;
  private exited: Promise<void> = Promise.resolve();
  private ready = false;
  private stopping = false;
  private boundPort: number | undefined;
  private readonly exitListeners = new Set<(exit: SimulatorExit) => void>();

  constructor(private readonly opts: SimulatorOptions) {}

  /** Starts the server and resolves once it listens. Rejects with the server's own complaint. */
  start(): Promise<void> {
    if (this.child) return Promise.reject(new Error('RTSP simulator already started'));
    const config = {
      host: this.opts.host ?? '127.0.0.1',
      port: this.boundPort ?? this.opts.port ?? 0,
      mounts: this.opts.mounts,
      ...(this.opts.auth ? { auth: this.opts.auth } : {}),
      exitOnStdinClose: true,
    };
    const child = spawn(
      this.opts.pythonPath ?? '/usr/bin/python3',
      [rtspSimulatorScript(), JSON.stringify(config)],
      {
        env: { ...process.env, TZ: this.opts.tz ?? 'Europe/Rome' },
        // stdin stays open: the server exits by itself when this process dies and it closes.
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    this.ready = false;
    this.stopping = false;
    const log = this.opts.log;
    const stderrTail: string[] = [];

    let wasReady = false;
    this.exited = new Promise<void>((resolve) => {
      let done = false;
      const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
        if (done) return;
        done = true;
        if (this.child === child) {
          this.child = undefined;
          this.ready = false;
        }
        resolve();
        // A server that never listened is reported by start() instead.
        if (!wasReady) return;
        const exit: SimulatorExit = { code, signal, expected: this.stopping };
        for (const listener of this.exitListeners) listener(exit);
      };
      child.once('close', finish);
      // Not spawned at all (no such interpreter): there will be no 'close'.
      child.once('error', () => {
        if (child.pid === undefined) finish(null, null);
      });
    });

    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (reason: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const tail = stderrTail.join('\n').trim();
        reject(new Error(`RTSP simulator ${reason}${tail ? `: ${tail}` : ''}`));
      };
      const timeoutMs = this.opts.readyTimeoutMs ?? 15_000;
      let timedOut = false;
      // Rejects once the process is gone, so that start() may be called again at once.
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs);

      createInterface({ input: child.stderr }).on('line', (line) => {
        stderrTail.push(line);
        if (stderrTail.length > STDERR_TAIL_LINES) stderrTail.shift();
        log?.(line);
      });
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (!settled) {
          const port = readyPort(line);
          if (port !== undefined) {
            settled = true;
            clearTimeout(timer);
            this.boundPort = port;
            this.ready = true;
            wasReady = true;
            resolve();
            return;
          }
        }
        log?.(line);
      });
      child.stdin.on('error', () => undefined); // EPIPE once the server has gone
      child.once('error', (err) => fail(`could not be started (${err.message})`));
      child.once('close', (code, signal) =>
        fail(
          timedOut
            ? `not ready after ${timeoutMs} ms`
            : `exited before it was ready (${signal ? `signal ${signal}` : `code ${code}`})`,
        ),
      );
    });
  }

  /** Stops the server: SIGTERM, then SIGKILL after 3 s. Resolves when it has exited. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return this.exited;
    this.stopping = true;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    try {
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The bound port; kept after stop() so that start() listens on it again. */
  get port(): number {
    if (this.boundPort === undefined) throw new Error('RTSP simulator not started yet');
    return this.boundPort;
  }

  get running(): boolean {
    return this.ready && this.child !== undefined;
  }

  /** The server process id while it runs (tests kill it to simulate a crash). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** `rtsp://127.0.0.1:PORT/cam1`, with URL-encoded credentials when given. */
  url(mountPath: string, credentials?: SimulatorCredentials): string {
    const host = urlHost(this.opts.host ?? '127.0.0.1');
    const userinfo = credentials
      ? `${encodeURIComponent(credentials.username)}:${encodeURIComponent(credentials.password)}@`
      : '';
    const path = mountPath.startsWith('/') ? mountPath : `/${mountPath}`;
    return `rtsp://${userinfo}${host}:${this.port}${path}`;
  }

  /**
   * Called whenever a server that was listening ends (a failed start() rejects instead):
   * `expected` is false for a crash or a kill from outside. Returns a function that removes the
   * listener.
   */
  onExit(listener: (exit: SimulatorExit) => void): () => void {
    this.exitListeners.add(listener);
    return () => {
      this.exitListeners.delete(listener);
    };
  }
}

function readyPort(line: string): number | undefined {
  try {
    const parsed = JSON.parse(line) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { ready, port } = parsed as { ready?: unknown; port?: unknown };
    return ready === true && typeof port === 'number' && Number.isInteger(port) ? port : undefined;
  } catch {
    return undefined;
  }
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
