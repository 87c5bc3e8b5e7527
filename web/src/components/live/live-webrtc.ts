import type { ClockMessage } from './protocol';

/** Detail of the `liveclock` event the video element fires for each clock message. */
export interface LiveClockDetail {
  rtpTime: number;
  wallMs: number;
}

export const LIVE_CLOCK_EVENT = 'liveclock';

/** Not connected this long after the offer (while the tile is shown): fall back to MSE. */
export const WEBRTC_START_TIMEOUT_MS = 3000;
/** Longest wait for the browser's own ICE candidates before the offer goes anyway. */
const GATHER_TIMEOUT_MS = 1000;

interface LiveWebRtcOptions {
  /** WebRTC failed (no H.264, no connection, no picture in time): the caller falls back. */
  onFailed: (detail: string) => void;
  /** The first frame is on screen. */
  onPlaying: () => void;
  /** Whether the tile is shown (a hidden tile gets no frames, and must not time out). */
  isActive: () => boolean;
}

const WRAP = 2 ** 32;

/** Video frame metadata as Chromium gives it for WebRTC frames. */
interface FrameMetadata {
  rtpTimestamp?: number;
  mediaTime?: number;
}

type FrameCallbackVideo = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: (now: number, meta: FrameMetadata) => void) => number;
  cancelVideoFrameCallback?: (handle: number) => void;
};

/** True when this browser can receive H.264 over WebRTC. */
export function webRtcH264Supported(): boolean {
  if (typeof RTCPeerConnection === 'undefined' || typeof RTCRtpReceiver === 'undefined') {
    return false;
  }
  const codecs = RTCRtpReceiver.getCapabilities?.('video')?.codecs ?? [];
  return codecs.some((c) => /h264/i.test(c.mimeType));
}

/**
 * The live picture over WebRTC: a receive-only peer connection offering only H.264 in
 * packetization mode 1 (the server passes the camera's stream through), the remote track in
 * the tile's <video>, jitter buffer as short as the browser allows. Signalling goes through
 * the live WebSocket (the caller sends the offer and hands over the answer). The wall clock of
 * the frame on screen comes from its RTP timestamp and the server's `clock` messages.
 */
