import path from 'node:path';

export interface RecordArgsOptions {
  /** RTSP address, credentials included: it is passed as an argument, never logged. */
  inputUrl: string;
  /** Folder the open and finished segments are written to before they are indexed. */
  spoolDir: string;
  segmentSeconds: number;
  /** Socket I/O timeout: a camera that stops sending makes ffmpeg exit after this. */
  socketTimeoutSeconds: number;
  /**
   * Cut each segment into fragments of this length (as well as at keyframes) and flush each
   * fragment to the file as soon as it is complete. Live viewers then read the segment that
   * is being written (see the live module's recorder taps): the one upstream connection and
   * the one output feed both recording and live view, and nobody pays for live view while
   * nobody watches. A crash also loses at most one fragment instead of one GOP.
   */
  fragmentMs?: number;
}

/** Output options of a live fragmented-MP4 stream (browsers play it with MSE). */
export function liveOutputArgs(fragmentMs: number, target = 'pipe:1'): string[] {
  return [
    '-map',
    '0:v:0',
    '-c',
    'copy',
    '-f',
    'mp4',
    '-movflags',
    '+frag_keyframe+empty_moov+default_base_moof',
    '-frag_duration',
    String(Math.round(fragmentMs * 1000)),
    target,
  ];
}

/** The file name pattern of segments in the spool folder; the list on fd 3 names them. */
export const SEGMENT_PATTERN = 'seg-%06d.mp4';

/** The name ffmpeg gives segment number `index` (0 first) of a run, after SEGMENT_PATTERN. */
export function segmentFileName(index: number): string {
  return `seg-${String(index).padStart(6, '0')}.mp4`;
}

/** The mp4 options of each segment: fragmented, readable while it is being written. */
export function segmentFormatOptions(fragmentMs?: number): string {
  const movflags = 'movflags=+frag_keyframe+empty_moov+default_base_moof';
  if (!fragmentMs) return movflags;
  return `${movflags}:frag_duration=${Math.round(fragmentMs * 1000)}:flush_packets=1`;
}

/** Reading one camera: RTSP over TCP, giving up when the socket is silent for the timeout. */
function rtspInputArgs(inputUrl: string, socketTimeoutSeconds: number): string[] {
  return [
    '-hide_banner',
    '-nostats',
    '-loglevel',
    'warning',
    '-rtsp_transport',
    'tcp',
    '-timeout',
    String(Math.round(socketTimeoutSeconds * 1_000_000)),
    '-i',
    inputUrl,
  ];
}

/**
 * ffmpeg arguments to record one camera: RTSP over TCP, video only, stream copy (never
 * decoded), cut at keyframes into fragmented MP4 segments so that a crash loses at most the
 * open fragment (with `fragmentMs`, fragments are that short and flushed at once, so live
 * view can follow the file as it grows). Each finished segment is announced on fd 3 as a CSV line
 * `file,start,end` with stream times in seconds: those, not file names, give the timing.
 * Audio is not recorded: urban-security cameras record pictures only.
 */
export function buildRecordArgs(o: RecordArgsOptions): string[] {
  return [
    ...rtspInputArgs(o.inputUrl, o.socketTimeoutSeconds),
    '-map',
    '0:v:0',
    '-c',
    'copy',
    '-f',
    'segment',
    '-segment_time',
    String(o.segmentSeconds),
    '-segment_format',
    'mp4',
    '-segment_format_options',
    segmentFormatOptions(o.fragmentMs),
    '-reset_timestamps',
    '1',
    '-segment_list',
    'pipe:3',
    '-segment_list_type',
    'csv',
    path.join(o.spoolDir, SEGMENT_PATTERN),
  ];
}

/** ffmpeg arguments for a live-only stream (a sub-stream, or a camera that is not recorded). */
export function buildLiveArgs(o: {
  inputUrl: string;
  socketTimeoutSeconds: number;
  fragmentMs: number;
}): string[] {
  return [...rtspInputArgs(o.inputUrl, o.socketTimeoutSeconds), ...liveOutputArgs(o.fragmentMs)];
}

export interface SegmentListEntry {
  file: string;
  /** Stream time in seconds. */
  start: number;
  end: number;
}

/** Parses one line of ffmpeg's CSV segment list; null for anything else. */
export function parseSegmentListLine(line: string): SegmentListEntry | null {
  const m = /^(?:"((?:[^"]|"")*)"|([^,]+)),(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)\s*$/.exec(line);
  if (!m) return null;
  const file = m[1] !== undefined ? m[1].replace(/""/g, '"') : (m[2] ?? '');
  const start = Number(m[3]);
  const end = Number(m[4]);
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) return null;
  return { file, start, end };
}
