// Recording overhead: N cameras recorded by `vedetta serve` (the whole process tree: Node and
// every ffmpeg it runs) against N bare `ffmpeg -c copy -f segment` processes with the very same
// arguments (segments cut into 200 ms fragments flushed at once, which is what lets live view
// follow the file being written), on identical RTSP streams. Both run at the same time and are
// measured over the same window, so that the load of a shared machine falls on both alike.
// Also counts segments lost: time of the window not covered by what Vedetta indexed.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { buildRecordArgs } from '../src/platform/ffmpeg/record-args.js';
import { stopInStages } from '../src/platform/ffmpeg/stop-process.js';
import { RtspSimulator } from '../src/platform/rtsp/rtsp-simulator.js';
import { makeTestClip } from '../src/test-support/media-fixtures.js';
import {
  cpuSecondsBetween,
  sampleAll,
  threadCpuSeconds,
  treeCpuSeconds,
  treeRssBytes,
} from './proc-stats.js';

const COUNTS = (process.env.BENCH_RECORDING_COUNTS ?? '1,8,16').split(',').map(Number);
const WARMUP_S = Number(process.env.BENCH_RECORDING_WARMUP_S ?? 10);
const MEASURE_S = Number(process.env.BENCH_RECORDING_SECONDS ?? 40);
const SEGMENT_S = 10;
const LIVE_FRAGMENT_MS = 200;
const GOAL = 1.1;
const root = path.resolve(import.meta.dirname, '..');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (s: string) => process.stdout.write(s + '\n');

/** N bare ffmpeg recorders, as a person would run them by hand. */
function startBare(urls: string[], dir: string): ChildProcess[] {
  return urls.map((url, i) => {
    const spool = path.join(dir, `bare-${i}`);
    mkdirSync(spool, { recursive: true });
    const p = spawn(
      'ffmpeg',
      buildRecordArgs({
        inputUrl: url,
        spoolDir: spool,
        segmentSeconds: SEGMENT_S,
        socketTimeoutSeconds: 10,
        // The same job Vedetta gives its ffmpeg: segments in short fragments, flushed at once.
        fragmentMs: LIVE_FRAGMENT_MS,
      }),
      { stdio: ['pipe', 'ignore', 'ignore', 'pipe'] },
    );
    (p.stdio[3] as NodeJS.ReadableStream).resume();
    return p;
  });
}

