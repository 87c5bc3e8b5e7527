import type { MediaStreamTrack, RTCPeerConnection } from 'werift';
import { DEFAULT_MAX_PAYLOAD, packetizeH264 } from '../rtp/h264-rtp.js';
import { chooseH264, dropMdnsCandidates, narrowOffer } from './sdp-h264.js';

/** Where the server's ICE host candidates come from (no STUN, no TURN: LAN and loopback). */
export interface WebRtcNetwork {
  /** UDP ports to gather on, inclusive; undefined: any free port. */
  portRange?: [number, number];
  /**
   * Addresses advertised as host candidates besides the machine's own interfaces: 127.0.0.1
   * for a browser on the same machine, the public or NAT address a LAN's browsers reach the
   * server by.
   */
  extraAddresses: string[];
}

export type SenderState = 'connecting' | 'connected' | 'failed' | 'closed';

export class WebRtcNegotiationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebRtcNegotiationError';
  }
}

/** Longest wait for the server's own candidates (host only: milliseconds in practice). */
const GATHER_TIMEOUT_MS = 2000;

type Werift = typeof import('werift');
/**
 * werift is about 6 MB of heap: it is loaded with the first WebRTC viewer, so that a server
 * nobody watches over WebRTC (a recorder) does not carry it, nor its cost at each full GC.
 */
let werift: Promise<Werift> | null = null;

/**
 * One browser receiving one H.264 stream over WebRTC, sent as it is (no transcoding): answers
 * the browser's offer (narrowed to one H.264 payload type), then sends access units as RTP
 * (RFC 6184) over DTLS-SRTP. werift is the WebRTC stack (pure TypeScript).
 */
export class H264Sender {
  private sequence = Math.floor(Math.random() * 0x10000);
  private stateListener: ((s: SenderState) => void) | null = null;
  private current: SenderState = 'connecting';
  /** Packets sent, for tests and statistics. */
  packets = 0;

  private constructor(
    private readonly w: Werift,
    private readonly pc: RTCPeerConnection,
    private readonly track: MediaStreamTrack,
    readonly answer: string,
  ) {
    pc.connectionStateChange.subscribe((s) => {
      const next: SenderState | null =
        s === 'connected'
          ? 'connected'
          : s === 'failed'
            ? 'failed'
            : s === 'closed'
              ? 'closed'
              : null; // 'disconnected' may pass: ICE consent checks decide
      if (!next || next === this.current) return;
      this.current = next;
      this.stateListener?.(next);
    });
  }

  /** Answers an offer; refuses one without H.264 in packetization mode 1. */
  static async answer(
    offer: string,
    profileLevelId: string,
    network: WebRtcNetwork,
  ): Promise<H264Sender> {
    const choice = chooseH264(offer, profileLevelId);
    if (!choice) throw new WebRtcNegotiationError('the offer has no H.264 (packetization mode 1)');
    const w = await (werift ??= import('werift'));
    const { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters } = w;
    const pc = new RTCPeerConnection({
      iceServers: [],
      iceUseIpv6: false,
      iceAdditionalHostAddresses: network.extraAddresses,
      icePortRange: network.portRange,
      codecs: {
        audio: [],
        video: [
          new RTCRtpCodecParameters({
            mimeType: 'video/H264',
            clockRate: 90_000,
            payloadType: choice.payloadType,
            parameters: choice.fmtp,
            rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }],
          }),
        ],
      },
      headerExtensions: { audio: [], video: [] },
    });
    try {
      const track = new MediaStreamTrack({ kind: 'video' });
      await pc.setRemoteDescription({
        type: 'offer',
        sdp: dropMdnsCandidates(narrowOffer(offer, choice.payloadType)),
      });
      const transceiver = pc.getTransceivers().find((t) => t.kind === 'video');
      if (!transceiver) throw new WebRtcNegotiationError('the offer has no video section');
      transceiver.setDirection('sendonly');
      transceiver.sender.registerTrack(track);
      await pc.setLocalDescription(await pc.createAnswer());
      await Promise.race([
        new Promise<void>((resolve) => {
          if (pc.iceGatheringState === 'complete') resolve();
          pc.iceGatheringStateChange.subscribe((s) => {
            if (s === 'complete') resolve();
          });
        }),
        new Promise<void>((resolve) => setTimeout(resolve, GATHER_TIMEOUT_MS).unref()),
      ]);
      const answer = pc.localDescription?.sdp;
      if (!answer) throw new WebRtcNegotiationError('no answer');
      return new H264Sender(w, pc, track, answer);
    } catch (err: unknown) {
      await pc.close().catch(() => undefined);
      if (err instanceof WebRtcNegotiationError) throw err;
      throw new WebRtcNegotiationError(err instanceof Error ? err.message : String(err));
    }
  }

  get state(): SenderState {
    return this.current;
  }

  onState(listener: (s: SenderState) => void): void {
    this.stateListener = listener;
  }

  /** Sends one access unit (the NAL units of one frame) with its 90 kHz timestamp. */
  send(nalus: readonly Buffer[], timestamp: number): void {
    if (this.current !== 'connected') return;
    const payloads = packetizeH264(nalus, DEFAULT_MAX_PAYLOAD);
    payloads.forEach((payload, i) => {
      const header = new this.w.RtpHeader({
        payloadType: 0, // set by the sender to the negotiated one
        sequenceNumber: this.sequence,
        timestamp,
        marker: i === payloads.length - 1,
      });
      this.sequence = (this.sequence + 1) & 0xffff;
      this.track.writeRtp(new this.w.RtpPacket(header, payload));
      this.packets++;
    });
  }

  async close(): Promise<void> {
    this.current = 'closed';
    this.stateListener = null;
    this.track.stop();
    await this.pc.close().catch(() => undefined);
  }
}
