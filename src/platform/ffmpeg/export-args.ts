/**
 * Building blocks of an evidence export: ffmpeg's concat demuxer joins recorded segments by
 * stream copy (never decoded), trimmed with `inpoint`/`outpoint`. Pure functions, tested by
 * their exact output.
 */

export interface ConcatEntry {
  /** Local path of a recorded segment. */
  file: string;
  /** Seconds into the file where the clip starts (a keyframe's time), if not at its start. */
  inpoint?: number;
  /** Seconds into the file where the clip ends (packets at or after it are dropped). */
  outpoint?: number;
}

/** Quotes a path for an ffconcat script ('…' with each ' written as '\''). */
export function concatQuote(file: string): string {
  if (/[\n\r\0]/.test(file)) throw new Error('percorso non valido per ffconcat');
  return `'${file.replace(/'/g, "'\\''")}'`;
}

const seconds = (s: number) => s.toFixed(6);

/**
 * The ffconcat script for a list of segments. With `probeFirstOnly`, every segment after the
 * first is opened with the smallest probe (`option probesize 32`): ffmpeg otherwise decodes a
 * frame of each segment to learn parameters a stream copy takes from the first one anyway,
 * which is about half of its time on an hour of 10-second segments. The output is the same
 * byte for byte (export-args.int.test.ts).
 */
export function buildConcatScript(
  entries: ConcatEntry[],
  opts: { probeFirstOnly?: boolean } = {},
): string {
  const lines = ['ffconcat version 1.0'];
  for (const [i, e] of entries.entries()) {
    lines.push(`file ${concatQuote(e.file)}`);
    if (opts.probeFirstOnly && i > 0) lines.push('option probesize 32');
    if (e.inpoint !== undefined && e.inpoint > 0) lines.push(`inpoint ${seconds(e.inpoint)}`);
    if (e.outpoint !== undefined) lines.push(`outpoint ${seconds(e.outpoint)}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * ffmpeg arguments that join the segments of an ffconcat script into one plain MP4 by stream
 * copy. With `moovSize`, ffmpeg reserves that many bytes after ftyp and writes the index
 * (moov) there when it finishes, so the file is moov-first in one write (the rest of the
 * reservation is a `free` box); without it, moov is written at the end (the caller may move
 * it, platform/mp4/faststart.ts). Progress goes to stdout as `key=value` lines (`out_time_us`).
 */
export function buildExportArgs(
  concatScript: string,
  output: string,
  opts: { moovSize?: number } = {},
): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-nostats',
    '-loglevel',
    'error',
    '-progress',
    'pipe:1',
    '-f',
    'concat',
    '-safe',
    '0',
    '-i',
    concatScript,
    '-map',
    '0:v:0',
    '-c',
    'copy',
    '-map_metadata',
    '-1',
    ...(opts.moovSize ? ['-moov_size', String(Math.ceil(opts.moovSize))] : []),
    '-f',
    'mp4',
    '-y',
    output,
  ];
}

/** ffprobe arguments listing the video packets of a file (time and flags), as CSV. */
export function buildKeyframeProbeArgs(file: string): string[] {
  return [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'packet=pts_time,flags',
    '-of',
    'csv=p=0',
    file,
  ];
}

/** Keyframe times (seconds) from `buildKeyframeProbeArgs` output, ascending. */
export function parseKeyframes(csv: string): number[] {
  const out: number[] = [];
  for (const line of csv.split('\n')) {
    const [time, flags] = line.trim().split(',');
    const t = Number(time);
    if (flags?.includes('K') && Number.isFinite(t)) out.push(t);
  }
  return out.sort((a, b) => a - b);
}

/** The latest keyframe at or before `at` seconds (the first one when none is). */
export function keyframeAtOrBefore(keyframes: number[], at: number): number {
  let best = keyframes[0] ?? 0;
  for (const k of keyframes) {
    if (k <= at + 1e-6) best = k;
    else break;
  }
  return best;
}

/** The time reached so far (seconds) from a block of `-progress` output, or null. */
export function parseProgressTime(text: string): number | null {
  let last: number | null = null;
  for (const m of text.matchAll(/out_time_us=(\d+)/g)) last = Number(m[1]) / 1e6;
  return last;
}
