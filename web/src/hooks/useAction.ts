import { useCallback, useState } from 'react';
import { toApiError, type ApiError } from '../api/errors';

export interface Action {
  pending: boolean;
  error: ApiError | null;
  clearError: () => void;
  /** Runs `task`, records its error instead of throwing; resolves to undefined on failure. */
  run: <T>(task: () => Promise<T>) => Promise<T | undefined>;
}

/** State for a user-triggered request (form submit, row button). */
export function useAction(): Action {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const run = useCallback(async <T>(task: () => Promise<T>): Promise<T | undefined> => {
    setPending(true);
    setError(null);
    try {
      return await task();
    } catch (reason) {
      setError(toApiError(reason));
      return undefined;
    } finally {
      setPending(false);
    }
  }, []);

  const clearError = useCallback(() => setError(null), []);
  return { pending, error, clearError, run };
}
