import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { App } from './server.js';

/** The built single-page app (web/dist), with index.html for every non-API path. */
export async function serveWebApp(
  app: App,
  dir = fileURLToPath(new URL('../../../web/dist', import.meta.url)),
): Promise<boolean> {
  const available = existsSync(`${dir}/index.html`);
  if (available) {
    await app.register(fastifyStatic, {
      root: dir,
      wildcard: false,
      index: false,
      maxAge: '1h',
      immutable: false,
    });
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && !req.url.startsWith('/api/') && available) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply.status(404).send({
      error: 'not_found',
      message:
        available || req.url.startsWith('/api/')
          ? `Percorso non trovato: ${req.method} ${req.url.split('?')[0]}`
          : 'Interfaccia web non compilata: eseguire npm run build',
    });
  });
  return available;
}
