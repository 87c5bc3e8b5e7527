import { Badge } from 'design-react-kit';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useT, type MessageKey, type Translate } from '../../i18n';
import { LiveClock } from './LiveClock';
import { LiveConnection, type ConnectionState } from './live-connection';
import { LiveMediaError, LiveMse } from './live-mse';
import { LiveWebRtc, webRtcH264Supported } from './live-webrtc';
import type { StreamChoice, StreamKind, Transport } from './protocol';
import './live.css';

/** What the tile shows about its stream. */
export type LiveStatus =
  | { state: 'connecting' }
  | { state: 'live' }
  | { state: 'paused' }
  /** The camera stopped sending; the server says so and the stream waits for it. */
  | { state: 'offline'; message: string | null }
  /** Lost or broken; retrying by itself in `retryInMs`. */
  | { state: 'reconnecting'; retryInMs: number; message: string }
  /** Refused or unplayable for good: no more attempts until the operator asks. */
  | { state: 'error'; message: string };

export type LiveBadgeState = LiveStatus['state'];

const BADGE: Record<LiveBadgeState, { color: string; label: MessageKey }> = {
  connecting: { color: 'secondary', label: 'live.status.connecting' },
  live: { color: 'success', label: 'live.status.live' },
  paused: { color: 'secondary', label: 'live.status.paused' },
  offline: { color: 'warning', label: 'live.status.offline' },
  reconnecting: { color: 'warning', label: 'live.status.reconnecting' },
  error: { color: 'danger', label: 'live.status.error' },
};

interface LivePlayerProps {
  cameraId: string;
  /** Shown until the server names the camera. */
  code: string;
  name: string;
  /** `auto` (sub-stream where there is one) for tiles, `main` for full screen. */
  stream: StreamChoice;
  /** False while the tile is out of sight: the stream is paused. */
  active: boolean;
  /** Buttons drawn in the tile's top bar. */
  actions?: ReactNode;
  onStatus?: (status: LiveStatus) => void;
  /** Text drawn across the picture (the operator's name), when the installation wants it. */
  watermark?: string | null;
  /**
   * `auto` (default): WebRTC first where the browser has it, fMP4 over the WebSocket (MSE) when
   * it fails or shows nothing within 3 s; `mse`: MSE only.
   */
  transport?: 'auto' | 'mse';
}

/** A tile that fell back to MSE tries WebRTC again on its next connection after this long. */
const WEBRTC_RETRY_AFTER_MS = 10 * 60_000;

function mediaMessage(t: Translate, error: LiveMediaError): string {
  return t(`live.mediaErrors.${error.code}`, { detail: error.detail });
}

function lossMessage(t: Translate, state: Extract<ConnectionState, { kind: 'waiting' }>): string {
  const base = t(`live.loss.${state.cause}`);
  return state.detail ? `${base} (${state.detail})` : base;
}

/**
 * Live view of one camera: WebRTC (LiveWebRtc, signalled on the live WebSocket) or fMP4 over
 * the WebSocket (LiveConnection) into Media Source Extensions (LiveMse), muted autoplay, with
 * the camera's code and name, a status badge, the transport in use, the Italian wall-clock
 * time of the frame on screen and, over the picture, why there is no picture when there is
 * none.
 */
