import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What ingest needs to know about a bodycam recording. */
export interface RecordingProbe {
  codec: string | null;
  width: number | null;
  height: number | null;
  durationSeconds: number | null;
  /** The container's creation_time (the camera's clock), epoch ms. */
  creationTime: number | null;
  /** An ISO 6709 location tag (`+45.6983+009.6773/`) some cameras write. */
  location: { lat: number; lon: number } | null;
}

/** ffprobe arguments: the first video stream and the container's duration and tags. */
export function buildProbeRecordingArgs(file: string): string[] {
  return [
    ...['-v', 'error', '-select_streams', 'v:0'],
    ...[
      '-show_entries',
      'stream=codec_name,width,height:stream_tags=creation_time:format=duration:format_tags',
    ],
    ...['-of', 'json', file],
  ];
}

interface ProbeJson {
  streams?: Array<{
    codec_name?: string;
    width?: number;
    height?: number;
    tags?: Record<string, string>;
  }>;
  format?: { duration?: string; tags?: Record<string, string> };
}

/** Parses ISO 6709 (`+45.6983+009.6773+120.5/`) into latitude and longitude. */
export function parseIso6709(v: string | undefined): { lat: number; lon: number } | null {
  const m = v ? /^([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)/.exec(v.trim()) : null;
  if (!m) return null;
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : null;
}

export function parseRecordingProbe(json: string): RecordingProbe {
  const data = JSON.parse(json) as ProbeJson;
  const s = data.streams?.[0];
  const tags = Object.fromEntries(
    Object.entries(data.format?.tags ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
  );
  const created = tags.creation_time ?? s?.tags?.creation_time;
  const createdMs = created ? Date.parse(created) : NaN;
  const duration = Number(data.format?.duration);
  return {
    codec: s?.codec_name ?? null,
    width: s?.width ?? null,
    height: s?.height ?? null,
    durationSeconds: Number.isFinite(duration) ? duration : null,
    // 1970 or year-zero stamps mean "clock never set": treated as absent.
    creationTime: Number.isFinite(createdMs) && createdMs > Date.UTC(2000, 0, 1) ? createdMs : null,
    location: parseIso6709(tags.location ?? tags['com.apple.quicktime.location.iso6709']),
  };
}

/** Probes a recording; rejects when ffprobe cannot read it (not a media file, truncated). */
export async function probeRecording(file: string, timeoutMs = 30_000): Promise<RecordingProbe> {
  const { stdout } = await run('ffprobe', buildProbeRecordingArgs(file), {
    timeout: timeoutMs,
    maxBuffer: 1024 * 1024,
  });
  return parseRecordingProbe(stdout);
}
