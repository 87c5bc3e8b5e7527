// Live view: glass-to-glass latency in headless Chromium on a 4×4 wall, over MSE (fMP4 on the
// WebSocket) and over WebRTC (H.264 passed through as RTP), and the server CPU each viewer
// costs (10 viewer pages on one camera against 0 viewers, same run), for both transports.
//
// WebRTC: the page fires `liveclock` on each <video> with the server's (rtpTime, wallMs) pair
// of each fragment, and requestVideoFrameCallback gives each frame's RTP timestamp; the same
// two figures as below are computed with RTP time (90 kHz) in place of media time.
//
// Latency: the page (the real Live page, not a test player) fires `livefragment` on each
// <video> with the fragment's (mediaTime, wallMs); requestVideoFrameCallback gives each frame's
// media time and expected display time. Server and browser run on this machine: one clock.
// Two figures per frame:
//   - "overlay": media time mapped through the latest fragment's pair, as the tile's clock
//     does: wall = wallMs + (mediaTime − fragment.mediaTime)·1000;
//   - "receipt": the same corrected for how the server stamps fragments. ffmpeg writes a
//     fragment when the first frame of the next one arrives, and wallMs is when the server got
//     it; so a frame at media time m reached the server at ≈ wallMs − (next.mediaTime − m)·1000.
//     This is the headline: server receipt of the frame → frame on screen.
// Neither includes the camera's own encoder and network hop (here the RTSP simulator on
// 127.0.0.1, GStreamer x264 zerolatency), which a real camera adds (typically 0.1–0.3 s).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { RtspSimulator } from '../src/platform/rtsp/rtsp-simulator.js';
import { childrenOf, cpuSecondsBetween, sampleAll } from './proc-stats.js';

const CAMERAS = Number(process.env.BENCH_LIVE_CAMERAS ?? 16);
const MOUNTS = Number(process.env.BENCH_LIVE_MOUNTS ?? 4);
const WARMUP_S = Number(process.env.BENCH_LIVE_WARMUP_S ?? 10);
const MEASURE_S = Number(process.env.BENCH_LIVE_SECONDS ?? 30);
const VIEWERS = Number(process.env.BENCH_LIVE_VIEWERS ?? 10);
const LATENCY_GOAL_S = 1.0;
const WEBRTC_LATENCY_GOAL_S = 0.5;
const CPU_GOAL_PCT = 2.0;
const OPERATOR = { username: 'bench.operatore', password: 'Torre-Civica-Diretta-2026' };
const root = path.resolve(import.meta.dirname, '..');
const BIN = path.join(root, 'bin/vedetta.js');
const ARTIFACTS = path.join(root, '.artifacts/bench');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (s: string) => process.stdout.write(s + '\n');

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

const fmt = (s: number) => (Number.isFinite(s) ? s.toFixed(3) : 'n/a');

