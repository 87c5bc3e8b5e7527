import { execFile } from 'node:child_process';

/** ffmpeg arguments for one JPEG frame at `offsetSeconds` into a file, scaled to `width`. */
export function buildThumbnailArgs(file: string, offsetSeconds: number, width: number): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-ss',
    offsetSeconds.toFixed(3),
    '-i',
    file,
    '-frames:v',
    '1',
    '-vf',
    `scale=${width}:-2`,
    '-q:v',
    '5',
    '-f',
    'image2',
    '-c:v',
    'mjpeg',
    'pipe:1',
  ];
}

/** Extracts one frame as JPEG (single-frame decode, never a transcode of the stream). */
export function extractThumbnail(
  file: string,
  offsetSeconds: number,
  width: number,
  timeoutMs = 15_000,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      'ffmpeg',
      buildThumbnailArgs(file, offsetSeconds, width),
      { encoding: 'buffer', timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err)
          reject(new Error(`ffmpeg thumbnail failed: ${stderr.toString().trim() || err.message}`));
        else if (stdout.length === 0) reject(new Error('ffmpeg produced no frame'));
        else resolve(stdout);
      },
    );
  });
}
