// Evidence export: a complete package (clip, original segments, hashes, manifest, signature,
// verbale, registration) of EXPORT_MINUTES of 720p footage, against the floor of bare
// `ffmpeg -f concat -c copy` of the same segments into one MP4, in the same run. Also the
// peak memory of Vedetta's process and its ffmpeg children, and CONCURRENT exports of
// LONG_HOURS each running side by side to completion.
//
// Knobs: BENCH_EXPORT_MINUTES (60), BENCH_EXPORT_ROUNDS (2), BENCH_EXPORT_LONG_HOURS (8),
// BENCH_EXPORT_DIST (dist: the compiled server whose `vedetta acquire` is measured for memory),
// BENCH_EXPORT_CONCURRENT (3; 0 skips that part), BENCH_EXPORT_LONG_KBPS (the bitrate of the
// long exports' footage; by default the bench bitrate, or lower when the disk cannot hold the
// concurrent packages at it: that part is about durations, segment counts, stalls and memory).
//
// Segments: one 10-second 720p fragmented-MP4 segment (cut by the recorder's own segment
// options) is encoded once and hard-linked as every segment of the index, so generating
// hours of footage is instant and takes no disk; both sides read the same files.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { link, mkdir, mkdtemp, open, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCore } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { operatorFromCli } from '../src/modules/evidence/acquisition.service.js';
import { makeRecordedSegments } from '../src/modules/evidence/testing/recorded-segments.js';
import { SYSTEM_ACTOR } from '../src/modules/audit/audit.types.js';
import type { CameraInput } from '../src/modules/cameras/camera.schemas.js';
import { buildConcatScript } from '../src/platform/ffmpeg/export-args.js';
import { createLogger } from '../src/platform/log/logger.js';
import { childrenOf, procSample, sampleAll } from './proc-stats.js';

const EXPORT_MINUTES = Number(process.env.BENCH_EXPORT_MINUTES ?? 60);
const LONG_HOURS = Number(process.env.BENCH_EXPORT_LONG_HOURS ?? 8);
const CONCURRENT = Number(process.env.BENCH_EXPORT_CONCURRENT ?? 3);
const LONG_KBPS = process.env.BENCH_EXPORT_LONG_KBPS
  ? Number(process.env.BENCH_EXPORT_LONG_KBPS)
  : null;
const ROUNDS = Number(process.env.BENCH_EXPORT_ROUNDS ?? 2);
const GOAL = 1.3;
const MEMORY_GOAL_MB = 200;
const SEG_MS = 10_000;

