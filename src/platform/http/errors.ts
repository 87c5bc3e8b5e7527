import type { FastifyError, FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
} from 'fastify-type-provider-zod';
import { AppError } from '../errors.js';

interface ErrorBody {
  error: string;
  message: string;
  details?: unknown;
}

/** Fastify's own error codes that are the client's fault, with our stable code and message. */
const CLIENT_ERRORS: Record<string, { status: number; error: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    error: 'invalid_json',
    message: 'Il corpo della richiesta non è JSON valido',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    error: 'invalid_json',
    message: 'Il corpo JSON della richiesta è vuoto',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    error: 'payload_too_large',
    message: 'Il corpo della richiesta è troppo grande',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    error: 'unsupported_media_type',
    message: 'Tipo di contenuto non supportato: usare application/json',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    error: 'bad_request',
    message: 'Content-Length non valido',
  },
};

function describeIssues(issues: { instancePath?: string; message?: string }[]): string {
  return issues
    .slice(0, 5)
    .map(
      (i) =>
        `${(i.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.') || 'richiesta'}: ${i.message ?? 'non valido'}`,
    )
    .join('; ');
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    let status = 500;
    let body: ErrorBody = { error: 'internal_error', message: 'Errore interno del server' };

    if (err instanceof AppError) {
      status = err.status;
      body = {
        error: err.code,
        message: err.message,
        ...(err.details !== undefined && { details: err.details }),
      };
      if (err.headers) void reply.headers(err.headers);
    } else if (hasZodFastifySchemaValidationErrors(err)) {
      status = 400;
      const validation = err.validation as unknown as {
        instancePath: string;
        message?: string;
        keyword: string;
        params: unknown;
      }[];
      const issues = validation.map((v) => ({ instancePath: v.instancePath, message: v.message }));
      body = {
        error: 'validation_failed',
        message: `Dati non validi (${err.validationContext ?? 'body'}): ${describeIssues(issues)}`,
        details: validation.map((v) => ({
          path: v.instancePath,
          message: v.message,
          keyword: v.keyword,
          params: v.params,
        })),
      };
    } else if (err.code && CLIENT_ERRORS[err.code]) {
      const known = CLIENT_ERRORS[err.code]!;
      status = known.status;
      body = { error: known.error, message: known.message };
    } else if (err.validation) {
      status = 400;
      body = {
        error: 'validation_failed',
        message: `Dati non validi: ${describeIssues(err.validation)}`,
      };
    } else if (
      typeof err.statusCode === 'number' &&
      err.statusCode >= 400 &&
      err.statusCode < 500
    ) {
      status = err.statusCode;
      body = { error: 'bad_request', message: err.message };
    }

    if (status >= 500) {
      req.log.error({ err, serialization: isResponseSerializationError(err) }, 'unexpected error');
    } else {
      req.log.info({ code: body.error, status }, 'request refused');
    }
    return reply.status(status).send(body);
  });
}
