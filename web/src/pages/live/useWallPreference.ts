import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import { toApiError, unwrap, type ApiError } from '../../api/errors';
import { DEFAULT_WALL, parseWall, toPreference, type Wall } from './wall';

const KEY = 'live.wall';
/** Changes in quick succession (several cameras clicked) are saved once. */
const SAVE_DELAY_MS = 400;

export type SaveState = 'idle' | 'saving' | 'saved' | 'error';

export interface WallPreferenceState {
  wall: Wall | null;
  loadError: ApiError | null;
  save: SaveState;
  saveError: ApiError | null;
  update: (next: Wall) => void;
  reload: () => void;
}

function put(wall: Wall): Promise<unknown> {
  return unwrap(
    api.PUT('/api/me/preferences/{key}', {
      params: { path: { key: KEY } },
      body: { value: toPreference(wall) },
    }),
  );
}

/** The operator's wall: loaded once, saved (debounced, in order) after every change. */
export function useWallPreference(): WallPreferenceState {
  const [wall, setWall] = useState<Wall | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [save, setSave] = useState<SaveState>('idle');
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [generation, setGeneration] = useState(0);
  const pending = useRef<Wall | null>(null);
  const timer = useRef(0);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const mounted = useRef(true);

  useEffect(() => {
    const controller = new AbortController();
    setLoadError(null);
    unwrap(
      api.GET('/api/me/preferences/{key}', {
        params: { path: { key: KEY } },
        signal: controller.signal,
      }),
    )
      .then((body) => {
        if (!controller.signal.aborted)
          setWall(body.value === null ? DEFAULT_WALL : parseWall(body.value));
      })
      .catch((reason: unknown) => {
        if (!controller.signal.aborted) setLoadError(toApiError(reason));
      });
    return () => controller.abort();
  }, [generation]);

  const flush = useCallback(() => {
    window.clearTimeout(timer.current);
    const next = pending.current;
    if (!next) return;
    pending.current = null;
    // Saves run one after the other, so the last change is the one that stays.
    chain.current = chain.current.then(() =>
      put(next).then(
        () => {
          if (mounted.current && !pending.current) setSave('saved');
        },
        (reason: unknown) => {
          if (!mounted.current) return;
          setSave('error');
          setSaveError(toApiError(reason));
        },
      ),
    );
  }, []);

  const update = useCallback(
    (next: Wall) => {
      setWall(next);
      pending.current = next;
      setSave('saving');
      setSaveError(null);
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(flush, SAVE_DELAY_MS);
    },
    [flush],
  );

  // Leaving the page with a change not yet sent: send it now.
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      flush();
    };
  }, [flush]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { wall, loadError, save, saveError, update, reload };
}
