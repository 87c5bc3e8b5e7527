/**
 * Errors with stable codes. Services throw these; the HTTP layer turns them into
 * `{ "error": code, "message": … }` with the matching status. Anything else is unexpected
 * and is logged as an error.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export class BadRequest extends AppError {
  constructor(message: string, details?: unknown, code = 'bad_request') {
    super(code, 400, message, details);
  }
}

export class ValidationFailed extends AppError {
  constructor(message: string, details?: unknown) {
    super('validation_failed', 400, message, details);
  }
}

export class Unauthorized extends AppError {
  constructor(message = 'Autenticazione richiesta', code = 'unauthorized') {
    super(code, 401, message);
  }
}

export class Forbidden extends AppError {
  constructor(message = 'Permesso negato', code = 'forbidden') {
    super(code, 403, message);
  }
}

export class NotFound extends AppError {
  constructor(what: string, id?: string) {
    super(
      'not_found',
      404,
      // "inesistente" agrees with nouns of either gender (telecamera, utente, blocco).
      id === undefined ? `${what} inesistente` : `${what} ${id} inesistente`,
      {
        what,
        id,
      },
    );
  }
}

export class Conflict extends AppError {
  constructor(message: string, code = 'conflict', details?: unknown) {
    super(code, 409, message, details);
  }
}

export class Locked extends AppError {
  constructor(message: string, retryAfterSeconds: number) {
    super(
      'account_locked',
      423,
      message,
      { retryAfterSeconds },
      {
        'retry-after': String(retryAfterSeconds),
      },
    );
  }
}

export class TooManyRequests extends AppError {
  constructor(message: string, retryAfterSeconds: number) {
    super(
      'rate_limited',
      429,
      message,
      { retryAfterSeconds },
      {
        'retry-after': String(retryAfterSeconds),
      },
    );
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
