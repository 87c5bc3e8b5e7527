import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface MediaInfo {
  codec: string | null;
  width: number | null;
  height: number | null;
  /** bits per second */
  bitrate: number | null;
  durationSeconds: number | null;
}

interface ProbeJson {
  streams?: Array<{ codec_name?: string; width?: number; height?: number; bit_rate?: string }>;
  format?: { bit_rate?: string; duration?: string };
}

const num = (v: string | undefined): number | null => {
  const n = v === undefined ? NaN : Number(v);
  return Number.isFinite(n) ? n : null;
};

/** Reads codec, size, bitrate and duration of a media file's first video stream with ffprobe. */
export async function probeMedia(file: string, timeoutMs = 15_000): Promise<MediaInfo> {
  const { stdout } = await run(
    'ffprobe',
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=codec_name,width,height,bit_rate:format=bit_rate,duration',
      '-of',
      'json',
      file,
    ],
    { timeout: timeoutMs, maxBuffer: 1024 * 1024 },
  );
  return parseProbe(stdout);
}

export function parseProbe(json: string): MediaInfo {
  const data = JSON.parse(json) as ProbeJson;
  const s = data.streams?.[0];
  const bitrate = num(s?.bit_rate) ?? num(data.format?.bit_rate);
  return {
    codec: s?.codec_name ?? null,
    width: s?.width ?? null,
    height: s?.height ?? null,
    bitrate: bitrate === null ? null : Math.round(bitrate),
    durationSeconds: num(data.format?.duration),
  };
}
