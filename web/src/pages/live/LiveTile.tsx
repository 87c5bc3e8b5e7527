import {
  useEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type RefObject,
} from 'react';
import { Icon } from '../../components/Icon';
import { LivePlayer, type LiveBadgeState } from '../../components/live/LivePlayer';
import { useT } from '../../i18n';
import type { LiveCamera } from './liveApi';

interface LiveTileProps {
  slot: number;
  /** The camera in this place; `missing` when its id is no longer among the visible ones. */
  camera: LiveCamera | 'missing' | null;
  selected: boolean;
  /** False while the page is hidden or another tile is full screen. */
  allowed: boolean;
  onSelect: (slot: number) => void;
  onRemove: (slot: number) => void;
  onFullscreen: (slot: number, on: boolean) => void;
  onFullscreenError: (detail: string) => void;
  watermark?: string | null;
  transport?: 'auto' | 'mse';
}

/** Whether the element is at least partly in the viewport (streams pause when it is not). */
function useInView(ref: RefObject<HTMLElement | null>): boolean {
  const [inView, setInView] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return undefined;
    const observer = new IntersectionObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (entry) setInView(entry.isIntersecting);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return inView;
}

/**
 * One place of the wall: the live picture of its camera, or an empty place to fill. A click
 * selects it (the next camera chosen goes here); a double click puts it full screen, where it
 * switches to the camera's main stream.
 */
export function LiveTile({
  slot,
  camera,
  selected,
  allowed,
  onSelect,
  onRemove,
  onFullscreen,
  onFullscreenError,
  watermark,
  transport,
}: LiveTileProps) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const inView = useInView(ref);
  const [fullscreen, setFullscreen] = useState(false);
  const fullscreenRef = useRef(false);
  const [state, setState] = useState<LiveBadgeState | null>(null);
  const number = slot + 1;

  useEffect(() => {
    const onChange = () => {
      const on = ref.current !== null && document.fullscreenElement === ref.current;
      if (on === fullscreenRef.current) return;
      fullscreenRef.current = on;
      setFullscreen(on);
      onFullscreen(slot, on);
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, [slot, onFullscreen]);

  const toggleFullscreen = () => {
    const el = ref.current;
    if (!el) return;
    const request = fullscreen ? document.exitFullscreen() : el.requestFullscreen();
    request.catch((reason: unknown) =>
      onFullscreenError(reason instanceof Error ? reason.message : String(reason)),
    );
  };

  const onDoubleClick = (event: MouseEvent) => {
    if ((event.target as HTMLElement).closest('button')) return;
    if (camera && camera !== 'missing') toggleFullscreen();
  };
  const onClick = (event: MouseEvent) => {
    if ((event.target as HTMLElement).closest('button')) return;
    onSelect(slot);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.target !== event.currentTarget) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(slot);
    }
  };

  const live = camera && camera !== 'missing' ? camera : null;
  const label = live
    ? t('live.tileCamera', { slot: number, code: live.code, name: live.name })
    : t('live.tile', { slot: number });
  const className = [
    'vd-live-tile',
    selected ? 'vd-live-tile-selected' : '',
    live ? '' : 'vd-live-tile-empty',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <div
      ref={ref}
      className={className}
      role="group"
      tabIndex={0}
      aria-label={selected ? t('live.tileSelected', { label }) : label}
      data-testid="live-tile"
      data-slot={slot}
      data-camera-code={live?.code ?? ''}
      data-selected={selected ? 'true' : undefined}
      data-state={state ?? undefined}
      onClick={onClick}
      onDoubleClick={onDoubleClick}
      onKeyDown={onKeyDown}
    >
      {live ? (
        <LivePlayer
          cameraId={live.id}
          code={live.code}
          name={live.name}
          stream={fullscreen ? 'main' : 'auto'}
          active={allowed && (inView || fullscreen)}
          onStatus={(s) => setState(s.state)}
          watermark={watermark}
          transport={transport}
          actions={
            <>
              <button
                type="button"
                className="vd-live-button"
                aria-label={fullscreen ? t('live.exitFullscreen') : t('live.fullscreen')}
                title={fullscreen ? t('live.exitFullscreen') : t('live.fullscreen')}
                onClick={toggleFullscreen}
              >
                <Icon
                  name={fullscreen ? 'it-minimize' : 'it-fullscreen'}
                  className="icon-xs icon-white"
                />
              </button>
              {fullscreen ? null : (
                <button
                  type="button"
                  className="vd-live-button"
                  aria-label={t('live.removeFrom', { code: live.code, slot: number })}
                  title={t('live.remove')}
                  onClick={() => onRemove(slot)}
                >
                  <Icon name="it-close" className="icon-xs icon-white" />
                </button>
              )}
            </>
          }
        />
      ) : (
        <div className="vd-live-player">
          <div className="vd-live-bar">
            <span className="vd-live-title">{t('live.tile', { slot: number })}</span>
          </div>
          <div className="vd-live-stage vd-live-empty">
            {camera === 'missing' ? (
              <>
                <strong>{t('live.missingCamera')}</strong>
                <span className="small">{t('live.missingHint')}</span>
                <button
                  type="button"
                  className="btn btn-sm btn-outline-light mt-2"
                  onClick={() => onRemove(slot)}
                >
                  {t('live.remove')}
                </button>
              </>
            ) : (
              <>
                <strong>{t('live.emptyTile')}</strong>
                <span className="small">
                  {selected ? t('live.emptySelected') : t('live.emptyHint')}
                </span>
              </>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
