import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { packageRoot } from '../package-root.js';

export interface HashedBytes {
  bytes: number;
  sha256: string;
}

export interface FileTaskOptions {
  /** Stops the task between two chunks; it then rejects with "interrotto" (a copy is removed). */
  signal?: AbortSignal;
  /** Bytes done since the last call, a few times a second. */
  onBytes?: (n: number) => void;
}

type Pending = {
  resolve: (r: HashedBytes) => void;
  reject: (err: Error) => void;
  onBytes: ((n: number) => void) | undefined;
};

type TaskBody =
  | { op: 'hash'; file: string; sync: boolean }
  | { op: 'copy'; src: string; dest: string; sync: boolean };

/** What a worker is asked. `cancel` is a shared flag set to 1 to stop the task. */
type FileTask = TaskBody & { id: number; cancel: Int32Array };

/** What a worker answers: progress while it works, then a result or an error. */
type FileReply =
  | { id: number; kind: 'progress'; bytes: number }
  | { id: number; kind: 'done'; bytes: number; sha256: string }
  | { id: number; kind: 'error'; message: string; code: string | null };

/**
 * The worker's code is plain JavaScript in resources/ (file-worker.mjs), so the same file runs
 * from the sources (tests, benchmarks) and from the compiled server: Node 20 cannot load a
 * TypeScript worker through tsx.
 */
const WORKER = path.join(packageRoot(), 'resources', 'file-worker.mjs');

class PooledWorker {
  readonly worker: Worker;
  readonly pending = new Map<number, Pending>();

  constructor(onExit: (w: PooledWorker) => void) {
    this.worker = new Worker(WORKER, {
      // The worker allocates one buffer and hash states: a small young generation is plenty.
      resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 },
      stdout: false,
      stderr: false,
    });
    this.worker.unref();
    this.worker.on('message', (reply: FileReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      if (reply.kind === 'progress') {
        p.onBytes?.(reply.bytes);
        return;
      }
      this.settle(reply.id);
      if (reply.kind === 'done') p.resolve({ bytes: reply.bytes, sha256: reply.sha256 });
      else
        p.reject(Object.assign(new Error(reply.message), reply.code ? { code: reply.code } : {}));
    });
    const fail = (err: Error) => {
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        p.reject(err);
      }
      onExit(this);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`file worker exited (${code})`)));
  }

  add(id: number, p: Pending): void {
    if (this.pending.size === 0) this.worker.ref();
    this.pending.set(id, p);
  }

  private settle(id: number): void {
    this.pending.delete(id);
    // An idle worker does not keep the process alive (a CLI command ends when its work does).
    if (this.pending.size === 0) this.worker.unref();
  }
}

/**
 * A few worker threads that hash and copy files, one task each at a time, so that large
 * files are hashed on every core and the event loop stays free (live video, the API) while an
 * export or an ingest reads gigabytes. Tasks queue when every worker is busy.
 */
export class FilePool {
  private readonly workers: PooledWorker[] = [];
  private readonly queue: Array<() => void> = [];
  private busy = 0;
  private nextId = 1;

  constructor(private readonly size: number) {}

  /** SHA-256 and length of a file, read once; with `sync`, the file is fsynced meanwhile. */
  hash(file: string, opts: FileTaskOptions & { sync?: boolean } = {}): Promise<HashedBytes> {
    return this.submit({ op: 'hash', file, sync: opts.sync ?? false }, opts);
  }

  /**
   * Copies `src` to a new file `dest` (never an existing one: EEXIST), hashing the bytes read
   * in the same pass, and fsyncs it unless `sync` is false (the caller then makes it durable,
   * e.g. with `hash(dest, { sync: true })` while verifying it). On failure or cancellation the
   * partial copy is removed.
   */
  copy(
    src: string,
    dest: string,
    opts: FileTaskOptions & { sync?: boolean } = {},
  ): Promise<HashedBytes> {
    return this.submit({ op: 'copy', src, dest, sync: opts.sync ?? true }, opts);
  }

  /** Stops the workers (pending tasks reject). */
  async close(): Promise<void> {
    const all = this.workers.splice(0);
    await Promise.all(all.map((w) => w.worker.terminate()));
  }

  private async submit(body: TaskBody, opts: FileTaskOptions): Promise<HashedBytes> {
    if (opts.signal?.aborted) throw new Error('interrotto');
    if (this.busy >= this.size) await new Promise<void>((r) => this.queue.push(r));
    this.busy++;
    try {
      return await this.runOn(this.idleWorker(), body, opts);
    } finally {
      this.busy--;
      this.queue.shift()?.();
    }
  }

  private idleWorker(): PooledWorker {
    const idle = this.workers.find((w) => w.pending.size === 0);
    if (idle) return idle;
    const w = new PooledWorker((gone) => {
      const i = this.workers.indexOf(gone);
      if (i >= 0) this.workers.splice(i, 1);
    });
    this.workers.push(w);
    return w;
  }

  private runOn(w: PooledWorker, body: TaskBody, opts: FileTaskOptions): Promise<HashedBytes> {
    const id = this.nextId++;
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const onAbort = () => Atomics.store(cancel, 0, 1);
    if (opts.signal?.aborted) onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    return new Promise<HashedBytes>((resolve, reject) => {
      w.add(id, { resolve, reject, onBytes: opts.onBytes });
      const task: FileTask = { ...body, id, cancel };
      w.worker.postMessage(task);
    }).finally(() => opts.signal?.removeEventListener('abort', onAbort));
  }
}

let shared: FilePool | null = null;

/** The process's file pool: one worker a core, at least two, at most four. */
export function filePool(): FilePool {
  shared ??= new FilePool(Math.min(4, Math.max(2, availableParallelism())));
  return shared;
}