async function startServe(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 30_000);
    child.stdout?.on('data', () => {
      const m = /in ascolto su (http:\/\/[^\s]+?)\/?\n/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${out}`));
    });
  });
  return { child, url };
}

/** CPU seconds of the serve process and its ffmpeg children over `seconds`. */
async function serverCpu(pid: number, seconds: number): Promise<number> {
  const tree = () => [pid, ...childrenOf(pid)];
  const a = sampleAll(tree());
  await sleep(seconds * 1000);
  const b = sampleAll(tree());
  return cpuSecondsBetween(a.ticks, b.ticks);
}

interface Camera {
  id: string;
  code: string;
  status: { state: string };
}

async function api<T>(context: BrowserContext, base: string, url: string): Promise<T> {
  const res = await context.request.get(`${base}${url}`);
  if (!res.ok()) throw new Error(`GET ${url}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

async function saveWall(
  context: BrowserContext,
  base: string,
  layout: '1' | '4x4',
  cameras: string[],
): Promise<void> {
  const session = await api<{ csrfToken: string }>(context, base, '/api/session');
  const res = await context.request.put(`${base}/api/me/preferences/live.wall`, {
    headers: { 'x-csrf-token': session.csrfToken },
    data: { value: { layout, cameras } },
  });
  if (!res.ok()) throw new Error(`saving the wall: ${res.status()} ${await res.text()}`);
}

// Runs in the page before the app: records every presented frame's latency. Written as a
// string: the bench compiles without the DOM library.
const PROBE = `
(() => {
  const state = { samples: [], frames: 0, fragments: 0, recording: false };
  window.__liveBench = state;
  const perVideo = new WeakMap();
  // MSE entries keep media time in seconds; WebRTC entries RTP time, turned into seconds here.
  const timeOf = (entry, meta) =>
    entry.kind === 'webrtc'
      ? (typeof meta.rtpTimestamp === 'number' ? meta.rtpTimestamp / 90000 : null)
      : meta.mediaTime;
  const onFrame = (video, entry) => (now, meta) => {
    if (!video.isConnected) return;
    video.requestVideoFrameCallback(onFrame(video, entry));
    state.frames++;
    if (!state.recording) return;
    const list = entry.fragments;
    const shown = performance.timeOrigin + (meta.expectedDisplayTime ?? now);
    const m = timeOf(entry, meta);
    if (m === null || m === undefined) return;
    const latest = list[list.length - 1];
    if (!latest) return;
    let i = list.length - 1;
    while (i > 0 && list[i].mediaTime > m + 1e-4) i--;
    const frag = list[i];
    const next = list[i + 1];
    if (!frag || frag.mediaTime > m + 1e-4) return;
    const overlay = shown - (latest.wallMs + (m - latest.mediaTime) * 1000);
    const receipt = next ? shown - (frag.wallMs - (next.mediaTime - m) * 1000) : null;
    let buffered = null;
    if (entry.kind === 'mse') {
      const b = video.buffered;
      buffered = b.length ? b.end(b.length - 1) - m : null;
    }
    state.samples.push([entry.index, overlay, receipt, buffered, entry.kind]);
  };
  let count = 0;
  const track = (video, kind, mediaTime, wallMs) => {
    let entry = perVideo.get(video);
    if (!entry || entry.kind !== kind) {
      entry = { index: entry ? entry.index : count++, kind, fragments: [] };
      perVideo.set(video, entry);
      if (!video.__benchWatched) {
        video.__benchWatched = true;
        video.requestVideoFrameCallback(onFrame(video, { get fragments() { return perVideo.get(video).fragments; }, get kind() { return perVideo.get(video).kind; }, get index() { return perVideo.get(video).index; } }));
      }
    }
    state.fragments++;
    // A new init restarts media time: start the list again.
    const last = entry.fragments[entry.fragments.length - 1];
    if (last && mediaTime < last.mediaTime) entry.fragments = [];
    entry.fragments.push({ mediaTime, wallMs });
    if (entry.fragments.length > 200) entry.fragments.splice(0, 100);
  };
  document.addEventListener('livefragment', (event) => {
    track(event.target, 'mse', event.detail.mediaTime, event.detail.wallMs);
  }, true);
  document.addEventListener('liveclock', (event) => {
    track(event.target, 'webrtc', event.detail.rtpTime / 90000, event.detail.wallMs);
  }, true);
})();
`;

interface ProbeResult {
  samples: Array<[number, number, number | null, number | null, 'mse' | 'webrtc']>;
  frames: number;
  fragments: number;
  quality: Array<{ total: number; dropped: number; states: string }>;
}

async function readProbe(page: Page): Promise<ProbeResult> {
  return page.evaluate(`(() => {
    const s = window.__liveBench;
    const videos = [...document.querySelectorAll('[data-testid="live-video"]')];
    return {
      samples: s.samples,
      frames: s.frames,
      fragments: s.fragments,
      quality: videos.map((v) => {
        const q = v.getVideoPlaybackQuality();
        const tile = v.closest('[data-testid="live-tile"]');
        return { total: q.totalVideoFrames, dropped: q.droppedVideoFrames, states: tile ? tile.getAttribute('data-state') : '' };
      }),
    };
  })()`);
}

async function liveTiles(page: Page, n: number, timeoutMs: number): Promise<number> {
  const until = Date.now() + timeoutMs;
  let live = 0;
  while (Date.now() < until) {
    live = await page.locator('[data-testid="live-status"][data-state="live"]').count();
    if (live >= n) return live;
    await sleep(500);
  }
  return live;
}

const work = mkdtempSync(path.join(tmpdir(), 'vedetta-bench-live-'));
const sim = new RtspSimulator({
  mounts: Array.from({ length: MOUNTS }, (_, i) => ({
    path: `/gen${i + 1}`,
    type: 'generate' as const,
    title: `BENCH ${i + 1}`,
    width: 640,
    height: 360,
    fps: 15,
    bitrateKbps: 500,
    keyframeSeconds: 2,
  })),
});
let serve: ChildProcess | null = null;
let browser: Browser | null = null;
let latencyP50 = NaN;
let webrtcLatencyP50 = NaN;
let cpuPerViewer = NaN;
let webrtcCpuPerViewer = NaN;
try {
  log(
    `live benchmark: ${CAMERAS} cameras recorded by vedetta serve, on ${MOUNTS} generated RTSP mounts ` +
      `(640x360 15 fps H.264, ${CAMERAS / MOUNTS} cameras each: the simulator encodes in real time on ` +
      `this machine's ${cpus().length} cores, so capture time ≈ wall time)`,
  );
  await sim.start();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    VEDETTA_DATA_DIR: work,
    VEDETTA_PORT: '0',
    VEDETTA_DEMO: '0',
    VEDETTA_SMTP: '0',
    VEDETTA_LOG_LEVEL: 'warn',
    VEDETTA_STORAGE_MIN_FREE_MB: '0',
  };
  mkdirSync(work, { recursive: true });
  const csvFile = path.join(work, 'cameras.csv');
  writeFileSync(
    csvFile,
    'code,name,main_url,retention_days\r\n' +
      Array.from(
        { length: CAMERAS },
        (_, i) =>
          `LIVE-${String(i + 1).padStart(2, '0')},Banco ${i + 1},${sim.url(`/gen${(i % MOUNTS) + 1}`)},1\r\n`,
      ).join(''),
  );
  for (const args of [
    ['cameras', 'import', csvFile],
    [
      'user',
      'add',
      '--username',
      OPERATOR.username,
      '--role',
      'operator',
      '--name',
      'Operatore Banco',
      '--password',
      '-',
    ],
  ]) {
    const r = spawnSync(process.execPath, [BIN, ...args], {
      env,
      input: `${OPERATOR.password}\n`,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`vedetta ${args.join(' ')}: ${r.stderr}`);
  }
  const started = await startServe(env);
  serve = started.child;
  const base = started.url;
  const pid = serve.pid ?? 0;

  browser = await chromium.launch({
    executablePath: process.env.VEDETTA_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--disable-gpu',
      '--disable-background-networking',
    ],
  });
  // Tall enough for the whole 4×4 wall: hidden tiles would pause their streams.
  const context = await browser.newContext({
    viewport: { width: 1920, height: 1700 },
    locale: 'it-IT',
    timezoneId: 'Europe/Rome',
  });
  await context.addInitScript(PROBE);
  const login = await context.request.post(`${base}/api/auth/login`, {
    data: { username: OPERATOR.username, password: OPERATOR.password },
  });
  if (!login.ok()) throw new Error(`login: ${login.status()} ${await login.text()}`);

  // The recorder connects to every camera; wait until they all are online.
  let cameras: Camera[] = [];
  for (let i = 0; i < 120; i++) {
    cameras = (await api<{ items: Camera[] }>(context, base, '/api/cameras')).items;
    if (cameras.filter((c) => c.status.state === 'online').length >= CAMERAS) break;
    await sleep(500);
  }
  cameras.sort((a, b) => a.code.localeCompare(b.code));
  log(
    `cameras online: ${cameras.filter((c) => c.status.state === 'online').length}/${cameras.length}`,
  );

  const transportsOf = (page: Page) =>
    page
      .locator('[data-testid="live-transport"]')
      .evaluateAll((els: unknown[]) =>
        (els as Array<{ getAttribute(n: string): string | null }>).map((e) =>
          e.getAttribute('data-transport'),
        ),
      );
  const query = (transport: 'mse' | 'webrtc') => (transport === 'mse' ? '?transport=mse' : '');

  // (a) A 4×4 wall of 16 tiles (BENCH_LIVE_CAMERAS=N fills only the first N), once over MSE
  // and once over WebRTC.
  await saveWall(
    context,
    base,
    '4x4',
    cameras.map((c) => c.id),
  );
  mkdirSync(ARTIFACTS, { recursive: true });
  const wallLatency: Record<string, number> = {};
  for (const transport of ['mse', 'webrtc'] as const) {
    const wall = await context.newPage();
    const fallbacks: string[] = [];
    wall.on('console', (m) => {
      if (m.text().includes('WebRTC → MSE')) fallbacks.push(m.text());
    });
    await wall.goto(`${base}/live${query(transport)}`);
    const live = await liveTiles(wall, CAMERAS, 60_000);
    await sleep(WARMUP_S * 1000);
    const used = await transportsOf(wall);
    const over = used.filter((t) => t === transport).length;
    log(
      `4x4 wall over ${transport.toUpperCase()}: ${live}/${CAMERAS} tiles live, ${over} over ${transport}` +
        `${over < used.length ? ` (${used.length - over} fell back)` : ''}; warm-up ${WARMUP_S} s, measuring ${MEASURE_S} s`,
    );
    for (const f of fallbacks.slice(0, 5)) log(`  fell back: ${f}`);
    await wall.screenshot({ path: path.join(ARTIFACTS, `live-wall-4x4-${transport}.png`) });
    await wall.evaluate('window.__liveBench.samples = []; window.__liveBench.recording = true;');
    const wallCpu = await serverCpu(pid, MEASURE_S);
    const probe = await readProbe(wall);
    await wall.evaluate('window.__liveBench.recording = false;');
    const mine = probe.samples.filter((s) => s[4] === transport);
    const receipt = mine
      .map((s) => s[2])
      .filter((v): v is number => v !== null)
      .map((ms) => ms / 1000)
      .sort((x, y) => x - y);
    const overlay = mine.map((s) => s[1] / 1000).sort((x, y) => x - y);
    const ahead = mine
      .map((s) => s[3])
      .filter((v): v is number => v !== null)
      .sort((x, y) => x - y);
    const tilesSampled = new Set(mine.map((s) => s[0])).size;
    const totalFrames = probe.quality.reduce((n, q) => n + q.total, 0);
    const dropped = probe.quality.reduce((n, q) => n + q.dropped, 0);
    wallLatency[transport] = percentile(receipt, 50);
    log(
      `  frames measured: ${receipt.length} from ${tilesSampled} tiles (${(receipt.length / MEASURE_S).toFixed(0)}/s; ` +
        `${CAMERAS} tiles × 15 fps = ${CAMERAS * 15}/s); decoder: ${totalFrames} frames, ${dropped} dropped`,
    );
    log(
      `  latency, server receipt → on screen: p50 ${fmt(wallLatency[transport])} s  p95 ${fmt(percentile(receipt, 95))} s  ` +
        `max ${fmt(receipt[receipt.length - 1] ?? NaN)} s`,
    );
    log(
      `  latency, tile clock mapping (latest fragment): p50 ${fmt(percentile(overlay, 50))} s  ` +
        `p95 ${fmt(percentile(overlay, 95))} s`,
    );
    if (transport === 'mse') {
      log(
        `  of which buffered in the player (newest frame − frame on screen): p50 ${fmt(percentile(ahead, 50))} s  ` +
          `p95 ${fmt(percentile(ahead, 95))} s`,
      );
    }
    log(
      `  server CPU with the ${CAMERAS}-tile wall: ${((wallCpu / MEASURE_S) * 100).toFixed(1)}% of a core ` +
        `(${CAMERAS} recordings + ${CAMERAS} ${transport} viewers)`,
    );
    await wall.close();
  }
  latencyP50 = wallLatency.mse ?? NaN;
  webrtcLatencyP50 = wallLatency.webrtc ?? NaN;

  // (b) 10 viewers on one camera, against 0 viewers over the same time, same run.
  await saveWall(context, base, '1', [cameras[0]!.id]);
  // Let the closed wall's sessions end and the server settle.
  await sleep(5000);
  const idleCpu = await serverCpu(pid, MEASURE_S);
  log(
    `0 viewers (baseline, ${CAMERAS} recordings): ${((idleCpu / MEASURE_S) * 100).toFixed(2)}% of a core`,
  );
  const perViewer: Record<string, number> = {};
  for (const transport of ['mse', 'webrtc'] as const) {
    const viewers: Page[] = [];
    for (let i = 0; i < VIEWERS; i++) {
      const p = await context.newPage();
      p.on('console', (m) => {
        if (m.text().includes('WebRTC → MSE')) log(`  viewer ${i + 1} fell back: ${m.text()}`);
      });
      await p.setViewportSize({ width: 1280, height: 900 });
      await p.goto(`${base}/live${query(transport)}`);
      viewers.push(p);
    }
    const watching = await Promise.all(viewers.map((p) => liveTiles(p, 1, 30_000)));
    const used = (await Promise.all(viewers.map(transportsOf))).flat();
    log(
      `${VIEWERS} viewer pages on ${cameras[0]!.code} over ${transport.toUpperCase()}: ` +
        `${watching.filter((n) => n >= 1).length} live, ${used.filter((t) => t === transport).length} over ${transport}; ` +
        `warm-up ${WARMUP_S} s, measuring ${MEASURE_S} s`,
    );
    await sleep(WARMUP_S * 1000);
    const viewersCpu = await serverCpu(pid, MEASURE_S);
    perViewer[transport] = (((viewersCpu - idleCpu) / MEASURE_S) * 100) / VIEWERS;
    log(
      `  server CPU: ${VIEWERS} viewers ${((viewersCpu / MEASURE_S) * 100).toFixed(2)}% → ` +
        `${perViewer[transport].toFixed(3)}% of a core per viewer`,
    );
    for (const p of viewers) await p.close();
    await sleep(3000);
  }
  cpuPerViewer = perViewer.mse ?? NaN;
  webrtcCpuPerViewer = perViewer.webrtc ?? NaN;
} finally {
  await browser?.close();
  if (serve && serve.exitCode === null) {
    const exited = new Promise((r) => serve!.once('exit', r));
    serve.kill('SIGTERM');
    await exited;
  }
  await sim.stop();
  rmSync(work, { recursive: true, force: true });
}

const line = (metric: string, value: number, goal: number, below: boolean) => {
  const v = Number(value.toFixed(3));
  log(
    JSON.stringify({
      bench: 'live',
      metric,
      value: v,
      goal,
      pass: Number.isFinite(v) && (below ? v < goal : v <= goal),
    }),
  );
};
line('cpu_per_viewer_pct', cpuPerViewer, CPU_GOAL_PCT, true);
line('webrtc_cpu_per_viewer_pct', webrtcCpuPerViewer, CPU_GOAL_PCT, true);
line('webrtc_latency_p50_s', webrtcLatencyP50, WEBRTC_LATENCY_GOAL_S, false);
line('latency_p50_s', latencyP50, LATENCY_GOAL_S, false);
