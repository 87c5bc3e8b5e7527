import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestClipOptions {
  /** Where the clip is written (and found again: clips are cached by their parameters). */
  dir: string;
  seconds: number;
  /** Default 320×180. */
  width?: number;
  height?: number;
  /** Default 5. */
  fps?: number;
  /** Key frame interval; default 1 s. */
  keyframeSeconds?: number;
  /** Default 'ffmpeg' (Debian's, on PATH). */
  ffmpegPath?: string;
}

/**
 * An H.264 MP4 test clip (ffmpeg's testsrc2: moving picture with a running time code), made
 * once per parameter set inside `dir`. Safe to call concurrently: written to a temporary name,
 * then renamed.
 */
export async function makeTestClip(opts: TestClipOptions): Promise<string> {
  const width = opts.width ?? 320;
  const height = opts.height ?? 180;
  const fps = opts.fps ?? 5;
  const keyframeSeconds = opts.keyframeSeconds ?? 1;
  const gop = Math.max(1, Math.round(fps * keyframeSeconds));
  const file = join(
    opts.dir,
    `testclip-${width}x${height}-${fps}fps-${opts.seconds}s-k${keyframeSeconds}.mp4`,
  );
  if (await nonEmpty(file)) return file;

  await mkdir(opts.dir, { recursive: true });
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await run(
      opts.ffmpegPath ?? 'ffmpeg',
      [
        ...['-nostdin', '-hide_banner', '-loglevel', 'error', '-y'],
        ...['-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}`],
        ...['-t', String(opts.seconds), '-an'],
        ...['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency'],
        ...['-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0'],
        ...['-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-f', 'mp4', tmp],
      ],
      { timeout: 120_000 },
    );
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return file;
}

async function nonEmpty(file: string): Promise<boolean> {
  try {
    return (await stat(file)).size > 0;
  } catch {
    return false;
  }
}
