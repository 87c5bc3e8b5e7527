import { describe, expect, it } from 'vitest';
import {
  buildConcatScript,
  buildExportArgs,
  keyframeAtOrBefore,
  parseKeyframes,
  parseProgressTime,
} from './export-args.js';

describe('export arguments', () => {
  it('writes an ffconcat script with trims on the first and last segment', () => {
    expect(
      buildConcatScript([
        { file: '/data/a.mp4', inpoint: 4 },
        { file: "/data/it's.mp4" },
        { file: '/data/c.mp4', outpoint: 5.35 },
      ]),
    ).toBe(
      [
        'ffconcat version 1.0',
        "file '/data/a.mp4'",
        'inpoint 4.000000',
        "file '/data/it'\\''s.mp4'",
        "file '/data/c.mp4'",
        'outpoint 5.350000',
        '',
      ].join('\n'),
    );
    expect(() => buildConcatScript([{ file: '/a\nfile /etc/passwd' }])).toThrow();
  });

  it('probes only the first segment when asked', () => {
    expect(
      buildConcatScript(
        [
          { file: '/data/a.mp4', inpoint: 2 },
          { file: '/data/b.mp4' },
          { file: '/data/c.mp4', outpoint: 3 },
        ],
        { probeFirstOnly: true },
      ),
    ).toBe(
      [
        'ffconcat version 1.0',
        "file '/data/a.mp4'",
        'inpoint 2.000000',
        "file '/data/b.mp4'",
        'option probesize 32',
        "file '/data/c.mp4'",
        'option probesize 32',
        'outpoint 3.000000',
        '',
      ].join('\n'),
    );
  });

  it('joins by stream copy into a plain MP4, with progress on stdout', () => {
    expect(buildExportArgs('/tmp/x.ffconcat', '/tmp/x.mp4')).toEqual([
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
      '/tmp/x.ffconcat',
      '-map',
      '0:v:0',
      '-c',
      'copy',
      '-map_metadata',
      '-1',
      '-f',
      'mp4',
      '-y',
      '/tmp/x.mp4',
    ]);
  });

  it('reserves room for the index at the front when asked', () => {
    const args = buildExportArgs('/tmp/x.ffconcat', '/tmp/x.mp4', { moovSize: 123456.2 });
    expect(args.slice(-6)).toEqual(['-moov_size', '123457', '-f', 'mp4', '-y', '/tmp/x.mp4']);
    expect(buildExportArgs('/tmp/x.ffconcat', '/tmp/x.mp4')).not.toContain('-moov_size');
  });

  it('finds the keyframe at or before an instant', () => {
    const k = parseKeyframes('0.000000,K__\n0.100000,___\n2.000000,K__\n4.000000,K_\n4.1,__\n');
    expect(k).toEqual([0, 2, 4]);
    expect(keyframeAtOrBefore(k, 4.5)).toBe(4);
    expect(keyframeAtOrBefore(k, 4)).toBe(4);
    expect(keyframeAtOrBefore(k, 3.99)).toBe(2);
    expect(keyframeAtOrBefore([], 3)).toBe(0);
  });

  it('reads the time reached from -progress output', () => {
    expect(parseProgressTime('frame=10\nout_time_us=1500000\nout_time_us=2500000\n')).toBe(2.5);
    expect(parseProgressTime('progress=continue\n')).toBeNull();
  });
});