const dir = await mkdtemp(path.join(tmpdir(), 'vedetta-bench-export-'));
const log = (s: string) => process.stdout.write(`${s}\n`);
try {
  const [segment] = await makeRecordedSegments({
    dir: path.join(dir, 'clips'),
    seconds: 10,
    segmentSeconds: 10,
    width: 1280,
    height: 720,
    fps: 25,
    keyframeSeconds: 2,
  });
  if (!segment) throw new Error('no segment generated');
  const source = path.join(dir, 'segment.mp4');
  await writeFile(source, segment);
  log(
    `segment: 10 s of 1280x720 at 25 fps, ${(segment.length / 1e6).toFixed(2)} MB (${((segment.length * 8) / 10 / 1e6).toFixed(2)} Mbit/s)`,
  );

  const benchEnv = {
    VEDETTA_DATA_DIR: path.join(dir, 'data'),
    DATABASE_URL: `sqlite:${path.join(dir, 'data', 'bench.sqlite')}`,
    VEDETTA_DEMO: '0',
    VEDETTA_RECORDING: '0',
    VEDETTA_SMTP: '0',
    VEDETTA_JOBS: '0',
  };
  const config = loadConfig(benchEnv);
  await mkdir(config.dataDir, { recursive: true });
  const core = await createCore(config, { logger: createLogger('warn') });
  const now = Date.now();

  /** A camera with `hours` of indexed segments ending an hour ago (all links to one file). */
  async function cameraWith(code: string, minutes: number, from = source, bytes = segment!.length) {
    const camera = await core.cameras.create(SYSTEM_ACTOR, {
      code,
      name: `Bench ${code}`,
      address: '',
      latitude: null,
      longitude: null,
      mainUrl: 'rtsp://127.0.0.1/bench',
      subUrl: null,
      purpose: 'sicurezza_urbana',
      retentionDays: 3,
      retentionReason: null,
      enabled: false,
      notes: '',
      dpiaRef: '',
      groups: [],
    } as unknown as CameraInput);
    const count = Math.round((minutes * 60_000) / SEG_MS);
    const start = Math.floor((now - 3_600_000 - count * SEG_MS) / 1000) * 1000;
    const files: string[] = [];
    const rows = [];
    for (let i = 0; i < count; i++) {
      const id = randomUUID();
      const key = `recordings/${camera.id}/${i}-${id.slice(0, 8)}.mp4`;
      const file = core.storage.localPath(key) as string;
      await mkdir(path.dirname(file), { recursive: true });
      await link(from, file);
      files.push(file);
      rows.push({
        id,
        camera_id: camera.id,
        start_ms: start + i * SEG_MS,
        end_ms: start + (i + 1) * SEG_MS,
        bytes,
        storage_key: key,
        codec: 'h264',
        run_id: 'bench',
        created_at: now,
      });
    }
    for (let i = 0; i < rows.length; i += 500) {
      await core.db
        .insertInto('recording_segments')
        .values(rows.slice(i, i + 500))
        .execute();
    }
    return { camera, files, from: start, to: start + count * SEG_MS };
  }

  /**
   * Samples this process and its children (ffmpeg) every 100 ms. The export's memory is what
   * Node grew by over its idle size plus its ffmpeg children, at the same instant; Node's own
   * peak resident size (tsx and the whole server loaded) is reported beside it.
   */
  function memoryWatch() {
    const idleNode = process.memoryUsage().rss;
    let peak = 0;
    let peakNode = 0;
    let peakFfmpeg = 0;
    const timer = setInterval(() => {
      const node = process.memoryUsage().rss;
      const kids = sampleAll(childrenOf(process.pid)).rssBytes;
      peak = Math.max(peak, node - idleNode + kids);
      peakNode = Math.max(peakNode, node);
      peakFfmpeg = Math.max(peakFfmpeg, kids);
    }, 100);
    return () => {
      clearInterval(timer);
      return {
        peakMb: peak / 1e6,
        peakNodeMb: peakNode / 1e6,
        idleNodeMb: idleNode / 1e6,
        peakFfmpegMb: peakFfmpeg / 1e6,
      };
    };
  }

  async function exportWindow(cameraId: string, from: number, to: number) {
    const who = operatorFromCli({ userId: null, username: 'cli:bench', ip: null });
    const acq = await core.evidence.acquisitions.create(
      who,
      {
        cameraId,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        reason: 'Benchmark di esportazione',
      },
      { enqueue: false },
    );
    const done = await core.evidence.acquisitions.run(acq.id);
    if (done.status !== 'done') throw new Error(`export ${done.number} ended ${done.status}`);
    return done;
  }

  async function bareConcat(files: string[], extra: string[] = []) {
    const list = path.join(dir, `baseline-${randomUUID().slice(0, 6)}.ffconcat`);
    const out = path.join(dir, `baseline-${randomUUID().slice(0, 6)}.mp4`);
    await writeFile(list, buildConcatScript(files.map((file) => ({ file }))));
    const t = performance.now();
    await new Promise<void>((resolve, reject) => {
      const child = spawn('ffmpeg', [
        ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-f', 'concat', '-safe', '0'],
        ...['-i', list, '-c', 'copy', ...extra, '-f', 'mp4', '-y', out],
      ]);
      child.once('error', reject);
      child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg ${code}`))));
    });
    const ms = performance.now() - t;
    // For reference only: the same output made durable (the package fsyncs every file).
    const fh = await open(out, 'r');
    await fh.sync();
    await fh.close();
    const synced = performance.now() - t;
    await rm(out, { force: true });
    return { ms, synced };
  }

  /** Runs `vedetta acquire` from the compiled server and samples its memory; null if not built. */
  async function compiledExport(code: string, from: number, to: number) {
    const entry = path.resolve(process.env.BENCH_EXPORT_DIST ?? 'dist', 'main.js');
    if (!existsSync(entry)) {
      log(`compiled process: skipped (${entry} missing: npm run build:server)`);
      return null;
    }
    const out = path.join(dir, 'cli-out');
    const t = performance.now();
    const child = spawn(
      process.execPath,
      [
        ...[entry, 'acquire', '--camera', code, '--from', new Date(from).toISOString()],
        ...['--to', new Date(to).toISOString(), '--reason', 'Benchmark: processo compilato'],
        ...['--out', out, '--json'],
      ],
      {
        env: { ...process.env, ...benchEnv, VEDETTA_LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let peakNode = 0;
    let peakTotal = 0;
    let peakFfmpeg = 0;
    const timer = setInterval(() => {
      const node = child.pid ? (procSample(child.pid)?.rssBytes ?? 0) : 0;
      const kids = child.pid ? sampleAll(childrenOf(child.pid)).rssBytes : 0;
      peakNode = Math.max(peakNode, node);
      peakFfmpeg = Math.max(peakFfmpeg, kids);
      peakTotal = Math.max(peakTotal, node + kids);
    }, 100);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code_ = await new Promise<number>((resolve) =>
      child.once('close', (c) => resolve(c ?? 1)),
    );
    clearInterval(timer);
    const ms = performance.now() - t;
    await rm(out, { recursive: true, force: true });
    if (code_ !== 0) {
      log(
        `compiled process: failed (exit ${code_}): ${stderr.trim().split('\n').slice(-2).join(' ')}`,
      );
      return null;
    }
    const number = (JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { number?: string })
      .number;
    if (number) await dropPackage(number);
    return {
      entry,
      ms,
      peakNodeMb: peakNode / 1e6,
      peakTotalMb: peakTotal / 1e6,
      peakFfmpegMb: peakFfmpeg / 1e6,
    };
  }

  async function dropPackage(number: string) {
    const any = core.storage.localPath(`evidence/${number}/x`) as string;
    await rm(path.dirname(any), { recursive: true, force: true });
  }

  // 1. The headline: EXPORT_MINUTES into a complete package vs bare concat, alternating.
  const main = await cameraWith('BENCH-1H', EXPORT_MINUTES);
  log(
    `${main.files.length} segments indexed (${EXPORT_MINUTES} min, ${((main.files.length * segment.length) / 1e9).toFixed(2)} GB)`,
  );
  await bareConcat(main.files); // warm the page cache for both sides
  const baseline: number[] = [];
  const baselineSynced: number[] = [];
  const ours: number[] = [];
  let memory = { peakMb: 0, peakNodeMb: 0, idleNodeMb: 0, peakFfmpegMb: 0 };
  for (let r = 0; r < ROUNDS; r++) {
    const b = await bareConcat(main.files);
    baseline.push(b.ms);
    baselineSynced.push(b.synced);
    const stop = memoryWatch();
    const t = performance.now();
    const done = await exportWindow(main.camera.id, main.from, main.to);
    ours.push(performance.now() - t);
    const m = stop();
    memory = {
      peakMb: Math.max(memory.peakMb, m.peakMb),
      peakNodeMb: Math.max(memory.peakNodeMb, m.peakNodeMb),
      idleNodeMb: m.idleNodeMb,
      peakFfmpegMb: Math.max(memory.peakFfmpegMb, m.peakFfmpegMb),
    };
    await dropPackage(done.number);
    log(
      `round ${r + 1}: bare concat ${(baseline[r]! / 1000).toFixed(2)} s (${(baselineSynced[r]! / 1000).toFixed(2)} s with an fsync of its output, reference only), complete package ${(ours[r]! / 1000).toFixed(2)} s (fsyncs every file)`,
    );
  }
  const best = (xs: number[]) => Math.min(...xs);
  // For reference: the same concat with ffmpeg's own faststart (a second full write, as ours).
  const { ms: faststart } = await bareConcat(main.files, ['-movflags', '+faststart']);
  log(
    `reference: bare concat with -movflags +faststart ${(faststart / 1000).toFixed(2)} s (ratio of ours to it: ${(best(ours) / faststart).toFixed(2)})`,
  );
  const ratio = best(ours) / best(baseline);
  log(
    `time_ratio ${ratio.toFixed(2)} against bare concat into the page cache (${(best(ours) / best(baselineSynced)).toFixed(2)} against bare concat plus one fsync of its output; reference only)`,
  );
  log(
    `export memory (Node's growth over idle + its ffmpeg, at the same instant): ${memory.peakMb.toFixed(0)} MB, goal < ${MEMORY_GOAL_MB} MB; ffmpeg alone ${memory.peakFfmpegMb.toFixed(0)} MB; Node's whole resident size ${memory.idleNodeMb.toFixed(0)} MB idle, ${memory.peakNodeMb.toFixed(0)} MB at peak (the server's code, tsx and the test database loaded: that baseline is not the export's)`,
  );

  // 1b. The same export by a compiled process, as the server runs it in production: `vedetta
  // acquire` from dist/ (no tsx, no test tooling), its peak resident size with its ffmpeg at
  // the same instant. The command also copies the package out and verifies it (streamed).
  const compiled = await compiledExport(main.camera.code, main.from, main.to);
  if (compiled) {
    log(
      `compiled process (node ${path.relative(process.cwd(), compiled.entry)} acquire): peak ${compiled.peakTotalMb.toFixed(0)} MB with its ffmpeg at the same instant (Node ${compiled.peakNodeMb.toFixed(0)} MB at its peak, ffmpeg ${compiled.peakFfmpegMb.toFixed(0)} MB), goal < ${MEMORY_GOAL_MB} MB; export, copy to --out and verification took ${(compiled.ms / 1000).toFixed(1)} s`,
    );
  }

  // 2. CONCURRENT exports of LONG_HOURS each, side by side. Originals are hard links, so each
  // package takes about its clip's size (plus its reserved index) on disk.
  let completed = CONCURRENT;
  let longMem = { peakMb: 0, peakNodeMb: 0, idleNodeMb: 0, peakFfmpegMb: 0 };
  if (CONCURRENT > 0 && LONG_HOURS > 0) {
    const segmentsPerExport = Math.round((LONG_HOURS * 3_600_000) / SEG_MS);
    const fs = await statfs(dir);
    const free = fs.bavail * fs.bsize;
    const budget = free * 0.6;
    let longSource = source;
    let longBytes = segment.length;
    let kbps = LONG_KBPS;
    if (kbps === null && segmentsPerExport * segment.length * CONCURRENT > budget) {
      kbps = Math.floor(((budget / CONCURRENT / segmentsPerExport / (SEG_MS / 1000)) * 8) / 1000);
      log(
        `the disk cannot hold ${CONCURRENT} × ${LONG_HOURS} h at the bench bitrate (${((segmentsPerExport * segment.length * CONCURRENT) / 1e9).toFixed(0)} GB, ${(free / 1e9).toFixed(0)} GB free): the long exports use 720p footage at ${kbps} kbit/s (same durations and segment counts)`,
      );
    }
    if (kbps !== null) {
      longSource = path.join(dir, 'segment-low.mp4');
      await new Promise<void>((resolve, reject) => {
        const child = spawn('ffmpeg', [
          ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', source],
          ...['-c:v', 'libx264', '-preset', 'veryfast', '-g', '50', '-b:v', `${kbps}k`],
          ...['-maxrate', `${kbps}k`, '-bufsize', `${kbps * 2}k`, '-f', 'mp4'],
          ...['-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-y', longSource],
        ]);
        child.once('error', reject);
        child.once('close', (c) => (c === 0 ? resolve() : reject(new Error(`ffmpeg ${c}`))));
      });
      longBytes = (await stat(longSource)).size;
      log(
        `long-export segment: 10 s of 1280x720 at 25 fps, ${(longBytes / 1e6).toFixed(2)} MB (${((longBytes * 8) / 10 / 1e6).toFixed(2)} Mbit/s)`,
      );
    }
    if (segmentsPerExport * longBytes * CONCURRENT > free * 0.8) {
      throw new Error(
        `${CONCURRENT} exports of ${LONG_HOURS} h need about ${((segmentsPerExport * longBytes * CONCURRENT) / 1e9).toFixed(0)} GB free; ${(free / 1e9).toFixed(0)} GB are: lower BENCH_EXPORT_LONG_KBPS or BENCH_EXPORT_LONG_HOURS`,
      );
    }
    const longs = [];
    for (let i = 0; i < CONCURRENT; i++)
      longs.push(await cameraWith(`BENCH-L${i + 1}`, LONG_HOURS * 60, longSource, longBytes));
    const stop = memoryWatch();
    const t = performance.now();
    const results = await Promise.allSettled(
      longs.map((l) => exportWindow(l.camera.id, l.from, l.to)),
    );
    const longMs = performance.now() - t;
    longMem = stop();
    completed = results.filter((r) => r.status === 'fulfilled').length;
    for (const r of results) {
      if (r.status === 'fulfilled') await dropPackage(r.value.number);
      else log(`concurrent export failed: ${String(r.reason)}`);
    }
    log(
      `${completed}/${CONCURRENT} concurrent ${LONG_HOURS}-hour exports (${segmentsPerExport} segments each) completed in ${(longMs / 1000).toFixed(1)} s; memory of all ${CONCURRENT} (Node's growth + ffmpeg) ${longMem.peakMb.toFixed(0)} MB, ffmpeg ${longMem.peakFfmpegMb.toFixed(0)} MB, Node ${longMem.peakNodeMb.toFixed(0)} MB at peak`,
    );
  } else {
    log('concurrent long exports skipped (BENCH_EXPORT_CONCURRENT=0 or BENCH_EXPORT_LONG_HOURS=0)');
  }
  await core.close();

  // Memory goal: the compiled process with its ffmpeg when it ran (the honest production
  // figure), else the export's growth inside this tsx process.
  const memoryMb = compiled ? compiled.peakTotalMb : memory.peakMb;
  const memoryLabel = compiled
    ? 'compiled process + ffmpeg'
    : 'export growth + ffmpeg (tsx process)';
  const pass =
    ratio <= GOAL && memoryMb < MEMORY_GOAL_MB && completed === CONCURRENT && CONCURRENT > 0;
  log(
    `goals: time_ratio ${ratio.toFixed(2)} ≤ ${GOAL} ${ratio <= GOAL ? 'met' : 'NOT met'}; memory (${memoryLabel}) ${memoryMb.toFixed(0)} MB < ${MEMORY_GOAL_MB} MB ${memoryMb < MEMORY_GOAL_MB ? 'met' : 'NOT met'}; ${completed}/${CONCURRENT} concurrent ${LONG_HOURS}-hour exports ${completed === CONCURRENT && CONCURRENT > 0 ? 'completed' : 'NOT all run/completed'}`,
  );
  log(
    JSON.stringify({
      bench: 'export',
      metric: 'time_ratio',
      value: Number(ratio.toFixed(3)),
      goal: GOAL,
      pass,
    }),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
