// Bodycam dock ingest throughput: N MB of clips taken from a dock folder (copy with SHA-256 in
// the same pass, fsync, verification by re-reading the stored copy, ffprobe, registration in
// the database, source deleted) against a plain `cp` of the same files in the same run (the
// goal's baseline), with `cp` + `sync` (a durable copy, as the ingest makes) printed beside it
// as a labelled reference. BENCH_INGEST_MB (default 2048) and BENCH_INGEST_FILE_MB (default
// 128) size the run.
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { open, readdir, rename, mkdir } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createCore } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/platform/log/logger.js';
import { makeTestClip } from '../src/test-support/media-fixtures.js';

const run = promisify(execFile);
const TOTAL_MB = Number(process.env.BENCH_INGEST_MB ?? 2048);
const FILE_MB = Number(process.env.BENCH_INGEST_FILE_MB ?? 128);
const GOAL = 1.6;

const dir = path.join(process.env.BENCH_DIR ?? tmpdir(), `vedetta-bench-ingest-${process.pid}`);
mkdirSync(dir, { recursive: true });
const src = path.join(dir, 'src');
const cpDir = path.join(dir, 'cp');
await mkdir(src, { recursive: true });
await mkdir(cpDir, { recursive: true });
try {
  const clip = await makeTestClip({
    dir: path.join(dir, 'fixtures'),
    seconds: 10,
    width: 640,
    height: 360,
  });
  const clipBytes = await (await import('node:fs/promises')).readFile(clip);
  const files = Math.max(1, Math.round(TOTAL_MB / FILE_MB));
  // Each file: the real clip, then filler different in every file (distinct hashes).
  for (let i = 0; i < files; i++) {
    const fh = await open(path.join(src, `VID_${String(i).padStart(4, '0')}.mp4`), 'w');
    await fh.write(clipBytes);
    const chunk = Buffer.alloc(8 * 1024 * 1024, i + 1);
    let left = FILE_MB * 1024 * 1024 - clipBytes.length;
    while (left > 0) {
      const n = Math.min(left, chunk.length);
      await fh.write(chunk, 0, n);
      left -= n;
    }
    await fh.close();
  }
  const names = (await readdir(src)).sort();
  const totalBytes = names.length * FILE_MB * 1024 * 1024;
  // The sources on disk first, so that their writeback does not run during the measurements.
  // (`sync FILE…` fsyncs those files only: other processes' dirty data is not ours to time.)
  await run(
    'sync',
    names.map((n) => path.join(src, n)),
  );

  // Baseline: cp of each file, one after the other; then sync (the durable reference).
  const c0 = performance.now();
  for (const n of names) await run('cp', [path.join(src, n), path.join(cpDir, n)]);
  const cpMs = performance.now() - c0;
  const s0 = performance.now();
  await run(
    'sync',
    names.map((n) => path.join(cpDir, n)),
  );
  const syncMs = performance.now() - s0;
  rmSync(cpDir, { recursive: true, force: true });

  const config = loadConfig({
    VEDETTA_DATA_DIR: path.join(dir, 'data'),
    VEDETTA_DEMO: '0',
    VEDETTA_RECORDING: '0',
    VEDETTA_SMTP: '0',
    VEDETTA_BODYCAM_STABLE_SECONDS: '0',
    VEDETTA_ARGON2_MEMORY_KIB: '8192',
  });
  const core = await createCore(config, { logger: createLogger('warn') });
  try {
    const dock = path.join(config.bodycamDockDir, 'BC-BENCH');
    await mkdir(dock, { recursive: true });
    for (const n of names) await rename(path.join(src, n), path.join(dock, n));
    await core.bodycams.ingest.runOnce(); // first sight of each file (stability check)
    const i0 = performance.now();
    const cpu0 = process.cpuUsage();
    const results = await core.bodycams.ingest.runOnce();
    const ingestMs = performance.now() - i0;
    const cpu = process.cpuUsage(cpu0);
    const ingested = results.filter((r) => r.outcome === 'ingested').length;
    if (ingested !== names.length) {
      throw new Error(
        `ingested ${ingested} of ${names.length}: ${JSON.stringify(results.slice(0, 3))}`,
      );
    }
    const ratio = ingestMs / cpMs;
    const durableRatio = ingestMs / (cpMs + syncMs);
    const mbps = (ms: number) => (totalBytes / 1024 / 1024 / (ms / 1000)).toFixed(0);
    const load = (await import('node:os')).loadavg()[0] ?? 0;
    process.stdout.write(
      `files: ${names.length} × ${FILE_MB} MB = ${(totalBytes / 1024 ** 3).toFixed(2)} GiB (load average ${load.toFixed(1)})\n` +
        `cp:        ${(cpMs / 1000).toFixed(2)} s (${mbps(cpMs)} MB/s): into the page cache, nothing on disk yet\n` +
        `cp + sync: ${((cpMs + syncMs) / 1000).toFixed(2)} s (${mbps(cpMs + syncMs)} MB/s): a durable copy\n` +
        `ingest:    ${(ingestMs / 1000).toFixed(2)} s (${mbps(ingestMs)} MB/s): copy+SHA-256, fsync, verify re-read, ffprobe, register, source deleted\n` +
        `Node's CPU during the ingest (all its threads; ffprobe not counted): ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (user ${(cpu.user / 1e6).toFixed(2)}, system ${(cpu.system / 1e6).toFixed(2)}) in ${(ingestMs / 1000).toFixed(2)} s on ${availableParallelism()} cores\n` +
        `reference (not the goal): ingest / (cp + sync) = ${durableRatio.toFixed(2)}\n` +
        `goal: ingest / cp ≤ ${GOAL}\n`,
    );
    process.stdout.write(
      JSON.stringify({
        bench: 'ingest',
        metric: 'time_ratio',
        value: Math.round(ratio * 100) / 100,
        goal: GOAL,
        pass: ratio <= GOAL,
      }) + '\n',
    );
  } finally {
    await core.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
