/** An error answered by the server (`{ error, message, details? }`) or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** True when the request never reached the server (offline, proxy down). */
  get isNetwork(): boolean {
    return this.status === 0;
  }
}

interface ServerErrorBody {
  error: string;
  message: string;
  details?: unknown;
}

function isServerErrorBody(value: unknown): value is ServerErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>).error === 'string' &&
    typeof (value as Record<string, unknown>).message === 'string'
  );
}

export function toApiError(error: unknown, response?: Response): ApiError {
  if (error instanceof ApiError) return error;
  const status = response?.status ?? 0;
  if (isServerErrorBody(error))
    return new ApiError(status, error.error, error.message, error.details);
  if (response) {
    const text = typeof error === 'string' && error.length < 300 ? error : response.statusText;
    return new ApiError(status, `http_${status}`, text || `HTTP ${status}`);
  }
  if (error instanceof DOMException && error.name === 'AbortError') {
    return new ApiError(0, 'aborted', 'aborted');
  }
  return new ApiError(0, 'network_error', error instanceof Error ? error.message : String(error));
}

interface FetchResult<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/**
 * Awaits an openapi-fetch call and returns its data, or throws an ApiError.
 * Decides on `response.ok`, because empty bodies come back with neither data nor error.
 */
export async function unwrap<D>(request: Promise<FetchResult<D>>): Promise<D> {
  let result: FetchResult<D>;
  try {
    result = await request;
  } catch (error) {
    throw toApiError(error);
  }
  if (!result.response.ok) throw toApiError(result.error, result.response);
  return result.data as D;
}

/** Like `unwrap` for operations answering 204 No Content. */
export async function unwrapVoid(request: Promise<FetchResult<unknown>>): Promise<void> {
  await unwrap(request);
}