export class LiveWebRtc {
  private pc: RTCPeerConnection | null = null;
  private timer = 0;
  private frameHandle: number | null = null;
  private clock: ClockMessage | null = null;
  private shownRtp: number | null = null;
  private playing = false;
  private done = false;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly o: LiveWebRtcOptions,
  ) {}

  /** Builds the offer (host candidates included: no trickle). */
  async offer(): Promise<string> {
    const pc = new RTCPeerConnection({ iceServers: [] });
    this.pc = pc;
    const transceiver = pc.addTransceiver('video', { direction: 'recvonly' });
    const h264 = (RTCRtpReceiver.getCapabilities('video')?.codecs ?? []).filter(
      (c) => /h264/i.test(c.mimeType) && /packetization-mode=1/.test(c.sdpFmtpLine ?? ''),
    );
    if (h264.length === 0) throw new Error('H.264 non supportato da questo browser per WebRTC');
    transceiver.setCodecPreferences(h264);
    // As little buffering as the browser allows: the server sends frames as they arrive.
    const receiver = transceiver.receiver as RTCRtpReceiver & { jitterBufferTarget?: number };
    if ('jitterBufferTarget' in receiver) receiver.jitterBufferTarget = 0;
    pc.ontrack = (event) => {
      const stream = event.streams[0] ?? new MediaStream([event.track]);
      this.video.srcObject = stream;
      this.video.play().catch(() => undefined);
      this.watchFrames();
    };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'failed') this.fail('connessione WebRTC non riuscita');
    };
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') resolve();
      const timer = window.setTimeout(resolve, GATHER_TIMEOUT_MS);
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') {
          window.clearTimeout(timer);
          resolve();
        }
      });
    });
    this.armTimeout();
    const sdp = pc.localDescription?.sdp;
    if (!sdp) throw new Error('offerta WebRTC vuota');
    return sdp;
  }

  async answer(sdp: string): Promise<void> {
    if (!this.pc || this.done) return;
    await this.pc.setRemoteDescription({ type: 'answer', sdp });
  }

  /** A clock message from the server: fired on the video for tools that measure latency. */
  setClock(clock: ClockMessage): void {
    this.clock = clock;
    const detail: LiveClockDetail = { rtpTime: clock.rtpTime, wallMs: clock.wallMs };
    this.video.dispatchEvent(new CustomEvent(LIVE_CLOCK_EVENT, { detail }));
  }

  /** Server wall clock (epoch ms) of the frame on screen, or null before the first one. */
  wallNow(): number | null {
    const c = this.clock;
    const rtp = this.shownRtp;
    if (!c || rtp === null) return null;
    // Signed distance on the 32-bit timestamp circle.
    let d = (rtp - c.rtpTime) % WRAP;
    if (d > WRAP / 2) d -= WRAP;
    if (d < -WRAP / 2) d += WRAP;
    return c.wallMs + d / 90;
  }

  /** The stream came back (camera online again): report the next frame shown as playing. */
  expectFrame(): void {
    if (
      this.frameHandle !== null ||
      !(this.video as FrameCallbackVideo).requestVideoFrameCallback
    ) {
      this.playing = false;
    }
  }

  destroy(): void {
    this.done = true;
    window.clearTimeout(this.timer);
    const v = this.video as FrameCallbackVideo;
    if (this.frameHandle !== null) v.cancelVideoFrameCallback?.(this.frameHandle);
    this.frameHandle = null;
    this.pc?.close();
    this.pc = null;
    if (this.video.srcObject) this.video.srcObject = null;
  }

  private watchFrames(): void {
    const v = this.video as FrameCallbackVideo;
    if (!v.requestVideoFrameCallback) {
      this.video.addEventListener('playing', () => this.started(), { once: true });
      return;
    }
    const onFrame = (_now: number, meta: FrameMetadata) => {
      if (this.done) return;
      if (typeof meta.rtpTimestamp === 'number') this.shownRtp = meta.rtpTimestamp;
      this.started();
      this.frameHandle = v.requestVideoFrameCallback(onFrame);
    };
    this.frameHandle = v.requestVideoFrameCallback(onFrame);
  }

  private started(): void {
    if (this.playing || this.done) return;
    this.playing = true;
    window.clearTimeout(this.timer);
    this.o.onPlaying();
  }

  /**
   * WEBRTC_START_TIMEOUT_MS to connect; once more while ICE is through and only the DTLS
   * handshake is pending (seconds on a loaded machine); once more for the first frame once
   * connected (a loaded machine decodes the keyframe interval sent at the start slowly). A
   * connection that never comes falls back quickly, a slow start on a working one does not.
   */
  private armTimeout(
    extended: { dtls: boolean; frame: boolean } = { dtls: false, frame: false },
  ): void {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => {
      if (this.playing || this.done) return;
      const state = this.pc?.connectionState ?? 'closed';
      const ice = this.pc?.iceConnectionState ?? 'closed';
      const iceUp = ice === 'connected' || ice === 'completed';
      // A hidden tile gets no frames by design: wait until it is shown again.
      if (!this.o.isActive()) this.armTimeout(extended);
      else if (state === 'connected' && !extended.frame)
        this.armTimeout({ ...extended, frame: true });
      else if (state === 'connecting' && iceUp && !extended.dtls) {
        this.armTimeout({ ...extended, dtls: true });
      } else {
        this.fail(
          `nessuna immagine entro ${WEBRTC_START_TIMEOUT_MS / 1000} s; connessione: ${state}, ICE: ${ice}`,
        );
      }
    }, WEBRTC_START_TIMEOUT_MS);
  }

  private fail(detail: string): void {
    if (this.done) return;
    this.destroy();
    this.o.onFailed(detail);
  }
}
