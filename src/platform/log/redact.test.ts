import { describe, expect, it } from 'vitest';
import { redactDeep, redactUrlCredentials } from './redact.js';

describe('redaction', () => {
  it('removes credentials from camera URLs and secret query parameters', () => {
    expect(redactUrlCredentials('connecting rtsp://admin:Segreta1@10.0.0.5:554/stream1')).toBe(
      'connecting rtsp://***@10.0.0.5:554/stream1',
    );
    expect(redactUrlCredentials('rtsp://admin@cam/1')).toBe('rtsp://***@cam/1');
    expect(redactUrlCredentials('/api/share?token=abc123&x=1')).toBe('/api/share?token=***&x=1');
    expect(redactUrlCredentials('http://host/path')).toBe('http://host/path');
  });

  it('replaces secret-looking keys at any depth and leaves the rest', () => {
    const out = redactDeep({
      user: 'mario',
      body: { password: 'x', nested: { newPassword: 'y', csrfToken: 'z', totpSecret: 's' } },
      headers: { cookie: 'vedetta_session=abc', authorization: 'Bearer t' },
      camera: { url: 'rtsp://u:p@cam/1' },
      list: [{ apiKey: 'k' }],
      flags: { totpEnabled: true },
    });
    expect(out).toEqual({
      user: 'mario',
      body: {
        password: '[redacted]',
        nested: { newPassword: '[redacted]', csrfToken: '[redacted]', totpSecret: '[redacted]' },
      },
      headers: { cookie: '[redacted]', authorization: '[redacted]' },
      camera: { url: 'rtsp://***@cam/1' },
      list: [{ apiKey: '[redacted]' }],
      flags: { totpEnabled: true },
    });
  });

  it('scrubs error messages', () => {
    const out = redactDeep({ err: new Error('cannot open rtsp://a:b@c/d') }) as {
      err: { message: string };
    };
    expect(out.err.message).toBe('cannot open rtsp://***@c/d');
  });
});
