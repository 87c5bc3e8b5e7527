import { Button } from 'design-react-kit';
import { useCallback, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Icon } from '../../components/Icon';
import { Panel } from '../../components/Panel';
import { Player, type PlayerHandle, type PlayerSession } from '../../components/player/Player';
import type { PlayerSegment } from '../../components/player/mse-engine';
import { formatClock, formatTimeOfDay, HOUR, MINUTE } from '../../components/timeline/rome';
import { clampSpan } from '../../components/timeline/scale';
import { Timeline } from '../../components/timeline/Timeline';
import type { TimeRange } from '../../components/timeline/types';
import { useAction } from '../../hooks/useAction';
import { useT } from '../../i18n';
import { usePermissions } from '../../session/context';
import { CameraStateBadge } from './CameraStateBadge';
import { PlaybackDialog, type PlaybackReason } from './PlaybackDialog';
import {
  loadPlayback,
  loadSegment,
  startPlayback,
  toPlayerSession,
  toTimelineData,
  type Camera,
} from './recordingsApi';
import { ThumbnailStrip } from './ThumbnailStrip';
import { useAvailability } from './useAvailability';
import { useNow } from './useNow';

/** A click opens at most this much footage from the chosen instant. */
const CLICK_WINDOW = HOUR;
const LAST_MINUTES = 5 * MINUTE;
/** "Now" sits this far (as a fraction of the view) from the right edge while following it. */
const NOW_MARGIN = 0.03;

interface PlaybackRequest extends TimeRange {
  startAt: number;
}

interface OpenSession {
  session: PlayerSession;
  startAt: number;
  reason: PlaybackReason;
}

