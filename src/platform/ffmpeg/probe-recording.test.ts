import { describe, expect, it } from 'vitest';
import { buildProbeRecordingArgs, parseIso6709, parseRecordingProbe } from './probe-recording.js';

describe('probeRecording', () => {
  it('builds the ffprobe arguments', () => {
    expect(buildProbeRecordingArgs('/d/a.mp4')).toEqual([
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=codec_name,width,height:stream_tags=creation_time:format=duration:format_tags',
      '-of',
      'json',
      '/d/a.mp4',
    ]);
  });

  it('reads duration, codec, creation time and location', () => {
    const p = parseRecordingProbe(
      JSON.stringify({
        streams: [{ codec_name: 'h264', width: 1920, height: 1080 }],
        format: {
          duration: '12.400000',
          tags: { creation_time: '2026-11-23T07:10:00.000000Z', location: '+44.6983+010.6312/' },
        },
      }),
    );
    expect(p).toEqual({
      codec: 'h264',
      width: 1920,
      height: 1080,
      durationSeconds: 12.4,
      creationTime: Date.UTC(2026, 10, 23, 7, 10),
      location: { lat: 44.6983, lon: 10.6312 },
    });
  });

  it('treats an unset camera clock and a missing video stream as absent', () => {
    const p = parseRecordingProbe(
      JSON.stringify({ streams: [], format: { tags: { creation_time: '1970-01-01T00:00:00Z' } } }),
    );
    expect(p.codec).toBeNull();
    expect(p.creationTime).toBeNull();
    expect(p.durationSeconds).toBeNull();
    expect(parseIso6709('nowhere')).toBeNull();
    expect(parseIso6709('+95.0+010.0/')).toBeNull();
  });
});
