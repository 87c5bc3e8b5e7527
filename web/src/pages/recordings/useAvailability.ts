import { useEffect, useRef, useState } from 'react';
import { toApiError, type ApiError } from '../../api/errors';
import type { TimeRange } from '../../components/timeline/types';
import { DAY } from '../../components/timeline/rome';
import { loadAvailability, type Availability } from './recordingsApi';

/** The timeline refreshes this often, so that the operator watches it fill. */
export const AVAILABILITY_REFRESH_MS = 10_000;
/** The server answers for at most 31 days at once. */
const MAX_WINDOW = 31 * DAY;

/**
 * The window to ask for: the view plus half a view on each side, rounded to quarter views,
 * so that small pans and the moving present reuse the same request.
 */
function fetchWindow(view: TimeRange): TimeRange {
  const span = view.to - view.from;
  const unit = span / 4;
  let from = Math.floor((view.from - span / 2) / unit) * unit;
  const to = Math.ceil((view.to + span / 2) / unit) * unit;
  if (to - from > MAX_WINDOW) from = to - MAX_WINDOW;
  return { from, to };
}

export interface AvailabilityState {
  data: Availability | undefined;
  error: ApiError | null;
  /** When the data was answered (the refresh runs every 10 s). */
  loadedAt: number | null;
}

/** Availability of one camera around the view, refreshed every 10 s; keeps the last answer while loading. */
export function useAvailability(cameraId: string, view: TimeRange): AvailabilityState {
  const [state, setState] = useState<AvailabilityState>({
    data: undefined,
    error: null,
    loadedAt: null,
  });
  const wanted = fetchWindow(view);
  const key = `${cameraId}|${wanted.from}|${wanted.to}`;
  const windowRef = useRef(wanted);
  windowRef.current = wanted;

  useEffect(() => {
    let controller: AbortController | null = null;
    const load = () => {
      controller?.abort();
      const current = new AbortController();
      controller = current;
      const { from, to } = windowRef.current;
      loadAvailability(cameraId, from, to, current.signal).then(
        (data) => {
          if (!current.signal.aborted) setState({ data, error: null, loadedAt: Date.now() });
        },
        (reason: unknown) => {
          if (!current.signal.aborted) {
            setState((s) => ({ ...s, error: toApiError(reason) }));
          }
        },
      );
    };
    load();
    const timer = window.setInterval(load, AVAILABILITY_REFRESH_MS);
    return () => {
      window.clearInterval(timer);
      controller?.abort();
    };
  }, [key, cameraId]);

  return state;
}
