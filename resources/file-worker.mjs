/**
 * The file worker: hashes and copies files off the main thread (src/platform/files/file-pool.ts
 * sends it the tasks). Plain JavaScript, loaded as it is from the sources and from dist/ alike.
 * Reads are synchronous here on purpose: the bytes the kernel copies into the buffer are hashed at once by the same core, still in its cache, without a hop through
 * libuv's pool (about 1.4 GB/s a core against 1.0 for async reads hashed on the main thread).
 * fsync runs asynchronously in libuv's pool meanwhile, so the disk writes while this hashes.
 */
import { createHash } from 'node:crypto';
import { closeSync, fdatasync, fsync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';

// Tasks and replies are typed in src/platform/files/file-pool.ts (FileTask, FileReply).

/** Small enough to stay in the core's cache between read and hash; large enough for few syscalls. */
const CHUNK = 512 * 1024;
/** Progress is posted about this often (bytes). */
const PROGRESS_EVERY = 16 * 1024 * 1024;
/** A copy asks the disk to catch up every this many bytes written (writeback overlaps copying). */
const SYNC_EVERY = 64 * 1024 * 1024;

const buffer = Buffer.allocUnsafe(CHUNK);

class Cancelled extends Error {
  constructor() {
    super('interrotto');
  }
}

function asyncSync(fd, data) {
  return new Promise((resolve, reject) => {
    (data ? fdatasync : fsync)(fd, (err) => (err ? reject(err) : resolve()));
  });
}

function post(reply) {
  parentPort?.postMessage(reply);
}

/**
 * A task's chunk loop bookkeeping: stops when the task is cancelled, and posts the bytes done
 * about every PROGRESS_EVERY, the rest at the end.
 */
function tracker(task) {
  let bytes = 0;
  let reported = 0;
  const report = () => {
    if (bytes > reported) post({ id: task.id, kind: 'progress', bytes: bytes - reported });
    reported = bytes;
  };
  return {
    get bytes() {
      return bytes;
    },
    checkCancelled() {
      if (Atomics.load(task.cancel, 0) !== 0) throw new Cancelled();
    },
    add(n) {
      bytes += n;
      if (bytes - reported >= PROGRESS_EVERY) report();
    },
    end: report,
  };
}

async function hashTask(task) {
  const fd = openSync(task.file, 'r');
  // The file is complete: its fsync runs in libuv's pool while it is read and hashed here.
  const synced = task.sync ? asyncSync(fd, false) : Promise.resolve();
  synced.catch(() => undefined);
  try {
    const hash = createHash('sha256');
    const done = tracker(task);
    for (;;) {
      done.checkCancelled();
      const n = readSync(fd, buffer, 0, CHUNK, done.bytes);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
      done.add(n);
    }
    await synced;
    done.end();
    return [done.bytes, hash.digest('hex')];
  } finally {
    await synced.catch(() => undefined);
    closeSync(fd);
  }
}

async function copyTask(task) {
  const input = openSync(task.src, 'r');
  let output = null;
  let pending = null;
  try {
    // 'wx': an existing file is never touched (EEXIST), and only a file made here is removed.
    output = openSync(task.dest, 'wx');
    const out = output;
    const hash = createHash('sha256');
    const done = tracker(task);
    let dirty = 0;
    for (;;) {
      done.checkCancelled();
      const at = done.bytes;
      const n = readSync(input, buffer, 0, CHUNK, at);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
      let written = 0;
      while (written < n) written += writeSync(out, buffer, written, n - written, at + written);
      dirty += n;
      if (dirty >= SYNC_EVERY && pending === null) {
        dirty = 0;
        const started = asyncSync(out, true);
        pending = started;
        started.then(
          () => {
            if (pending === started) pending = null;
          },
          () => undefined,
        );
      }
      done.add(n);
    }
    if (pending) await pending;
    // Without `sync` the caller makes the copy durable itself (e.g. while it verifies it).
    if (task.sync) await asyncSync(out, false);
    closeSync(out);
    output = null;
    done.end();
    return [done.bytes, hash.digest('hex')];
  } catch (err) {
    if (pending) await pending.catch(() => undefined);
    if (output !== null) {
      closeSync(output);
      try {
        unlinkSync(task.dest);
      } catch {
        // already gone
      }
    }
    throw err;
  } finally {
    closeSync(input);
  }
}

parentPort?.on('message', (task) => {
  const run = task.op === 'hash' ? hashTask(task) : copyTask(task);
  run.then(
    ([bytes, sha256]) => post({ id: task.id, kind: 'done', bytes, sha256 }),
    (err) => {
      post({
        id: task.id,
        kind: 'error',
        message: err instanceof Error ? err.message : String(err),
        code: typeof err?.code === 'string' ? err.code : null,
      });
    },
  );
});
