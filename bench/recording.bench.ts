// Recording overhead: N cameras recorded by `vedetta serve` (the whole process tree: Node and
// its ffmpeg children) against N bare `ffmpeg -c copy -f segment` processes with the very same
// arguments (segments cut into 200 ms fragments flushed at once, which is what lets live view
// follow the file being written), on the same RTSP streams, measured in the same run. Also
// counts segments lost (holes over 1 s in what Vedetta indexed during the measured window).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { buildRecordArgs } from '../src/platform/ffmpeg/record-args.js';
import { stopInStages } from '../src/platform/ffmpeg/stop-process.js';
import { RtspSimulator } from '../src/platform/rtsp/rtsp-simulator.js';
import { makeTestClip } from '../src/test-support/media-fixtures.js';
import { childrenOf, cpuSecondsBetween, sampleAll } from './proc-stats.js';

const COUNTS = (process.env.BENCH_RECORDING_COUNTS ?? '1,8,16').split(',').map(Number);
const WARMUP_S = Number(process.env.BENCH_RECORDING_WARMUP_S ?? 15);
const MEASURE_S = Number(process.env.BENCH_RECORDING_SECONDS ?? 40);
const SEGMENT_S = 10;
const LIVE_FRAGMENT_MS = 200;
const GOAL = 1.1;
const root = path.resolve(import.meta.dirname, '..');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (s: string) => process.stdout.write(s + '\n');

interface Measure {
  cpuSeconds: number;
  rssBytes: number;
  /** CPU seconds of the first root process alone (Vedetta's Node process). */
  rootCpuSeconds: number;
}

async function measureTree(rootPids: () => number[]): Promise<Measure> {
  await sleep(WARMUP_S * 1000);
  const pidsA = rootPids();
  const a = sampleAll(pidsA);
  await sleep(MEASURE_S * 1000);
  const b = sampleAll(rootPids());
  const first = pidsA[0] ?? 0;
  const rootCpuSeconds = ((b.ticks.get(first) ?? 0) - (a.ticks.get(first) ?? 0)) / 100;
  return { cpuSeconds: cpuSecondsBetween(a.ticks, b.ticks), rssBytes: b.rssBytes, rootCpuSeconds };
}

async function bare(urls: string[], dir: string): Promise<Measure> {
  const procs: ChildProcess[] = urls.map((url, i) => {
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
  try {
    return await measureTree(() => procs.map((p) => p.pid ?? 0));
  } finally {
    await Promise.all(procs.map((p) => stopInStages(p)));
  }
}

async function vedetta(
  urls: string[],
  dir: string,
): Promise<Measure & { lost: number; segments: number }> {
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
    urls.map((u, i) => `BENCH-${i + 1},Bench ${i + 1},${u},1\r\n`).join('');
  const csvFile = path.join(dir, 'cameras.csv');
  mkdirSync(dir, { recursive: true });
  writeFileSync(csvFile, csv);
  await new Promise<void>((resolve, reject) => {
    const p = spawn(
      process.execPath,
      [path.join(root, 'bin/vedetta.js'), 'cameras', 'import', csvFile],
      {
        env,
        stdio: 'inherit',
      },
    );
    p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`import exited ${code}`))));
  });
  const server = spawn(process.execPath, [path.join(root, 'bin/vedetta.js'), 'serve'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const started = Date.now();
  try {
    const pid = server.pid ?? 0;
    const m = await measureTree(() => [pid, ...childrenOf(pid)]);
    const windowStart = started + WARMUP_S * 1000;
    const windowEnd = Date.now();
    const db = new Database(path.join(dir, 'vedetta.sqlite'), { readonly: true });
    const rows = db
      .prepare(
        'select camera_id, start_ms, end_ms from recording_segments where end_ms > ? and start_ms < ? order by camera_id, start_ms',
      )
      .all(windowStart, windowEnd) as Array<{
      camera_id: string;
      start_ms: number;
      end_ms: number;
    }>;
    db.close();
    let lostMs = 0;
    const byCamera = new Map<string, typeof rows>();
    for (const r of rows) byCamera.set(r.camera_id, [...(byCamera.get(r.camera_id) ?? []), r]);
    for (const list of byCamera.values()) {
      for (let i = 1; i < list.length; i++) {
        const hole = (list[i]?.start_ms ?? 0) - (list[i - 1]?.end_ms ?? 0);
        if (hole > 1000) lostMs += hole;
      }
    }
    const missingCameras = urls.length - byCamera.size;
    const lost =
      Math.ceil(lostMs / (SEGMENT_S * 1000)) + missingCameras * Math.floor(MEASURE_S / SEGMENT_S);
    return { ...m, lost, segments: rows.length };
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
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
  mounts: Array.from({ length: maxN }, (_, i) => ({
    path: `/cam${i + 1}`,
    type: 'file' as const,
    file: clip,
  })),
});
await sim.start();
const results: Array<{ n: number; ratio: number; lost: number }> = [];
try {
  log(
    `recording benchmark: ${COUNTS.join(', ')} cameras, 1280x720 15 fps, ${WARMUP_S} s warm-up, ${MEASURE_S} s measured`,
  );
  for (const n of COUNTS) {
    const urls = Array.from({ length: n }, (_, i) => sim.url(`/cam${i + 1}`));
    const b = await bare(urls, path.join(work, `bare-${n}`));
    // Restart the streams so both runs see them from the same point.
    await sim.stop();
    await sim.start();
    const v = await vedetta(urls, path.join(work, `vedetta-${n}`));
    await sim.stop();
    await sim.start();
    const ratio = v.cpuSeconds / Math.max(b.cpuSeconds, 0.01);
    results.push({ n, ratio, lost: v.lost });
    log(
      `N=${String(n).padStart(2)}  bare ffmpeg: ${((b.cpuSeconds / MEASURE_S) * 100).toFixed(2)}% of a core, ${(b.rssBytes / 2 ** 20).toFixed(0)} MiB` +
        `  |  vedetta: ${((v.cpuSeconds / MEASURE_S) * 100).toFixed(2)}% of a core (Node ${((v.rootCpuSeconds / MEASURE_S) * 100).toFixed(2)}%), ${(v.rssBytes / 2 ** 20).toFixed(0)} MiB` +
        `  |  cpu ratio ${ratio.toFixed(2)}  segments ${v.segments}  lost ${v.lost}`,
    );
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
const value = Number((headline?.ratio ?? NaN).toFixed(3));
log(
  JSON.stringify({
    bench: 'recording',
    metric: 'cpu_ratio',
    value,
    goal: GOAL,
    pass: value <= GOAL && lost === 0,
  }),
);