/** `vedetta serve` with the cameras imported from CSV; resolves once it runs. */
async function startVedetta(urls: string[], dir: string): Promise<ChildProcess> {
  const env = {
    ...process.env,
    VEDETTA_DATA_DIR: dir,
    VEDETTA_PORT: '0',
    VEDETTA_DEMO: '0',
    VEDETTA_LOG_LEVEL: 'warn',
    VEDETTA_SEGMENT_SECONDS: String(SEGMENT_S),
    VEDETTA_STORAGE_MIN_FREE_MB: '0',
    VEDETTA_SMTP: '0',
  };
  const csv =
    'code,name,main_url,retention_days\r\n' +
    urls
      .map((u, i) => `BENCH-${String(i + 1).padStart(2, '0')},Bench ${i + 1},${u},1\r\n`)
      .join('');
  const csvFile = path.join(dir, 'cameras.csv');
  mkdirSync(dir, { recursive: true });
  writeFileSync(csvFile, csv);
  await new Promise<void>((resolve, reject) => {
    const p = spawn(
      process.execPath,
      [path.join(root, 'bin/vedetta.js'), 'cameras', 'import', csvFile],
      { env, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`import exited ${code}`))));
  });
  return spawn(process.execPath, [path.join(root, 'bin/vedetta.js'), 'serve'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

function readDb<T>(file: string, fn: (db: Database.Database) => T): T | null {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return fn(db);
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

/**
 * Waits until every camera has delivered its first segment: a loaded machine starts slowly,
 * and the one-off probe of a run's first segment is start-up, not the steady cost measured.
 */
async function untilRecording(dbFile: string, n: number): Promise<void> {
  const until = Date.now() + 180_000;
  for (;;) {
    const cameras =
      readDb(
        dbFile,
        (db) =>
          (
            db.prepare('select count(distinct camera_id) as n from recording_segments').get() as {
              n: number;
            }
          ).n,
      ) ?? 0;
    if (cameras >= n) return;
    if (Date.now() > until) throw new Error(`only ${cameras} of ${n} cameras recording`);
    await sleep(500);
  }
}

/** Window time each camera has no segment for, in segments (the open last one excepted). */
function lostSegments(dbFile: string, windowStart: number, windowEnd: number): number {
  const checkedEnd = windowEnd - SEGMENT_S * 1000 - 2000;
  return (
    readDb(dbFile, (db) => {
      const cameras = db.prepare('select id from cameras').all() as Array<{ id: string }>;
      let lost = 0;
      for (const c of cameras) {
        const rows = db
          .prepare(
            'select start_ms, end_ms from recording_segments where camera_id = ? and end_ms > ? and start_ms < ?',
          )
          .all(c.id, windowStart, checkedEnd) as Array<{ start_ms: number; end_ms: number }>;
        let covered = 0;
        for (const r of rows) {
          covered += Math.max(
            0,
            Math.min(r.end_ms, checkedEnd) - Math.max(r.start_ms, windowStart),
          );
        }
        const uncovered = Math.max(0, checkedEnd - windowStart - covered);
        if (uncovered > 1000) lost += Math.ceil(uncovered / (SEGMENT_S * 1000));
      }
      return lost;
    }) ?? Number.POSITIVE_INFINITY
  );
}

interface RoundResult {
  n: number;
  bareCpu: number;
  bareRss: number;
  vedettaCpu: number;
  nodeCpu: number;
  /** Node's main thread, and its other threads (GC and compiler helpers, file-system pool). */
  nodeMainCpu: number;
  nodeHelpersCpu: number;
  vedettaRss: number;
  segments: number;
  lost: number;
}

async function round(sim: RtspSimulator, n: number, work: string): Promise<RoundResult> {
  const bareUrls = Array.from({ length: n }, (_, i) => sim.url(`/bare${i + 1}`));
  const vedettaUrls = Array.from({ length: n }, (_, i) => sim.url(`/vedetta${i + 1}`));
  const dir = path.join(work, `vedetta-${n}`);
  const dbFile = path.join(dir, 'vedetta.sqlite');
  const server = await startVedetta(vedettaUrls, dir);
  const bareProcs = startBare(bareUrls, path.join(work, `bare-${n}`));
  try {
    await untilRecording(dbFile, n);
    await sleep(WARMUP_S * 1000);
    const pid = server.pid ?? 0;
    const barePids = bareProcs.map((p) => p.pid ?? 0);
    const bareA = sampleAll(barePids);
    const treeA = treeCpuSeconds(pid);
    const nodeA = sampleAll([pid]).ticks;
    const threadsA = threadCpuSeconds(pid);
    const windowStart = Date.now();
    await sleep(MEASURE_S * 1000);
    const bareB = sampleAll(barePids);
    const treeB = treeCpuSeconds(pid);
    const nodeB = sampleAll([pid]).ticks;
    const threadsB = threadCpuSeconds(pid);
    const windowEnd = Date.now();
    const vedettaRss = treeRssBytes(pid);
    // Let the segments of the window be indexed before reading them.
    await sleep((SEGMENT_S + 3) * 1000);
    const segments =
      readDb(
        dbFile,
        (db) =>
          (
            db
              .prepare(
                'select count(*) as n from recording_segments where end_ms > ? and start_ms < ?',
              )
              .get(windowStart, windowEnd) as { n: number }
          ).n,
      ) ?? 0;
    return {
      n,
      bareCpu: cpuSecondsBetween(bareA.ticks, bareB.ticks),
      bareRss: bareB.rssBytes,
      vedettaCpu: treeB - treeA,
      nodeCpu: cpuSecondsBetween(nodeA, nodeB),
      nodeMainCpu: threadsB.main - threadsA.main,
      nodeHelpersCpu: threadsB.others - threadsA.others,
      vedettaRss,
      segments,
      lost: lostSegments(dbFile, windowStart, windowEnd + SEGMENT_S * 1000),
    };
  } finally {
    server.kill('SIGTERM');
    await Promise.all([
      new Promise((r) => server.once('exit', r)),
      ...bareProcs.map((p) => stopInStages(p)),
    ]);
  }
}

const work = mkdtempSync(path.join(tmpdir(), 'vedetta-bench-rec-'));
const clip = await makeTestClip({
  dir: path.join(work, 'clips'),
  seconds: 150,
  width: 1280,
  height: 720,
  fps: 15,
  keyframeSeconds: 2,
});
const maxN = Math.max(...COUNTS);
const sim = new RtspSimulator({
  mounts: Array.from({ length: maxN }, (_, i) => [
    { path: `/bare${i + 1}`, type: 'file' as const, file: clip },
    { path: `/vedetta${i + 1}`, type: 'file' as const, file: clip },
  ]).flat(),
});
await sim.start();
const results: RoundResult[] = [];
const pct = (cpu: number) => `${((cpu / MEASURE_S) * 100).toFixed(2)}%`;
try {
  log(
    `recording benchmark: ${COUNTS.join(', ')} cameras, 1280x720 15 fps; Vedetta and bare ffmpeg side by side on identical streams, ${WARMUP_S} s warm-up after the first segments, ${MEASURE_S} s measured`,
  );
  for (const n of COUNTS) {
    const r = await round(sim, n, work);
    results.push(r);
    log(
      `N=${String(n).padStart(2)}  bare ffmpeg: ${pct(r.bareCpu)} of a core, ${(r.bareRss / 2 ** 20).toFixed(0)} MiB` +
        `  |  vedetta: ${pct(r.vedettaCpu)} of a core (Node ${pct(r.nodeCpu)}: main thread ${pct(r.nodeMainCpu)}, other threads ${pct(r.nodeHelpersCpu)}), ${(r.vedettaRss / 2 ** 20).toFixed(0)} MiB` +
        `  |  cpu ratio ${(r.vedettaCpu / Math.max(r.bareCpu, 0.01)).toFixed(2)}  segments ${r.segments}  lost ${r.lost}`,
    );
    // The next round starts the streams from the beginning again.
    await sim.stop();
    await sim.start();
  }
} finally {
  await sim.stop();
  rmSync(work, { recursive: true, force: true });
}
const headline = results.find((r) => r.n === maxN) ?? results[results.length - 1];
const lost = results.reduce((s, r) => s + r.lost, 0);
log(
  JSON.stringify({
    bench: 'recording',
    metric: 'segments_lost',
    value: lost,
    goal: 0,
    pass: lost === 0,
  }),
);
const value = headline
  ? Number((headline.vedettaCpu / Math.max(headline.bareCpu, 0.01)).toFixed(3))
  : Number.NaN;
log(
  JSON.stringify({
    bench: 'recording',
    metric: 'cpu_ratio',
    value,
    goal: GOAL,
    pass: value <= GOAL && lost === 0,
  }),
);
