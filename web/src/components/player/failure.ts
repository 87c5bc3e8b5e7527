export type PlayerFailureCode = 'unsupported' | 'codec' | 'append' | 'media' | 'quota';

/** A failure of the browser's media stack (not of the server). */
export class PlayerFailure extends Error {
  constructor(
    readonly code: PlayerFailureCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'PlayerFailure';
  }
}

export function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'QuotaExceededError';
}
