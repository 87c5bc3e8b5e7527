import { Button } from 'design-react-kit';
import {
  createRef,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type RefObject,
} from 'react';
import type { PlayerSession } from '../../components/player/Player';
import { formatClock, formatTimeOfDay } from '../../components/timeline/rome';
import { useT } from '../../i18n';
import { AvailabilityBar } from './AvailabilityBar';
import type { SearchHit } from './searchApi';
import { SyncTile, type SyncTileHandle } from './SyncTile';

export interface SyncSource {
  hit: SearchHit;
  session: PlayerSession;
}

export interface Marks {
  in: number | null;
  out: number | null;
}

interface SyncPlaybackProps {
  sources: readonly SyncSource[];
  /** The shared window (the playback sessions' window). */
  from: number;
  to: number;
  startAt: number;
  marks: Marks | null;
  onMark: ((which: keyof Marks, wall: number) => void) | null;
  /** Current position of the shared clock, a few times a second. */
  onPosition?: (wall: number) => void;
}

const TICK_MS = 200;
/** A tile further than this from the shared clock is moved to it. */
const SEEK_DRIFT_MS = 500;
/** Within this, the tile's rate is nudged instead (no visible jump). */
const NUDGE_DRIFT_MS = 80;
/** The clock waits this long at most for a tile that is loading, then goes on without it. */
const MAX_WAIT_MS = 4000;
const SPEEDS = [0.5, 1, 2, 4] as const;

/**
 * Synchronized playback of 2–4 cameras under one clock: the shared clock is the master;
 * every tick each tile is moved to the clock's wall time when it drifts, and a tile with no
 * footage at that instant shows so while the others play on. The clock waits (a few
 * seconds at most) for tiles that are still loading, so they start together.
 */
