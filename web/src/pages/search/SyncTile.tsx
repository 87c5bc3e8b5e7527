import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { ApiError, toApiError } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PlayerFailure } from '../../components/player/failure';
import { MseEngine } from '../../components/player/mse-engine';
import type { PlayerSession } from '../../components/player/Player';
import '../../components/player/player.css';
import { formatTimeOfDay } from '../../components/timeline/rome';
import { useT } from '../../i18n';
import { loadSegment } from '../recordings/recordingsApi';

/** Two segments closer than this are one stretch of footage (as the server merges them). */
const CONTIGUOUS_MS = 1000;

export interface SyncTileHandle {
  /** Wall-clock instant of the frame on screen, or null before the first data. */
  wall: () => number | null;
  /** True when the camera recorded `wall`. */
  covers: (wall: number) => boolean;
  /** Ready to play at its position (not seeking, frames ahead buffered). */
  ready: () => boolean;
  video: () => HTMLVideoElement | null;
  seekTo: (wall: number) => void;
  /** A seek that landed just before the first buffered frame moves onto it. */
  unstick: () => void;
  setGap: (gap: boolean) => void;
}

interface SyncTileProps {
  label: string;
  code: string;
  session: PlayerSession;
  startAt: number;
}

/**
 * One camera of the synchronized playback: a video fed by the MSE engine of the recordings
 * player, driven from outside by the shared clock. Over a gap it shows "nessuna
 * registrazione" while the other tiles play on.
 */
export const SyncTile = forwardRef<SyncTileHandle, SyncTileProps>(function SyncTile(
  { label, code, session, startAt },
  ref,
) {
  const t = useT();
  const videoRef = useRef<HTMLVideoElement>(null);
  const engineRef = useRef<MseEngine | null>(null);
  const startedRef = useRef(false);
  const [gap, setGap] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [clock, setClock] = useState<number | null>(null);
  const first = Math.min(session.from, session.segments[0]?.from ?? Infinity);
  const origin = Number.isFinite(first) ? first : session.from;

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return undefined;
    const engine = new MseEngine({
      video,
      origin,
      startAt,
      end: session.to,
      segments: session.segments,
      growing: false,
      load: (segmentId, signal) => loadSegment(session.id, segmentId, signal),
      onError: (reason) =>
        setError(
          reason instanceof PlayerFailure
            ? new ApiError(
                -1,
                `player_${reason.code}`,
                t(`recordings.player.errors.${reason.code}`, { detail: reason.detail }),
              )
            : toApiError(reason),
        ),
      // The shared clock decides what to show over a gap: nothing to do here.
      onGap: () => undefined,
    });
    engineRef.current = engine;
    const onData = () => {
      startedRef.current = true;
    };
    video.addEventListener('loadeddata', onData);
    engine.start();
    return () => {
      video.removeEventListener('loadeddata', onData);
      engine.destroy();
      engineRef.current = null;
    };
    // One engine per session: the parent keys this component by session id.
  }, []);

  useImperativeHandle(
    ref,
    () => ({
      wall: () => {
        const video = videoRef.current;
        const engine = engineRef.current;
        if (!video || !engine || !startedRef.current) return null;
        return engine.wallAt(video.currentTime);
      },
      covers: (wall) => session.segments.some((s) => s.from - CONTIGUOUS_MS <= wall && wall < s.to),
      ready: () => {
        const video = videoRef.current;
        return Boolean(video && startedRef.current && !video.seeking && video.readyState >= 3);
      },
      video: () => videoRef.current,
      seekTo: (wall) => {
        // Inside the sub-second seam before a segment, go to its first frame: a seek into
        // the seam would wait for data that never comes.
        const seg = session.segments.find((x) => wall < x.to);
        engineRef.current?.seekTo(seg && wall < seg.from ? seg.from : wall);
      },
      unstick: () => {
        const video = videoRef.current;
        if (!video?.seeking) return;
        const t = video.currentTime;
        for (let i = 0; i < video.buffered.length; i++) {
          const start = video.buffered.start(i);
          if (start > t && start - t < 1.5) {
            video.currentTime = start + 0.001;
            return;
          }
        }
      },
      setGap,
    }),
    [session.segments],
  );

  return (
    <figure className="vd-sync-tile m-0" data-testid="sync-tile" data-code={code}>
      <div className="vd-player-stage">
        <video
          ref={videoRef}
          className="vd-player-video"
          data-testid="sync-video"
          data-origin={new Date(origin).toISOString()}
          muted
          playsInline
          onTimeUpdate={() => {
            const video = videoRef.current;
            const engine = engineRef.current;
            if (video && engine) setClock(engine.wallAt(video.currentTime));
          }}
        />
        {gap ? (
          <div className="vd-player-overlay" role="status" data-testid="sync-gap">
            {t('searchPage.sync.noFootage')}
          </div>
        ) : null}
      </div>
      <figcaption className="d-flex justify-content-between small mt-1">
        <span className="fw-semibold text-truncate">{label}</span>
        <span className="text-secondary" data-testid="sync-tile-clock">
          {clock !== null && !gap ? formatTimeOfDay(clock, true) : '—'}
        </span>
      </figcaption>
      <ErrorAlert error={error} onClose={() => setError(null)} className="mt-2 mb-0" />
    </figure>
  );
});
