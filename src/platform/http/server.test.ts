import { afterEach, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import { createHttpServer, type App } from './server.js';

let app: App | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

async function clientIp(trustProxy: boolean, forwardedFor: string): Promise<string> {
  app = await createHttpServer({
    logger: createLogger('silent'),
    bodyLimitBytes: 1024,
    trustProxy,
  });
  app.get('/ip', (req) => ({ ip: req.ip }));
  const res = await app.inject({
    method: 'GET',
    url: '/ip',
    remoteAddress: '10.0.0.2',
    headers: { 'x-forwarded-for': forwardedFor },
  });
  return res.json<{ ip: string }>().ip;
}

// The client's address is what audit, custody and the per-address limits rely on.
it('behind the reverse proxy, takes the address the proxy saw, not one the client wrote', async () => {
  // The client sent "X-Forwarded-For: 198.51.100.1"; the proxy appended the real address.
  expect(await clientIp(true, '198.51.100.1, 203.0.113.7')).toBe('203.0.113.7');
  expect(await clientIp(true, '203.0.113.7')).toBe('203.0.113.7');
});

it('without VEDETTA_TRUST_PROXY, ignores X-Forwarded-For', async () => {
  expect(await clientIp(false, '198.51.100.1')).toBe('10.0.0.2');
});

it('answers HEAD only where a route declares it (a GET handler would run and be audited)', async () => {
  app = await createHttpServer({
    logger: createLogger('silent'),
    bodyLimitBytes: 1024,
    trustProxy: false,
  });
  let downloads = 0;
  app.get('/download', () => {
    downloads++;
    return { ok: true };
  });
  app.head('/resumable', (_req, reply) => reply.header('upload-offset', '7').send());
  expect((await app.inject({ method: 'HEAD', url: '/download' })).statusCode).toBe(404);
  expect(downloads).toBe(0);
  expect((await app.inject({ method: 'GET', url: '/download' })).statusCode).toBe(200);
  expect(downloads).toBe(1);
  const head = await app.inject({ method: 'HEAD', url: '/resumable' });
  expect(head.statusCode).toBe(200);
  expect(head.headers['upload-offset']).toBe('7');
});