/** One camera: its timeline, the audited opening of a playback session, the player. */
export function CameraRecordings({ camera }: { camera: Camera }) {
  const t = useT();
  const { canAny } = usePermissions();
  const now = useNow(1000);
  const [span, setSpan] = useState(24 * HOUR);
  /** Right edge of the view; null while the view follows the present. */
  const [end, setEnd] = useState<number | null>(null);
  const view = useMemo<TimeRange>(() => {
    const to = end ?? now + span * NOW_MARGIN;
    return { from: to - span, to };
  }, [end, now, span]);
  const availability = useAvailability(camera.id, view);
  const data = useMemo(
    () => (availability.data ? toTimelineData(availability.data, now) : null),
    [availability.data, now],
  );

  const [request, setRequest] = useState<PlaybackRequest | null>(null);
  const [open, setOpen] = useState<OpenSession | null>(null);
  const [segments, setSegments] = useState<readonly PlayerSegment[]>([]);
  const [lastReason, setLastReason] = useState<PlaybackReason>({ reason: '', caseRef: '' });
  const [cursor, setCursor] = useState<number | null>(null);
  const action = useAction();
  const playerRef = useRef<PlayerHandle>(null);
  const cameraLabel = `${camera.code} — ${camera.name}`;

  const onViewChange = (next: TimeRange) => {
    const nextSpan = clampSpan(next.to - next.from);
    setSpan(nextSpan);
    setEnd(next.to >= Date.now() ? null : next.to);
  };

  const onPick = (instant: number) => {
    const session = open?.session;
    if (session && instant >= session.from && instant <= session.to) {
      // Already inside the audited window: just move there.
      playerRef.current?.seekTo(instant);
      return;
    }
    const current = Date.now();
    const from = Math.min(instant, current - 1000);
    const to = Math.min(from + CLICK_WINDOW, Math.max(current, from + MINUTE));
    action.clearError();
    setRequest({ from, to, startAt: from });
  };

  const askLastMinutes = () => {
    const current = Date.now();
    action.clearError();
    setRequest({ from: current - LAST_MINUTES, to: current, startAt: current - LAST_MINUTES });
  };

  const submit = (value: PlaybackReason) => {
    const target = request;
    if (!target) return;
    void action.run(async () => {
      const created = await startPlayback({
        cameraId: camera.id,
        from: new Date(target.from).toISOString(),
        to: new Date(target.to).toISOString(),
        reason: value.reason,
        caseRef: value.caseRef || null,
      });
      const session = toPlayerSession(created);
      setLastReason(value);
      setSegments(session.segments);
      setCursor(target.startAt);
      setOpen({ session, startAt: target.startAt, reason: value });
      setRequest(null);
    });
  };

  const sessionId = open?.session.id;
  const fetchSegment = useCallback(
    (segmentId: string, signal: AbortSignal) => loadSegment(sessionId ?? '', segmentId, signal),
    [sessionId],
  );
  const refresh = useCallback(
    async (signal: AbortSignal) => {
      const session = toPlayerSession(await loadPlayback(sessionId ?? '', signal));
      setSegments(session.segments);
      return session;
    },
    [sessionId],
  );

  const holdWindow = open
    ? { from: open.session.from, to: open.session.to }
    : { from: Math.max(view.from, now - HOUR), to: Math.min(view.to, now) };
  const holdLink = `/registrazioni/blocchi?${new URLSearchParams({
    nuovo: '1',
    camera: camera.id,
    from: new Date(holdWindow.from).toISOString(),
    to: new Date(holdWindow.to).toISOString(),
  }).toString()}`;

  return (
    <>
      <Panel as="section" className="mb-4" aria-labelledby="recordings-camera-title">
        <div className="d-flex flex-wrap align-items-start justify-content-between gap-2 mb-3">
          <div>
            <h2 className="h4 mb-1" id="recordings-camera-title">
              {cameraLabel}
            </h2>
            {camera.address ? <p className="small text-secondary mb-0">{camera.address}</p> : null}
          </div>
          <CameraStateBadge status={camera.status} />
        </div>
        <Timeline
          label={t('recordings.timeline.label', { camera: camera.code })}
          data={data}
          view={view}
          now={now}
          onViewChange={onViewChange}
          onPick={onPick}
          cursor={open ? cursor : null}
          session={open ? { from: open.session.from, to: open.session.to } : null}
        />
        <ErrorAlert error={availability.error} className="mt-3" />
        <div className="d-flex flex-wrap align-items-center gap-2 mt-3">
          <Button color="primary" icon onClick={askLastMinutes}>
            <Icon name="it-video" className="icon-white icon-sm" />
            <span>{t('recordings.lastMinutes')}</span>
          </Button>
          {canAny(['hold.manage']) ? (
            <Link className="btn btn-outline-primary" to={holdLink}>
              {open ? t('recordings.holdSession') : t('recordings.holdLastHour')}
            </Link>
          ) : null}
          <span className="small text-secondary ms-lg-2">{t('recordings.pickHint')}</span>
          {availability.loadedAt ? (
            <span className="small text-secondary ms-auto" aria-live="off">
              {t('recordings.updatedAt', { time: formatTimeOfDay(availability.loadedAt, true) })}
            </span>
          ) : null}
        </div>
      </Panel>

      {open ? (
        <Panel as="section" className="mb-4" aria-labelledby="recordings-player-title">
          <div className="d-flex flex-wrap align-items-start justify-content-between gap-2 mb-3">
            <div>
              <h2 className="h5 mb-1" id="recordings-player-title">
                {t('recordings.playing', { camera: camera.code })}
              </h2>
              <p className="small text-secondary mb-0">
                {t('recordings.timeline.fromTo', {
                  from: formatClock(open.session.from),
                  to: formatClock(open.session.to),
                })}
                {' · '}
                {t('recordings.reasonShown', { reason: open.reason.reason })}
                {open.reason.caseRef
                  ? ` · ${t('recordings.caseRefShown', { caseRef: open.reason.caseRef })}`
                  : ''}
              </p>
            </div>
            <Button
              color="secondary"
              outline
              size="sm"
              onClick={() => {
                setOpen(null);
                setCursor(null);
              }}
            >
              {t('recordings.closePlayer')}
            </Button>
          </div>
          <Player
            key={open.session.id}
            ref={playerRef}
            session={open.session}
            startAt={open.startAt}
            loadSegment={fetchSegment}
            refresh={refresh}
            onPosition={setCursor}
          />
          <ThumbnailStrip
            sessionId={open.session.id}
            from={open.session.from}
            to={open.session.to}
            segments={segments}
            onPick={(at) => playerRef.current?.seekTo(at)}
          />
        </Panel>
      ) : null}

      <PlaybackDialog
        key={request ? `${request.from}-${request.to}` : 'closed'}
        range={request}
        cameraLabel={cameraLabel}
        initial={lastReason}
        pending={action.pending}
        error={action.error}
        onSubmit={submit}
        onClose={() => setRequest(null)}
      />
    </>
  );
}