export function LivePlayer({
  cameraId,
  code,
  name,
  stream,
  active,
  actions,
  onStatus,
  watermark,
  transport: transportChoice = 'auto',
}: LivePlayerProps) {
  const t = useT();
  const videoRef = useRef<HTMLVideoElement>(null);
  const connectionRef = useRef<LiveConnection | null>(null);
  const mseRef = useRef<LiveMse | null>(null);
  const webrtcRef = useRef<LiveWebRtc | null>(null);
  const [transport, setTransport] = useState<Transport | null>(null);
  const [fellBack, setFellBack] = useState<string | null>(null);
  const transportChoiceRef = useRef(transportChoice);
  transportChoiceRef.current = transportChoice;
  const [status, setStatus] = useState<LiveStatus>({ state: 'connecting' });
  const [camera, setCamera] = useState<{ code: string; name: string } | null>(null);
  const [serving, setServing] = useState<StreamKind | null>(null);
  const [retryAt, setRetryAt] = useState<number | null>(null);
  /** Bumped by the operator's "Riprova": a new connection and a new player. */
  const [restarts, setRestarts] = useState(0);
  const tRef = useRef(t);
  tRef.current = t;
  const activeRef = useRef(active);
  activeRef.current = active;
  const streamRef = useRef(stream);
  streamRef.current = stream;

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return undefined;
    const tr: Translate = (key, params) => tRef.current(key, params);
    let online = false;
    let webrtc: LiveWebRtc | null = null;
    const stopWebRtc = () => {
      webrtc?.destroy();
      webrtc = null;
      webrtcRef.current = null;
    };
    /** WebRTC did not work: fMP4 on this socket (the server switches when told) and after. */
    /** After a fallback, WebRTC is tried again on a reconnection past this instant. */
    let webrtcAgainAt = 0;
    const fallBack = (detail: string, tellServer: boolean) => {
      console.warn(`live ${cameraId}: WebRTC → MSE: ${detail}`);
      webrtcAgainAt = Date.now() + WEBRTC_RETRY_AFTER_MS;
      stopWebRtc();
      setTransport('mse');
      setFellBack(detail);
      if (tellServer) connection.useMse();
      else connection.setTransport('mse');
    };
    const startWebRtc = () => {
      const w = new LiveWebRtc(video, {
        onFailed: (detail) => {
          if (webrtc === w) fallBack(detail, true);
        },
        onPlaying: () => {
          online = true;
          setStatus({ state: 'live' });
        },
        isActive: () => activeRef.current,
      });
      webrtc = w;
      webrtcRef.current = w;
      w.offer().then(
        (sdp) => {
          if (webrtc === w) connection.sendOffer(sdp);
        },
        (error: unknown) => {
          if (webrtc === w) fallBack(error instanceof Error ? error.message : String(error), true);
        },
      );
    };
    const mse = new LiveMse(video, {
      onError: (error) => {
        console.error(`live ${cameraId}: ${error.message}`);
        const message = mediaMessage(tr, error);
        if (error.code === 'codec' || error.code === 'unsupported') {
          // Another attempt would fail the same way: stop until the operator asks again.
          connection.stop();
          setStatus({ state: 'error', message });
          return;
        }
        setStatus({ state: 'reconnecting', retryInMs: 0, message });
        connection.restart(error.detail);
      },
      onPlaying: () => setStatus({ state: 'live' }),
    });
    const connection = new LiveConnection({
      cameraId,
      stream: streamRef.current,
      active: activeRef.current,
      transport: transportChoiceRef.current !== 'mse' && webRtcH264Supported() ? 'webrtc' : 'mse',
      handlers: {
        onCamera: (m) => {
          setCamera({ code: m.code, name: m.name });
          setServing(m.stream);
          stopWebRtc();
          setTransport(m.transport);
          if (m.transport === 'webrtc') startWebRtc();
        },
        onInit: (init, data) => {
          online = true;
          stopWebRtc();
          mse.reset(init.codec, data);
        },
        onFragment: (fragment, data) => mse.append(fragment, data),
        onWebRtcAnswer: (sdp) => {
          const w = webrtc;
          w?.answer(sdp).catch((error: unknown) => {
            if (webrtc === w)
              fallBack(error instanceof Error ? error.message : String(error), true);
          });
        },
        onWebRtcFailed: (message) => fallBack(message, false),
        onClock: (clock) => webrtc?.setClock(clock),
        onStatus: (state, message) => {
          online = state === 'online';
          if (state === 'offline') setStatus({ state: 'offline', message });
          // Over WebRTC the same <video> goes on: it is live again at the next frame shown.
          else if (webrtc) webrtc.expectFrame();
        },
        onState: (state) => {
          if (state.kind !== 'open') stopWebRtc();
          // A new connection (reconnecting, another stream) tries WebRTC again after a while.
          if (state.kind === 'connecting' && webrtcAgainAt !== 0 && Date.now() > webrtcAgainAt) {
            webrtcAgainAt = 0;
            connection.setTransport('webrtc');
          }
          setRetryAt(state.kind === 'waiting' ? Date.now() + state.retryInMs : null);
          if (state.kind === 'connecting') setStatus({ state: 'connecting' });
          else if (state.kind === 'waiting')
            setStatus((current) =>
              current.state === 'reconnecting' && state.cause === 'media'
                ? { ...current, retryInMs: state.retryInMs }
                : {
                    state: 'reconnecting',
                    retryInMs: state.retryInMs,
                    message: lossMessage(tr, state),
                  },
            );
          else if (state.kind === 'failed')
            setStatus({ state: 'error', message: state.message || tr('live.loss.closed') });
          else if (!online) setStatus({ state: 'connecting' });
        },
      },
    });
    mseRef.current = mse;
    connectionRef.current = connection;
    connection.start();
    return () => {
      connection.stop();
      stopWebRtc();
      mse.destroy();
      connectionRef.current = null;
      mseRef.current = null;
    };
  }, [cameraId, restarts]);

  const wallNow = () => {
    const v = videoRef.current;
    if (webrtcRef.current) return webrtcRef.current.wallNow();
    return v && v.readyState >= 2 ? (mseRef.current?.wallAt(v.currentTime) ?? null) : null;
  };

  useEffect(() => connectionRef.current?.setActive(active), [active]);
  useEffect(() => connectionRef.current?.setStream(stream), [stream]);

  const shown: LiveStatus = !active && status.state === 'live' ? { state: 'paused' } : status;
  const onStatusRef = useRef(onStatus);
  onStatusRef.current = onStatus;
  useEffect(() => onStatusRef.current?.(shown), [shown.state]);

  const badge = BADGE[shown.state];
  const label = camera ?? { code, name };
  const detail =
    shown.state === 'offline'
      ? (shown.message ?? t('live.offlineHint'))
      : shown.state === 'reconnecting' || shown.state === 'error'
        ? shown.message
        : null;

  return (
    <div className="vd-live-player" data-state={shown.state} data-stream={serving ?? undefined}>
      <div className="vd-live-bar">
        <span className="vd-live-title" title={`${label.code} · ${label.name}`}>
          <strong>{label.code}</strong> <span className="vd-live-name">{label.name}</span>
        </span>
        <Badge
          color={badge.color}
          className="vd-live-badge"
          testId="live-status"
          data-state={shown.state}
          title={detail ?? undefined}
        >
          {t(badge.label)}
        </Badge>
        {transport ? (
          <span
            className={`vd-live-transport vd-live-transport-${transport}`}
            data-testid="live-transport"
            data-transport={transport}
            title={
              fellBack && transport === 'mse'
                ? t('live.transport.fellBack', { detail: fellBack })
                : t(`live.transport.${transport}`)
            }
          >
            {transport === 'webrtc' ? 'WebRTC' : 'MSE'}
          </span>
        ) : null}
        {actions ? <span className="vd-live-actions">{actions}</span> : null}
      </div>
      <div className="vd-live-stage">
        <video
          ref={videoRef}
          className="vd-live-video"
          data-testid="live-video"
          muted
          playsInline
          autoPlay
          disablePictureInPicture
        />
        {shown.state !== 'live' && shown.state !== 'paused' ? (
          <div
            className={`vd-live-message vd-live-message-${shown.state}`}
            role={shown.state === 'error' ? 'alert' : 'status'}
            data-testid="live-message"
          >
            <strong className="d-block">{t(badge.label)}</strong>
            {detail ? <span className="d-block small">{detail}</span> : null}
            {shown.state === 'reconnecting' && retryAt !== null ? (
              <RetryCountdown at={retryAt} />
            ) : null}
            {shown.state === 'error' ? (
              <button
                type="button"
                className="btn btn-sm btn-outline-light mt-2"
                onClick={() => setRestarts((n) => n + 1)}
              >
                {t('common.retry')}
              </button>
            ) : null}
          </div>
        ) : null}
        <LiveClock wallNow={wallNow} />
        {watermark ? (
          <div className="vd-live-watermark" data-testid="live-watermark" aria-hidden="true">
            {watermark}
          </div>
        ) : null}
      </div>
    </div>
  );
}

/** "Nuovo tentativo tra 4 s", counting down. */
function RetryCountdown({ at }: { at: number }) {
  const t = useT();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 500);
    return () => window.clearInterval(timer);
  }, [at]);
  const seconds = Math.max(0, Math.ceil((at - now) / 1000));
  return <span className="d-block small">{t('live.retryIn', { seconds })}</span>;
}
