import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Db } from '../../../platform/db/database.js';
import type { Storage } from '../../../platform/storage/storage.js';
import { makeTestClip } from '../../../test-support/media-fixtures.js';
import { SegmentRepository } from '../../recording/segment.repository.js';

const run = promisify(execFile);

/**
 * Real recorded segments for tests and benchmarks: a test clip cut by ffmpeg's segment muxer
 * with the recorder's own options (fragmented MP4, timestamps reset per segment), so the
 * export reads exactly what the recorder writes. Returns the segment files' bytes, in order.
 */
export async function makeRecordedSegments(opts: {
  dir: string;
  seconds: number;
  segmentSeconds: number;
  width?: number;
  height?: number;
  fps?: number;
  keyframeSeconds?: number;
}): Promise<Buffer[]> {
  const clip = await makeTestClip({
    dir: opts.dir,
    seconds: opts.seconds,
    ...(opts.width && { width: opts.width }),
    ...(opts.height && { height: opts.height }),
    fps: opts.fps ?? 10,
    keyframeSeconds: opts.keyframeSeconds ?? 2,
  });
  const out = path.join(opts.dir, `segments-${randomUUID().slice(0, 8)}`);
  await mkdir(out, { recursive: true });
  try {
    await run('ffmpeg', [
      ...['-nostdin', '-hide_banner', '-loglevel', 'error', '-i', clip],
      ...['-map', '0:v:0', '-c', 'copy', '-f', 'segment'],
      ...['-segment_time', String(opts.segmentSeconds), '-segment_format', 'mp4'],
      ...['-segment_format_options', 'movflags=+frag_keyframe+empty_moov+default_base_moof'],
      ...['-reset_timestamps', '1', path.join(out, 'seg-%06d.mp4')],
    ]);
    const files = (await readdir(out)).filter((f) => f.endsWith('.mp4')).sort();
    return await Promise.all(files.map((f) => readFile(path.join(out, f))));
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/** Stores one segment file and indexes it as the recorder would. */
export async function indexSegment(
  db: Db,
  storage: Storage,
  cameraId: string,
  startMs: number,
  lengthMs: number,
  data: Buffer,
): Promise<{ id: string; key: string }> {
  const id = randomUUID();
  const key = `recordings/${cameraId}/${new Date(startMs).toISOString().slice(0, 10)}/${startMs}-${id.slice(0, 8)}.mp4`;
  const stored = await storage.put(key, data);
  await new SegmentRepository(db).insert({
    id,
    camera_id: cameraId,
    start_ms: startMs,
    end_ms: startMs + lengthMs,
    bytes: stored.bytes,
    storage_key: key,
    codec: 'h264',
    run_id: 'test',
    created_at: startMs + lengthMs,
  });
  return { id, key };
}
