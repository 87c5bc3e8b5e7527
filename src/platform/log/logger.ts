import { pino, type Logger, type LoggerOptions } from 'pino';
import { redactDeep, redactUrlCredentials } from './redact.js';

export type { Logger };

/** pino options shared by the server and the CLI: every log object goes through the redactor. */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    base: { app: 'vedetta' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      log: (obj) => redactDeep(obj) as Record<string, unknown>,
    },
    hooks: {
      // The message string itself may carry a URL with credentials.
      logMethod(args, method) {
        const scrubbed = args.map((a) =>
          typeof a === 'string' ? redactUrlCredentials(a) : a,
        ) as Parameters<typeof method>;
        method.apply(this, scrubbed);
      },
    },
    serializers: {
      req: (req: { id?: string; method?: string; url?: string; ip?: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url === undefined ? undefined : redactUrlCredentials(req.url),
        ip: req.ip,
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      err: pino.stdSerializers.err,
    },
  };
}

export function createLogger(level: string): Logger {
  return pino(loggerOptions(level));
}
