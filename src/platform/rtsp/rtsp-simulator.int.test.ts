import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestClip } from '../../test-support/media-fixtures.js';
import { RtspSimulator, type SimulatorExit } from './rtsp-simulator.js';

const run = promisify(execFile);

interface ProbedStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
}

async function probe(url: string): Promise<ProbedStream[]> {
  // A 1 s analysis instead of the default 5 s: the SDP already carries the H.264 parameters.
  const { stdout } = await run(
    'ffprobe',
    [
      ...['-v', 'error', '-analyzeduration', '1000000', '-rtsp_transport', 'tcp'],
      ...['-show_streams', '-of', 'json', url],
    ],
    { timeout: 30_000 },
  );
  return (JSON.parse(stdout) as { streams: ProbedStream[] }).streams;
}

async function probeVideo(url: string): Promise<ProbedStream> {
  const streams = await probe(url);
  const video = streams.find((s) => s.codec_type === 'video');
  if (!video) throw new Error(`no video stream at ${url}`);
  return video;
}

/** Resolves with the error of a command expected to fail. */
async function failure(cmd: string, args: string[]): Promise<{ code: unknown; stderr: string }> {
  try {
    await run(cmd, args, { timeout: 30_000 });
  } catch (err: unknown) {
    const e = err as { code?: unknown; stderr?: string };
    return { code: e.code, stderr: e.stderr ?? '' };
  }
  throw new Error(`${cmd} unexpectedly succeeded`);
}

describe('RTSP simulator', () => {
  let dir: string;
  let clip: string;
  const sims: RtspSimulator[] = [];
  let sim: RtspSimulator;

  function track(s: RtspSimulator): RtspSimulator {
    sims.push(s);
    return s;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vedetta-rtsp-'));
    clip = await makeTestClip({ dir, seconds: 60 });
    sim = track(
      new RtspSimulator({
        mounts: [
          {
            type: 'generate',
            path: '/cam1',
            title: 'CAM-001 Piazza Prampolini',
            width: 320,
            height: 180,
            fps: 5,
            bitrateKbps: 300,
            keyframeSeconds: 1,
          },
          { type: 'file', path: '/clip', file: clip },
          // RTP/JPEG carries sizes in multiples of 8 pixels: 180 would come back as 184.
          { type: 'generate', path: '/jpeg', codec: 'jpeg', width: 320, height: 240, fps: 5 },
        ],
      }),
    );
    await sim.start();
  });

  afterAll(async () => {
    await Promise.all(sims.map((s) => s.stop()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves generated H.264, a file without re-encoding and MJPEG', async () => {
    expect(sim.running).toBe(true);
    expect(sim.url('/cam1')).toBe(`rtsp://127.0.0.1:${sim.port}/cam1`);
    const [cam, file, jpeg] = await Promise.all([
      probeVideo(sim.url('/cam1')),
      probeVideo(sim.url('/clip')),
      probeVideo(sim.url('/jpeg')),
    ]);
    expect(cam).toMatchObject({ codec_name: 'h264', width: 320, height: 180 });
    expect(file).toMatchObject({ codec_name: 'h264', width: 320, height: 180 });
    expect(jpeg).toMatchObject({ codec_name: 'mjpeg', width: 320, height: 240 });
  });

  it('streams in real time: a 4 s recording holds at least 3 s of video', async () => {
    const out = join(dir, 'recording.mp4');
    const args = ['-nostdin', '-v', 'error', '-y', '-rtsp_transport', 'tcp'];
    await run('ffmpeg', [...args, '-i', sim.url('/cam1'), '-t', '4', '-c', 'copy', out], {
      timeout: 40_000,
    });
    const { stdout } = await run(
      'ffprobe',
      ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name', '-of', 'json', out],
      { timeout: 20_000 },
    );
    const info = JSON.parse(stdout) as {
      format: { duration: string };
      streams: { codec_name: string }[];
    };
    expect(info.streams[0]?.codec_name).toBe('h264');
    expect(Number(info.format.duration)).toBeGreaterThanOrEqual(3);
  });

  it('requires Basic credentials when configured', async () => {
    const credentials = { username: 'operatore', password: 'p@ss word:1' };
    const secured = track(
      new RtspSimulator({
        auth: credentials,
        mounts: [{ type: 'generate', path: '/cam1', width: 320, height: 180, fps: 5 }],
      }),
    );
    await secured.start();

    const anonymous = await failure('ffprobe', [
      ...['-v', 'error', '-rtsp_transport', 'tcp', '-show_streams', '-of', 'json'],
      secured.url('/cam1'),
    ]);
    expect(anonymous.code).not.toBe(0);
    expect(anonymous.stderr).toContain('401');

    const wrong = await failure('ffprobe', [
      ...['-v', 'error', '-rtsp_transport', 'tcp', '-show_streams', '-of', 'json'],
      secured.url('/cam1', { username: 'operatore', password: 'sbagliata' }),
    ]);
    expect(wrong.stderr).toContain('401');

    expect(secured.url('/cam1', credentials)).toBe(
      `rtsp://operatore:p%40ss%20word%3A1@127.0.0.1:${secured.port}/cam1`,
    );
    expect(await probeVideo(secured.url('/cam1', credentials))).toMatchObject({
      codec_name: 'h264',
    });
    await secured.stop();
  });

  it('restarts on the same port after stop() and reports exits', async () => {
    const outage = track(
      new RtspSimulator({
        mounts: [{ type: 'generate', path: '/cam1', width: 320, height: 180, fps: 5 }],
      }),
    );
    const exits: SimulatorExit[] = [];
    outage.onExit((exit) => exits.push(exit));
    await outage.start();
    const port = outage.port;

    await outage.stop();
    expect(outage.running).toBe(false);
    expect(exits).toEqual([{ code: 0, signal: null, expected: true }]);
    await expect(probe(outage.url('/cam1'))).rejects.toThrow();

    await outage.start();
    expect(outage.port).toBe(port);
    expect(await probeVideo(outage.url('/cam1'))).toMatchObject({ codec_name: 'h264' });

    // A crash is reported as unexpected.
    const crashed = new Promise<SimulatorExit>((resolve) => outage.onExit(resolve));
    process.kill(outage.pid!, 'SIGKILL');
    expect(await crashed).toMatchObject({ signal: 'SIGKILL', expected: false });
    expect(outage.running).toBe(false);
  });

  it('rejects a bad configuration with the reason', async () => {
    const missing = new RtspSimulator({
      mounts: [{ type: 'file', path: '/clip', file: join(dir, 'missing.mp4') }],
    });
    await expect(missing.start()).rejects.toThrow(/file not found: .*missing\.mp4/);
    expect(missing.running).toBe(false);

    let blocker: Server | undefined;
    try {
      blocker = createServer();
      await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
      const taken = (blocker.address() as { port: number }).port;
      const busy = new RtspSimulator({
        port: taken,
        mounts: [{ type: 'generate', path: '/cam1', width: 320, height: 180, fps: 5 }],
      });
      await expect(busy.start()).rejects.toThrow(/Address already in use/);
    } finally {
      await new Promise((resolve) => blocker?.close(resolve) ?? resolve(undefined));
    }
  });
});
