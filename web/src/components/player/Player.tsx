import { Button } from 'design-react-kit';
import {
  forwardRef,
  useCallback,
  useEffect,
  useImperativeHandle,
  useRef,
  useState,
  type ChangeEvent,
} from 'react';
import { ApiError, toApiError } from '../../api/errors';
import { useT } from '../../i18n';
import { ErrorAlert } from '../ErrorAlert';
import { Icon } from '../Icon';
import { formatClock, formatTimeOfDay } from '../timeline/rome';
import { PlayerFailure } from './failure';
import { MseEngine, type PlayerSegment } from './mse-engine';
import './player.css';

export interface PlayerSession {
  id: string;
  /** Wall-clock window of the session, epoch milliseconds. */
  from: number;
  to: number;
  segments: PlayerSegment[];
}

export interface PlayerHandle {
  /** Moves playback to a wall-clock instant of the session. */
  seekTo: (wall: number) => void;
}

interface PlayerProps {
  session: PlayerSession;
  /** Wall-clock instant to start from (defaults to the start of the window). */
  startAt?: number;
  loadSegment: (segmentId: string, signal: AbortSignal) => Promise<ArrayBuffer>;
  /** Reloads the session (new segments of a window still being recorded). */
  refresh: (signal: AbortSignal) => Promise<PlayerSession>;
  /** Current wall-clock position, a few times a second. */
  onPosition?: (wall: number) => void;
}

/** A window still being recorded is polled this often for new segments. */
const POLL_MS = 10_000;
/** ...and no longer than this after its end (the last segment is closed by then). */
const POLL_GRACE_MS = 2 * 60_000;
const GAP_NOTICE_MS = 3_000;
const SPEEDS = [0.5, 1, 2, 4, 8] as const;

function isGrowing(session: PlayerSession, now: number): boolean {
  const last = session.segments[session.segments.length - 1];
  const recordedUntil = last ? last.to : session.from;
  return recordedUntil < session.to - 1000 && now < session.to + POLL_GRACE_MS;
}

/**
 * Player of recorded footage (Media Source Extensions, no transcoding): controls, a seek bar
 * over the session window with wall-clock labels, and the Italian wall-clock time of the
 * frame on screen.
 */
