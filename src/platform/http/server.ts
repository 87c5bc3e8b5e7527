import { readFileSync } from 'node:fs';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from '../log/logger.js';
import { VERSION } from '../../version.js';
import { installErrorHandling } from './errors.js';

export type App = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface HttpOptions {
  logger: Logger;
  bodyLimitBytes: number;
  trustProxy: boolean;
  tls?: { cert: string; key: string };
  /** Extra image sources the CSP allows (the configured map tile server). */
  imgSources?: string[];
}

/** Fastify with zod schemas, OpenAPI, security headers, cookies and stable error shapes. */
export async function createHttpServer(opts: HttpOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: opts.logger,
    bodyLimit: opts.bodyLimitBytes,
    // One hop: the reverse proxy in front. `true` would trust every X-Forwarded-For entry and
    // take the leftmost, which the client writes itself (spoofed IPs in audit and custody,
    // per-address limits bypassed).
    trustProxy: opts.trustProxy ? (_address: string, hop: number) => hop < 1 : false,
    // No automatic HEAD for GET routes: Fastify would run the GET handler, so a HEAD would be
    // audited and written in the chain of custody as a download, a print or a viewing that sent
    // nothing. A route that speaks HEAD (tus) declares it.
    exposeHeadRoutes: false,
    ...(opts.tls && {
      https: { cert: readFileSync(opts.tls.cert), key: readFileSync(opts.tls.key) },
    }),
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>() as unknown as App;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...(opts.imgSources ?? [])],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: opts.tls ? [] : null,
      },
    },
    strictTransportSecurity: opts.tls ? { maxAge: 15_552_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  await app.register(cookie);
  // Viewers send only small control messages; anything bigger is refused by the socket.
  await app.register(websocket, { options: { maxPayload: 4096 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Vedetta API',
        description:
          'API of Vedetta, the operations-room software of the Polizia Locale. Every operation needs a session cookie and the permission it names, unless marked public. Writes with a cookie session need the x-csrf-token header.',
        version: VERSION,
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'vedetta_session' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    uiConfig: { docExpansion: 'list' },
  });
  return app;
}
