import { describe, expect, it } from 'vitest';
import { parseRtspUrl, RtspUrlError, withCredentials } from './rtsp-url.js';

describe('parseRtspUrl', () => {
  it('takes credentials out of the address', () => {
    expect(parseRtspUrl(' rtsp://admin:S3gr%40ta@10.0.0.5:554/Streaming/Channels/101 ')).toEqual({
      url: 'rtsp://10.0.0.5:554/Streaming/Channels/101',
      username: 'admin',
      password: 'S3gr@ta',
    });
  });

  it('keeps an address without credentials as it is', () => {
    expect(parseRtspUrl('rtsps://cam.comune.it/live')).toEqual({
      url: 'rtsps://cam.comune.it/live',
      username: null,
      password: null,
    });
  });

  it.each([
    ['', 'vuoto'],
    ['http://10.0.0.5/stream', 'protocollo http non supportato'],
    ['rtsp://10.0.0.5/a b', 'spazi'],
    ['not-a-url', 'non valido'],
    ['rtsp://', 'manca l’host'],
  ])('refuses %j', (input, message) => {
    expect(() => parseRtspUrl(input)).toThrow(RtspUrlError);
    expect(() => parseRtspUrl(input)).toThrow(message);
  });

  it('puts credentials back, encoded, for ffmpeg', () => {
    expect(withCredentials('rtsp://10.0.0.5/live', 'ad min', 'p@ss:w')).toBe(
      'rtsp://ad%20min:p%40ss%3Aw@10.0.0.5/live',
    );
    expect(withCredentials('rtsp://10.0.0.5/live', null, null)).toBe('rtsp://10.0.0.5/live');
  });
});