export const Player = forwardRef<PlayerHandle, PlayerProps>(function Player(
  { session, startAt, loadSegment, refresh, onPosition },
  ref,
) {
  const t = useT();
  const videoRef = useRef<HTMLVideoElement>(null);
  const engineRef = useRef<MseEngine | null>(null);
  // Media time 0: the earlier of the window start and the first segment (which may begin
  // before the window), so that no frame falls before 0 and is dropped.
  const [origin] = useState(() => Math.min(session.from, session.segments[0]?.from ?? Infinity));
  const [segments, setSegments] = useState(session.segments);
  const [growing, setGrowing] = useState(() => isGrowing(session, Date.now()));
  const [wall, setWall] = useState(startAt ?? session.from);
  const [scrub, setScrub] = useState<number | null>(null);
  const [playing, setPlaying] = useState(false);
  const [waiting, setWaiting] = useState(true);
  const [speed, setSpeed] = useState(1);
  const [error, setError] = useState<ApiError | null>(null);
  const [gapAt, setGapAt] = useState<number | null>(null);
  const [atEdge, setAtEdge] = useState(false);
  const seekTimer = useRef(0);
  const reported = useRef(0);
  const positionListener = useRef(onPosition);
  positionListener.current = onPosition;

  const showError = useCallback(
    (reason: unknown) => {
      if (reason instanceof PlayerFailure) {
        setError(
          new ApiError(
            -1,
            `player_${reason.code}`,
            t(`recordings.player.errors.${reason.code}`, {
              detail: reason.detail,
            }),
          ),
        );
      } else {
        setError(toApiError(reason));
      }
    },
    [t],
  );

  // One engine per session: the parent keys this component by session id.
  useEffect(() => {
    const video = videoRef.current;
    if (!video) return undefined;
    const engine = new MseEngine({
      video,
      origin: Number.isFinite(origin) ? origin : session.from,
      startAt: startAt ?? session.from,
      end: session.to,
      segments: session.segments,
      growing: isGrowing(session, Date.now()),
      load: loadSegment,
      onError: showError,
      onGap: (_from, to) => setGapAt(to),
      onEdge: setAtEdge,
    });
    engineRef.current = engine;
    engine.start();
    return () => {
      engine.destroy();
      engineRef.current = null;
    };
    // The session and its callbacks are fixed for the life of this component.
  }, []);

  useEffect(() => {
    engineRef.current?.setSegments(segments, growing);
  }, [segments, growing]);

  // A window that reaches into the present keeps filling: poll for the new segments.
  useEffect(() => {
    if (!growing) return undefined;
    const controller = new AbortController();
    const timer = window.setInterval(() => {
      refresh(controller.signal).then(
        (fresh) => {
          setSegments(fresh.segments);
          setGrowing(isGrowing(fresh, Date.now()));
        },
        (reason: unknown) => {
          if (!controller.signal.aborted) showError(reason);
        },
      );
    }, POLL_MS);
    return () => {
      controller.abort();
      window.clearInterval(timer);
    };
  }, [growing, refresh, showError]);

  useEffect(() => {
    if (gapAt === null) return undefined;
    const timer = window.setTimeout(() => setGapAt(null), GAP_NOTICE_MS);
    return () => window.clearTimeout(timer);
  }, [gapAt]);

  useEffect(() => () => window.clearTimeout(seekTimer.current), []);

  useImperativeHandle(ref, () => ({ seekTo: (instant) => engineRef.current?.seekTo(instant) }), []);

  const onTimeUpdate = () => {
    const video = videoRef.current;
    const engine = engineRef.current;
    if (!video || !engine) return;
    const instant = engine.wallAt(video.currentTime);
    setWall(instant);
    const now = Date.now();
    if (now - reported.current > 400) {
      reported.current = now;
      positionListener.current?.(instant);
    }
  };

  const togglePlay = () => {
    const video = videoRef.current;
    if (!video) return;
    if (video.paused || video.ended) video.play().catch((reason: unknown) => showError(reason));
    else video.pause();
  };

  const skip = (seconds: number) => {
    const video = videoRef.current;
    if (video) video.currentTime = Math.max(0, video.currentTime + seconds);
  };

  const onScrub = (event: ChangeEvent<HTMLInputElement>) => {
    const instant = session.from + Number(event.target.value) * 1000;
    setScrub(instant);
    window.clearTimeout(seekTimer.current);
    seekTimer.current = window.setTimeout(() => {
      engineRef.current?.seekTo(instant);
      setScrub(null);
    }, 150);
  };

  const windowSeconds = Math.max(1, Math.round((session.to - session.from) / 1000));
  const shown = scrub ?? wall;
  const position = Math.min(windowSeconds, Math.max(0, Math.round((shown - session.from) / 1000)));
  const recordedBackground = coverageGradient(segments, session);

  return (
    <div className="vd-player" data-testid="player" data-session-id={session.id}>
      <div className="vd-player-stage">
        <video
          ref={videoRef}
          className="vd-player-video"
          data-testid="player-video"
          data-origin={new Date(Number.isFinite(origin) ? origin : session.from).toISOString()}
          muted
          playsInline
          onClick={togglePlay}
          onTimeUpdate={onTimeUpdate}
          onPlay={() => setPlaying(true)}
          onPause={() => setPlaying(false)}
          onEnded={() => setPlaying(false)}
          onWaiting={() => setWaiting(true)}
          onPlaying={() => setWaiting(false)}
          onCanPlay={() => setWaiting(false)}
          onRateChange={(event) => setSpeed(event.currentTarget.playbackRate)}
        />
        {segments.length === 0 || atEdge ? (
          <div
            className={`vd-player-overlay${atEdge ? ' vd-player-overlay-soft' : ''}`}
            role="status"
          >
            {growing ? t('recordings.player.waitingFootage') : t('recordings.player.noFootage')}
          </div>
        ) : waiting && playing && !error ? (
          <div className="vd-player-overlay vd-player-overlay-soft" role="status">
            {t('recordings.player.buffering')}
          </div>
        ) : null}
        {gapAt !== null ? (
          <div className="vd-player-gap" role="status" data-testid="player-gap">
            <strong>{t('recordings.player.gap')}</strong>
            <span className="d-block small">
              {t('recordings.player.gapResume', { time: formatTimeOfDay(gapAt, true) })}
            </span>
          </div>
        ) : null}
      </div>

      <ErrorAlert error={error} onClose={() => setError(null)} className="mt-3 mb-0" />

      <div className="vd-player-controls">
        <div className="vd-player-seek">
          <input
            type="range"
            className="vd-player-range"
            min={0}
            max={windowSeconds}
            step={1}
            value={position}
            onChange={onScrub}
            aria-label={t('recordings.player.seek')}
            aria-valuetext={formatClock(shown)}
            style={{ background: recordedBackground }}
            data-testid="player-seek"
          />
          <div className="d-flex justify-content-between small text-secondary">
            <span>{formatClock(session.from)}</span>
            <span>{formatClock(session.to)}</span>
          </div>
        </div>
        <div className="d-flex flex-wrap align-items-center gap-2">
          <Button
            color="primary"
            size="sm"
            onClick={togglePlay}
            aria-label={playing ? t('recordings.player.pause') : t('recordings.player.play')}
            data-testid="player-toggle"
          >
            <span aria-hidden="true" className="vd-player-glyph">
              {playing ? '❚❚' : '▶'}
            </span>
            <span className="ms-2">
              {playing ? t('recordings.player.pause') : t('recordings.player.play')}
            </span>
          </Button>
          <Button color="primary" outline size="sm" onClick={() => skip(-10)}>
            {t('recordings.player.back10')}
          </Button>
          <Button color="primary" outline size="sm" onClick={() => skip(10)}>
            {t('recordings.player.forward10')}
          </Button>
          <div className="vd-player-speed d-flex align-items-center gap-2">
            <label htmlFor={`speed-${session.id}`} className="small mb-0">
              {t('recordings.player.speed')}
            </label>
            <select
              id={`speed-${session.id}`}
              className="form-select form-select-sm"
              value={speed}
              onChange={(event) => {
                const video = videoRef.current;
                if (video) video.playbackRate = Number(event.target.value);
              }}
            >
              {SPEEDS.map((s) => (
                <option key={s} value={s}>
                  {`${String(s).replace('.', ',')}×`}
                </option>
              ))}
            </select>
          </div>
          <Button
            color="primary"
            outline
            size="sm"
            icon
            aria-label={t('recordings.player.fullscreen')}
            title={t('recordings.player.fullscreen')}
            onClick={() => void videoRef.current?.requestFullscreen().catch(() => undefined)}
          >
            <Icon name="it-fullscreen" className="icon-sm icon-primary" />
          </Button>
          <div className="ms-auto text-end">
            <span className="visually-hidden">{t('recordings.player.clock')}</span>
            <output className="vd-player-clock" data-testid="player-clock" aria-live="off">
              {formatClock(shown)}
            </output>
          </div>
        </div>
      </div>
    </div>
  );
});

/** Seek bar background: recorded parts of the window in green, the rest grey. */
function coverageGradient(segments: readonly PlayerSegment[], session: PlayerSession): string {
  const span = session.to - session.from;
  if (span <= 0) return '';
  const ranges: Array<{ from: number; to: number }> = [];
  for (const s of segments) {
    const last = ranges[ranges.length - 1];
    if (last && s.from - last.to <= 1000) last.to = Math.max(last.to, s.to);
    else ranges.push({ from: s.from, to: s.to });
  }
  const pct = (instant: number) =>
    `${Math.min(100, Math.max(0, ((instant - session.from) / span) * 100)).toFixed(2)}%`;
  const stops = ranges.flatMap((r) => [
    `${EMPTY} ${pct(r.from)}`,
    `${RECORDED} ${pct(r.from)}`,
    `${RECORDED} ${pct(r.to)}`,
    `${EMPTY} ${pct(r.to)}`,
  ]);
  return `linear-gradient(to right, ${[`${EMPTY} 0%`, ...stops, `${EMPTY} 100%`].join(', ')})`;
}

const EMPTY = '#dfe3e6';
const RECORDED = '#7fc4a8';
