import { describe, expect, it } from 'vitest';
import {
  buildLiveArgs,
  buildRecordArgs,
  parseSegmentListLine,
  segmentFileName,
} from './record-args.js';

describe('buildRecordArgs', () => {
  it('records by stream copy over TCP into fragmented MP4 segments listed on fd 3', () => {
    expect(
      buildRecordArgs({
        inputUrl: 'rtsp://u:p@10.0.0.5/live',
        spoolDir: '/data/spool/cam/run',
        segmentSeconds: 10,
        socketTimeoutSeconds: 10,
      }),
    ).toEqual([
      '-hide_banner',
      '-nostats',
      '-loglevel',
      'warning',
      '-rtsp_transport',
      'tcp',
      '-timeout',
      '10000000',
      '-i',
      'rtsp://u:p@10.0.0.5/live',
      '-map',
      '0:v:0',
      '-c',
      'copy',
      '-f',
      'segment',
      '-segment_time',
      '10',
      '-segment_format',
      'mp4',
      '-segment_format_options',
      'movflags=+frag_keyframe+empty_moov+default_base_moof',
      '-reset_timestamps',
      '1',
      '-segment_list',
      'pipe:3',
      '-segment_list_type',
      'csv',
      '/data/spool/cam/run/seg-%06d.mp4',
    ]);
  });
});

describe('live view from the recording', () => {
  it('cuts segments into short fragments flushed at once, with no second output', () => {
    const args = buildRecordArgs({
      inputUrl: 'rtsp://10.0.0.5/live',
      spoolDir: '/s',
      segmentSeconds: 10,
      socketTimeoutSeconds: 10,
      fragmentMs: 200,
    });
    expect(args.filter((a) => a === '-i')).toHaveLength(1);
    expect(args[args.indexOf('-segment_format_options') + 1]).toBe(
      'movflags=+frag_keyframe+empty_moov+default_base_moof:frag_duration=200000:flush_packets=1',
    );
    expect(args.at(-1)).toBe('/s/seg-%06d.mp4');
    expect(args).not.toContain('pipe:1');
  });

  it('names segment files as ffmpeg numbers them', () => {
    expect(segmentFileName(0)).toBe('seg-000000.mp4');
    expect(segmentFileName(1234)).toBe('seg-001234.mp4');
  });

  it('builds a live-only stream for sub-streams', () => {
    expect(
      buildLiveArgs({ inputUrl: 'rtsp://h/sub', socketTimeoutSeconds: 5, fragmentMs: 200 }),
    ).toEqual([
      '-hide_banner',
      '-nostats',
      '-loglevel',
      'warning',
      '-rtsp_transport',
      'tcp',
      '-timeout',
      '5000000',
      '-i',
      'rtsp://h/sub',
      '-map',
      '0:v:0',
      '-c',
      'copy',
      '-f',
      'mp4',
      '-movflags',
      '+frag_keyframe+empty_moov+default_base_moof',
      '-frag_duration',
      '200000',
      'pipe:1',
    ]);
  });
});

describe('parseSegmentListLine', () => {
  it('reads file, start and end', () => {
    expect(parseSegmentListLine('seg-000003.mp4,12.000000,16.040000')).toEqual({
      file: 'seg-000003.mp4',
      start: 12,
      end: 16.04,
    });
    expect(parseSegmentListLine('"a,""b"".mp4",0.5,1')).toEqual({
      file: 'a,"b".mp4',
      start: 0.5,
      end: 1,
    });
  });

  it.each(['', 'garbage', 'seg.mp4,1', 'seg.mp4,5,4', 'seg.mp4,a,b'])('ignores %j', (line) => {
    expect(parseSegmentListLine(line)).toBeNull();
  });
});
