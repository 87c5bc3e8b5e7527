import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SYSTEM_ACTOR } from '../audit/audit.types.js';
import { CameraInputSchema, type Camera } from '../cameras/camera.schemas.js';
import { createTestCore, type TestCore } from '../../test-support/core.js';
import { describeEachDatabase } from '../../test-support/databases.js';
import { makeTestClip } from '../../test-support/media-fixtures.js';
import { TEST_PASSWORD } from '../../test-support/users.js';
import { RtspSimulator } from '../../platform/rtsp/rtsp-simulator.js';
import { depacketizeH264, NAL, nalType } from '../../platform/rtp/h264-rtp.js';
import {
  MediaStreamTrack as WeriftTrack,
  RTCPeerConnection,
  RTCRtpCodecParameters,
  type RtpPacket,
} from 'werift';

interface Received {
  json: Array<Record<string, unknown>>;
  binary: number;
  closed: { code: number; reason: string } | null;
}

async function waitFor<T>(
  what: string,
  fn: () => T | null | undefined | false,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Live view over WebSocket against real RTSP cameras and the recorder's own ffmpeg. */
describeEachDatabase('live view', (getDb) => {
  let t: TestCore;
  let sim: RtspSimulator;
  let base: string;
  let operatorCookie: string;
  let adminCookie: string;
  const cams: Record<string, Camera> = {};

  async function login(username: string, role: 'operator' | 'admin'): Promise<string> {
    await t.core.users.create(SYSTEM_ACTOR, {
      username,
      displayName: username,
      role,
      password: TEST_PASSWORD,
    });
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: TEST_PASSWORD }),
    });
    expect(res.status).toBe(200);
    return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }

  function connect(
    cameraId: string,
    opts: { cookie?: string; origin?: string; query?: string } = {},
  ) {
    const got: Received = { json: [], binary: 0, closed: null };
    const ws = new WebSocket(
      `${base.replace('http', 'ws')}/api/live/${cameraId}${opts.query ?? ''}`,
      {
        headers: {
          ...(opts.cookie && { cookie: opts.cookie }),
          origin: opts.origin ?? base,
        },
      },
    );
    ws.on('message', (data, isBinary) => {
      if (isBinary) got.binary++;
      else got.json.push(JSON.parse((data as Buffer).toString('utf8')) as Record<string, unknown>);
    });
    ws.on('close', (code, reason) => {
      got.closed = { code, reason: String(reason) };
    });
    const handshake = new Promise<number>((resolve) => {
      ws.on('open', () => resolve(101));
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(-1));
    });
    return { ws, got, handshake };
  }

  const fragments = (r: Received) => r.json.filter((m) => m.type === 'fragment');

  beforeAll(async () => {
    const db = getDb();
    const clip = await makeTestClip({
      dir: path.join(db.dir, 'clips'),
      seconds: 60,
      keyframeSeconds: 1,
    });
    sim = new RtspSimulator({
      mounts: [
        { path: '/main', type: 'file', file: clip },
        { path: '/sub', type: 'file', file: clip },
      ],
    });
    await sim.start();
    t = await createTestCore(
      db,
      { VEDETTA_DEMO: '0', VEDETTA_SEGMENT_SECONDS: '4' },
      { realClock: true },
    );
    await t.http.app.listen({ host: '127.0.0.1', port: 0 });
    const addr = t.http.app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    cams.A = await t.core.cameras.create(
      SYSTEM_ACTOR,
      CameraInputSchema.parse({
        code: 'LIVE-A',
        name: 'Via Roma',
        mainUrl: sim.url('/main'),
        retentionDays: 1,
      }),
    );
    cams.B = await t.core.cameras.create(
      SYSTEM_ACTOR,
      CameraInputSchema.parse({
        code: 'LIVE-B',
        name: 'Via Milano',
        mainUrl: sim.url('/main'),
        subUrl: sim.url('/sub'),
        retentionDays: 1,
        enabled: false,
      }),
    );
    operatorCookie = await login('operatore', 'operator');
    adminCookie = await login('amministratore', 'admin');
    await t.core.recording.start();
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await sim?.stop();
  });

  it('streams the recorder’s own live output, from a keyframe, and audits the session', async () => {
    const a = connect(cams.A?.id ?? '', { cookie: operatorCookie });
    expect(await a.handshake).toBe(101);
    await waitFor('five fragments', () => fragments(a.got).length >= 5);
    const types = a.got.json.map((m) => m.type);
    expect(types[0]).toBe('camera');
    const init = a.got.json.find((m) => m.type === 'init');
    expect(String(init?.codec)).toMatch(/^avc1\./);
    expect(fragments(a.got)[0]?.keyframe).toBe(true);
    const times = fragments(a.got).map((f) => Number(f.mediaTime));
    expect([...times].sort((x, y) => x - y)).toEqual(times);
    // One binary message per init and per fragment.
    expect(a.got.binary).toBe(fragments(a.got).length + 1);

    // Bad input on another connection closes only that one.
    const bad = connect(cams.A?.id ?? '', { cookie: operatorCookie });
    expect(await bad.handshake).toBe(101);
    await waitFor('bad viewer started', () => bad.got.json.some((m) => m.type === 'camera'));
    bad.ws.send('{"type":"zoom","level":9}');
    await waitFor('bad viewer closed', () => bad.got.closed);
    expect(bad.got.closed?.code).toBe(1008);
    expect(bad.got.json.at(-1)).toMatchObject({ type: 'error', error: 'bad_message' });
    const before = fragments(a.got).length;
    await waitFor('A still streaming', () => fragments(a.got).length > before + 3);

    a.ws.close();
    await waitFor('A closed', () => a.got.closed);
    const rows = await waitForAsync(async () => {
      const r = await t.core.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', 'in', ['live.start', 'live.end'])
        .where('actor_username', '=', 'operatore')
        .execute();
      return r.filter((x) => x.action === 'live.end').length >= 2 ? r : null;
    });
    const end = rows.find(
      (r) =>
        r.action === 'live.end' &&
        (JSON.parse(r.details ?? '{}') as { session?: string }).session === a.got.json[0]?.session,
    );
    const details = JSON.parse(end?.details ?? '{}') as Record<string, unknown>;
    expect(details).toMatchObject({ code: 'LIVE-A', stream: 'main' });
    expect(Date.parse(String(details.endedAt))).toBeGreaterThanOrEqual(
      Date.parse(String(details.startedAt)),
    );
  }, 60_000);

  it('refuses anonymous callers, users without live.view, other origins and unknown cameras', async () => {
    expect(await connect(cams.A?.id ?? '').handshake).toBe(401);
    expect(await connect(cams.A?.id ?? '', { cookie: adminCookie }).handshake).toBe(403);
    const foreign = connect(cams.A?.id ?? '', {
      cookie: operatorCookie,
      origin: 'https://evil.example',
    });
    await waitFor('foreign closed', () => foreign.got.closed);
    expect(foreign.got.closed?.code).toBe(4403);
    const unknown = connect('7b0c1d9e-0000-4000-8000-000000000000', { cookie: operatorCookie });
    await waitFor('unknown closed', () => unknown.got.closed);
    expect(unknown.got.closed?.code).toBe(4404);
    expect(unknown.got.json.at(-1)).toMatchObject({ type: 'error', error: 'not_found' });
  });

  it('starts an on-demand stream for a sub-stream nobody records, and reports the camera going offline', async () => {
    const b = connect(cams.B?.id ?? '', { cookie: operatorCookie });
    expect(await b.handshake).toBe(101);
    await waitFor('sub-stream fragments', () => fragments(b.got).length >= 3, 30_000);
    expect(b.got.json[0]).toMatchObject({ type: 'camera', stream: 'sub' });
    await sim.stop();
    const stoppedAt = Date.now();
    await waitFor(
      'offline status',
      () => b.got.json.some((m) => m.type === 'status' && m.state === 'offline'),
      15_000,
    );
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    const n = fragments(b.got).length;
    await sim.start();
    await waitFor('back online', () => fragments(b.got).length > n + 2, 30_000);
    b.ws.close();
  }, 90_000);

  /** A WebRTC peer in the browser's place (werift), receiving the camera's RTP. */
  async function webrtcClient() {
    const pc = new RTCPeerConnection({
      iceServers: [],
      iceUseIpv6: false,
      iceAdditionalHostAddresses: ['127.0.0.1'],
      codecs: {
        audio: [],
        video: [
          new RTCRtpCodecParameters({
            mimeType: 'video/H264',
            clockRate: 90_000,
            parameters: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
            rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }],
          }),
        ],
      },
    });
    const packets: RtpPacket[] = [];
    pc.onTrack.subscribe((track: WeriftTrack) => {
      track.onReceiveRtp.subscribe((p) => packets.push(p));
    });
    pc.addTransceiver('video', { direction: 'recvonly' });
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') resolve();
      pc.iceGatheringStateChange.subscribe((s) => s === 'complete' && resolve());
    });
    return { pc, packets, offer: pc.localDescription?.sdp ?? '' };
  }

  /** Access units (NAL units of one frame) out of RTP packets, split at the marker bit. */
  function accessUnits(packets: RtpPacket[]) {
    const units: Array<{ ts: number; nalus: Buffer[] }> = [];
    let current: RtpPacket[] = [];
    for (const p of packets) {
      current.push(p);
      if (p.header.marker) {
        units.push({
          ts: p.header.timestamp,
          nalus: depacketizeH264(current.map((c) => c.payload)),
        });
        current = [];
      }
    }
    return units;
  }

  it('sends H.264 as it is over WebRTC, signalled on the socket, and audits the transport', async () => {
    const a = connect(cams.A?.id ?? '', { cookie: operatorCookie, query: '?transport=webrtc' });
    expect(await a.handshake).toBe(101);
    await waitFor('camera message', () => a.got.json.find((m) => m.type === 'camera'));
    expect(a.got.json[0]).toMatchObject({ type: 'camera', transport: 'webrtc' });
    const client = await webrtcClient();
    try {
      a.ws.send(JSON.stringify({ type: 'webrtc-offer', sdp: client.offer }));
      const answer = await waitFor('answer', () =>
        a.got.json.find((m) => m.type === 'webrtc-answer'),
      );
      expect(String(answer.sdp)).toMatch(/a=candidate:.* 127\.0\.0\.1 \d+ typ host/);
      expect(String(answer.sdp)).not.toMatch(/typ (srflx|relay)/);
      await client.pc.setRemoteDescription({ type: 'answer', sdp: String(answer.sdp) });
      await waitFor('30 frames over RTP', () => accessUnits(client.packets).length >= 30, 20_000);
      const units = accessUnits(client.packets);
      // It starts at a keyframe with its parameter sets, and timestamps only move forward.
      expect(units[0]!.nalus.map(nalType)).toEqual(
        expect.arrayContaining([NAL.sps, NAL.pps, NAL.idr]),
      );
      for (let i = 1; i < units.length; i++) {
        expect(units[i]!.ts).toBeGreaterThan(units[i - 1]!.ts);
      }
      // Keyframes again every second (the clip's GOP), each with SPS and PPS before it.
      const idr = units.filter((u) => u.nalus.some((n) => nalType(n) === NAL.idr));
      expect(idr.length).toBeGreaterThanOrEqual(2);
      for (const u of idr) expect(u.nalus.map(nalType).indexOf(NAL.sps)).toBeGreaterThanOrEqual(0);
      // No fMP4 over the socket meanwhile; the wall clock of RTP timestamps instead.
      expect(a.got.binary).toBe(0);
      const clocks = a.got.json.filter((m) => m.type === 'clock');
      expect(clocks.length).toBeGreaterThan(3);
      const last = clocks.at(-1)!;
      expect(Math.abs(Number(last.wallMs) - Date.now())).toBeLessThan(5000);
      expect(units.some((u) => u.ts === last.rtpTime)).toBe(true);

      // A second offer on the same socket is bad input: closed, others unaffected.
      const other = connect(cams.A?.id ?? '', { cookie: operatorCookie });
      await waitFor('other streaming', () => fragments(other.got).length >= 2);
      a.ws.send(JSON.stringify({ type: 'webrtc-offer', sdp: client.offer }));
      await waitFor('closed after a second offer', () => a.got.closed);
      expect(a.got.closed?.code).toBe(1008);
      const n = fragments(other.got).length;
      await waitFor('other still streaming', () => fragments(other.got).length > n + 2);
      other.ws.close();
    } finally {
      await client.pc.close();
    }
    const end = await waitForAsync(async () => {
      const rows = await t.core.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'live.end')
        .execute();
      return (
        rows.find(
          (r) =>
            (JSON.parse(r.details ?? '{}') as { session?: string }).session ===
            a.got.json[0]?.session,
        ) ?? null
      );
    });
    expect(JSON.parse(end.details ?? '{}')).toMatchObject({ code: 'LIVE-A', transport: 'webrtc' });
  }, 60_000);

  it('falls back to fMP4 on the same socket when the client asks, and refuses offers on MSE sockets', async () => {
    const a = connect(cams.A?.id ?? '', { cookie: operatorCookie, query: '?transport=webrtc' });
    expect(await a.handshake).toBe(101);
    await waitFor('camera message', () => a.got.json.find((m) => m.type === 'camera'));
    a.ws.send(JSON.stringify({ type: 'mse' }));
    await waitFor('fragments after the fallback', () => fragments(a.got).length >= 3);
    expect(a.got.json.find((m) => m.type === 'init')).toBeTruthy();
    expect(fragments(a.got)[0]?.keyframe).toBe(true);
    a.ws.close();

    const m = connect(cams.A?.id ?? '', { cookie: operatorCookie });
    await waitFor('camera message', () => m.got.json.find((x) => x.type === 'camera'));
    expect(m.got.json[0]).toMatchObject({ transport: 'mse' });
    m.ws.send(JSON.stringify({ type: 'webrtc-offer', sdp: 'v=0\r\n'.repeat(4) }));
    await waitFor('closed', () => m.got.closed);
    expect(m.got.closed?.code).toBe(1008);
  });

  it('tells the client to fall back when the offer has no usable H.264', async () => {
    const a = connect(cams.A?.id ?? '', { cookie: operatorCookie, query: '?transport=webrtc' });
    await waitFor('camera message', () => a.got.json.find((m) => m.type === 'camera'));
    const client = await webrtcClient();
    try {
      const vp8Only = client.offer.replace(/H264\/90000/g, 'VP8/90000');
      a.ws.send(JSON.stringify({ type: 'webrtc-offer', sdp: vp8Only }));
      const failed = await waitFor('webrtc-failed', () =>
        a.got.json.find((m) => m.type === 'webrtc-failed'),
      );
      expect(String(failed.message)).toMatch(/H\.264/);
      await waitFor('fMP4 instead', () => fragments(a.got).length >= 2);
      expect(a.got.closed).toBeNull();
    } finally {
      await client.pc.close();
      a.ws.close();
    }
  });

  async function waitForAsync<T>(fn: () => Promise<T | null>, timeoutMs = 10_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const v = await fn();
      if (v) return v;
      if (Date.now() > until) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
});