export function SyncPlayback({
  sources,
  from,
  to,
  startAt,
  marks,
  onMark,
  onPosition,
}: SyncPlaybackProps) {
  const t = useT();
  const tiles = useMemo(
    (): Array<RefObject<SyncTileHandle | null>> => sources.map(() => createRef<SyncTileHandle>()),
    [sources],
  );
  const clock = useRef({ anchorWall: startAt, anchorPerf: performance.now(), waitingSince: 0 });
  const [playing, setPlaying] = useState(true);
  const [rate, setRate] = useState(1);
  const [cursor, setCursor] = useState(startAt);
  const state = useRef({ playing, rate });
  state.current = { playing, rate };
  const positionListener = useRef(onPosition);
  positionListener.current = onPosition;

  const position = useCallback(() => {
    const c = clock.current;
    const { playing: p, rate: r } = state.current;
    const wall = p ? c.anchorWall + (performance.now() - c.anchorPerf) * r : c.anchorWall;
    return Math.min(to, Math.max(from, wall));
  }, [from, to]);

  const reanchor = useCallback((wall: number) => {
    clock.current.anchorWall = wall;
    clock.current.anchorPerf = performance.now();
  }, []);

  const seek = useCallback(
    (wall: number) => {
      const target = Math.min(to, Math.max(from, wall));
      reanchor(target);
      setCursor(target);
      for (const tile of tiles) {
        const h = tile.current;
        if (h?.covers(target)) h.seekTo(target);
      }
    },
    [from, to, reanchor, tiles],
  );

  useEffect(() => {
    const tick = () => {
      let wall = position();
      const { playing: isPlaying, rate: r } = state.current;
      const handles = tiles.map((x) => x.current).filter((h): h is SyncTileHandle => h !== null);
      const active = handles.filter((h) => h.covers(wall));
      // Hold the clock while a tile showing footage is still loading it (bounded).
      const loading = active.some((h) => !h.ready());
      const c = clock.current;
      if (isPlaying && loading) {
        if (c.waitingSince === 0) c.waitingSince = performance.now();
        if (performance.now() - c.waitingSince < MAX_WAIT_MS) {
          reanchor(wall);
        }
      } else c.waitingSince = 0;
      if (isPlaying && wall >= to) {
        setPlaying(false);
        reanchor(to);
        wall = to;
      }
      for (const h of handles) {
        const video = h.video();
        if (!video) continue;
        h.unstick();
        const covered = h.covers(wall);
        h.setGap(!covered);
        if (!covered) {
          if (!video.paused) video.pause();
          continue;
        }
        const tileWall = h.wall();
        if (tileWall === null) continue; // first data still coming
        const drift = tileWall - wall;
        if (Math.abs(drift) > SEEK_DRIFT_MS || (!isPlaying && Math.abs(drift) > 40)) {
          if (!video.seeking) h.seekTo(wall);
        }
        const wantRate = drift > NUDGE_DRIFT_MS ? r * 0.9 : drift < -NUDGE_DRIFT_MS ? r * 1.1 : r;
        if (Math.abs(video.playbackRate - wantRate) > 0.001) video.playbackRate = wantRate;
        if (isPlaying && video.paused && !video.seeking) video.play().catch(() => undefined);
        if (!isPlaying && !video.paused) video.pause();
      }
      setCursor(wall);
      positionListener.current?.(wall);
    };
    const timer = window.setInterval(tick, TICK_MS);
    return () => window.clearInterval(timer);
  }, [position, reanchor, tiles, to]);

  const toggle = () => {
    const wall = position();
    reanchor(wall >= to ? from : wall);
    setPlaying((p) => !p);
  };
  const changeRate = (next: number) => {
    reanchor(position());
    setRate(next);
  };

  const pct = (wall: number) => `${(((wall - from) / (to - from)) * 100).toFixed(3)}%`;
  const onTimelineClick = (event: React.MouseEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    seek(from + ((event.clientX - box.left) / box.width) * (to - from));
  };
  const onTimelineKey = (event: React.KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? 60_000 : 10_000;
    if (event.key === 'ArrowLeft') seek(position() - step);
    else if (event.key === 'ArrowRight') seek(position() + step);
    else return;
    event.preventDefault();
  };
  const markRange =
    marks && marks.in !== null && marks.out !== null && marks.out > marks.in
      ? { from: marks.in, to: marks.out }
      : null;

  return (
    <div className="vd-sync" data-testid="sync-playback" data-cursor={cursor}>
      <div className={`vd-sync-grid vd-sync-grid-${Math.min(sources.length, 4)}`}>
        {sources.map((s, i) => (
          <SyncTile
            key={s.session.id}
            ref={tiles[i]}
            code={s.hit.camera.code}
            label={`${s.hit.camera.code} — ${s.hit.camera.name}`}
            session={s.session}
            startAt={startAt}
          />
        ))}
      </div>

      <div className="vd-sync-controls mt-3">
        <div className="d-flex flex-wrap align-items-center gap-2 mb-2">
          <Button
            color="primary"
            size="sm"
            onClick={toggle}
            data-testid="sync-toggle"
            aria-label={playing ? t('recordings.player.pause') : t('recordings.player.play')}
          >
            <span aria-hidden="true" className="vd-player-glyph">
              {playing ? '❚❚' : '▶'}
            </span>
            <span className="ms-2">
              {playing ? t('recordings.player.pause') : t('recordings.player.play')}
            </span>
          </Button>
          <Button color="primary" outline size="sm" onClick={() => seek(position() - 10_000)}>
            {t('recordings.player.back10')}
          </Button>
          <Button color="primary" outline size="sm" onClick={() => seek(position() + 10_000)}>
            {t('recordings.player.forward10')}
          </Button>
          <label htmlFor="sync-speed" className="small mb-0 ms-2">
            {t('recordings.player.speed')}
          </label>
          <select
            id="sync-speed"
            className="form-select form-select-sm w-auto"
            value={rate}
            onChange={(e) => changeRate(Number(e.target.value))}
          >
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {`${String(s).replace('.', ',')}×`}
              </option>
            ))}
          </select>
          {onMark ? (
            <>
              <Button
                color="secondary"
                outline
                size="sm"
                className="ms-lg-3"
                onClick={() => onMark('in', position())}
                data-testid="mark-in"
              >
                {t('searchPage.sync.markIn')}
              </Button>
              <Button
                color="secondary"
                outline
                size="sm"
                onClick={() => onMark('out', position())}
                data-testid="mark-out"
              >
                {t('searchPage.sync.markOut')}
              </Button>
            </>
          ) : null}
          <output className="vd-player-clock ms-auto" data-testid="sync-clock" aria-live="off">
            {formatClock(cursor)}
          </output>
        </div>

        <div className="vd-sync-timeline">
          <div className="vd-sync-labels" aria-hidden="true">
            {sources.map((s) => (
              <span key={s.session.id}>{s.hit.camera.code}</span>
            ))}
          </div>
          <div
            className="vd-sync-track"
            role="slider"
            tabIndex={0}
            aria-label={t('searchPage.sync.timeline')}
            aria-valuemin={from}
            aria-valuemax={to}
            aria-valuenow={Math.round(cursor)}
            aria-valuetext={formatClock(cursor)}
            onClick={onTimelineClick}
            onKeyDown={onTimelineKey}
            data-testid="sync-timeline"
          >
            {sources.map((s) => (
              <AvailabilityBar
                key={s.session.id}
                from={from}
                to={to}
                bands={s.hit.bands.filter(
                  (b) => Date.parse(b.to) > from && Date.parse(b.from) < to,
                )}
                holds={[]}
                label={t('searchPage.availabilityOf', { camera: s.hit.camera.code })}
                thin
              />
            ))}
            {markRange ? (
              <span
                className="vd-sync-markrange"
                style={{
                  left: pct(markRange.from),
                  width: `calc(${pct(markRange.to)} - ${pct(markRange.from)})`,
                }}
                data-testid="mark-range"
              />
            ) : null}
            {marks?.in != null ? (
              <span className="vd-sync-mark vd-sync-mark-in" style={{ left: pct(marks.in) }} />
            ) : null}
            {marks?.out != null ? (
              <span className="vd-sync-mark vd-sync-mark-out" style={{ left: pct(marks.out) }} />
            ) : null}
            <span className="vd-sync-cursor" style={{ left: pct(cursor) }} aria-hidden="true" />
          </div>
        </div>
        <div className="d-flex justify-content-between small text-secondary vd-sync-scale">
          <span>{formatClock(from)}</span>
          <span>{formatTimeOfDay(from + (to - from) / 2)}</span>
          <span>{formatClock(to)}</span>
        </div>
      </div>
    </div>
  );
}
