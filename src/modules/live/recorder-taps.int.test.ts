import { readlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemClock } from '../../platform/clock.js';
import { createLogger } from '../../platform/log/logger.js';
import type { InitSegment } from '../../platform/mp4/fmp4-reader.js';
import { RtspSimulator } from '../../platform/rtsp/rtsp-simulator.js';
import { createTestCore, type TestCore } from '../../test-support/core.js';
import { describeEachDatabase } from '../../test-support/databases.js';
import { makeTestClip } from '../../test-support/media-fixtures.js';
import { SYSTEM_ACTOR } from '../audit/audit.types.js';
import { CameraInputSchema, type Camera } from '../cameras/camera.schemas.js';
import { LiveHub, type LiveFragment, type LiveViewer } from './live-hub.js';
import { RecorderTaps } from './recorder-taps.js';

async function waitFor<T>(what: string, fn: () => T | null | undefined | false, ms = 20_000) {
  const until = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

class Collector implements LiveViewer {
  inits: InitSegment[] = [];
  fragments: LiveFragment[] = [];
  statuses: Array<{ state: string; message: string | null; at: number }> = [];
  init(init: InitSegment): void {
    this.inits.push(init);
  }
  fragment(f: LiveFragment): void {
    this.fragments.push(f);
  }
  status(state: 'online' | 'offline', message: string | null): void {
    this.statuses.push({ state, message, at: Date.now() });
  }
}

/**
 * Live view of a recorded camera follows the segment file the recorder writes: a real RTSP
 * camera, the real recorder, segments of 2 s so that the test crosses several of them.
 */
describeEachDatabase('recorder taps', (getDb) => {
  let t: TestCore;
  let sim: RtspSimulator;
  let cam: Camera;
  let hub: LiveHub;
  let taps: RecorderTaps;

  beforeAll(async () => {
    const db = getDb();
    const clip = await makeTestClip({
      dir: path.join(db.dir, 'clips'),
      seconds: 60,
      keyframeSeconds: 1,
    });
    sim = new RtspSimulator({ mounts: [{ path: '/tap', type: 'file', file: clip }] });
    await sim.start();
    t = await createTestCore(
      db,
      { VEDETTA_DEMO: '0', VEDETTA_SEGMENT_SECONDS: '2' },
      { realClock: true },
    );
    cam = await t.core.cameras.create(
      SYSTEM_ACTOR,
      CameraInputSchema.parse({
        code: 'TAP-1',
        name: 'Piazza Fontanesi',
        mainUrl: sim.url('/tap'),
        retentionDays: 1,
      }),
    );
    hub = new LiveHub({ clock: systemClock, log: createLogger('silent') });
    taps = new RecorderTaps({
      hub,
      log: createLogger('silent'),
      position: (id) => t.core.recording.livePosition(id),
      lingerMs: 200,
    });
    await t.core.recording.start();
    await waitFor('recording', () => t.core.recording.livePosition(cam.id));
  }, 60_000);

  afterAll(async () => {
    taps?.close();
    await t?.close();
    await sim?.stop();
  });

  it('costs nothing unwatched, then plays one continuous timeline across segments', async () => {
    // Nobody watches: the recorder has no live output at all, nothing is followed.
    const pid = t.core.recording.currentRun(cam.id)?.pid ?? 0;
    expect(readlinkSync(`/proc/${pid}/fd/1`)).toBe('/dev/null');
    expect(taps.active()).toEqual([]);

    // Let the recorder get into a segment, so that the first viewer joins midway.
    await waitFor('second segment', () => (t.core.recording.livePosition(cam.id)?.index ?? 0) >= 1);
    await new Promise((r) => setTimeout(r, 700));
    const viewer = new Collector();
    const release = taps.acquire(cam.id);
    const unsubscribe = hub.subscribe(cam.id, 'main', viewer);
    // The first look is synchronous: the picture is there as soon as the viewer subscribes.
    expect(viewer.inits).toHaveLength(1);
    expect(String(viewer.inits[0]?.codec)).toMatch(/^avc1\./);
    expect(viewer.fragments[0]?.keyframe).toBe(true);
    const startIndex = t.core.recording.livePosition(cam.id)?.index ?? 0;
    const startedAt = Date.now();

    await waitFor(
      'three segment changes',
      () => (t.core.recording.livePosition(cam.id)?.index ?? 0) >= startIndex + 3,
    );
    await new Promise((r) => setTimeout(r, 500));
    const wall = (Date.now() - startedAt) / 1000;
    // Each segment starts with its own init: the viewer gets one, as from a single stream.
    expect(viewer.inits).toHaveLength(1);
    const times = viewer.fragments.map((f) => f.mediaTime);
    for (let i = 1; i < times.length; i++) {
      const step = (times[i] ?? 0) - (times[i - 1] ?? 0);
      expect(step, `fragment ${i} of ${times.length}`).toBeGreaterThan(0);
      // Fragments are 200 ms: no jump forward or back at segment boundaries.
      expect(step, `fragment ${i} of ${times.length}`).toBeLessThan(0.5);
    }
    // The timeline covers the time watched (plus the GOP it started with).
    const span = (times.at(-1) ?? 0) - (times[0] ?? 0);
    expect(span).toBeGreaterThan(wall - 1.5);
    expect(span).toBeLessThan(wall + 1.5);
    // Fragments arrive as they are written, not in bursts per segment.
    const arrivals = viewer.fragments.map((f) => f.wallMs);
    const longestSilence = Math.max(...arrivals.slice(1).map((a, i) => a - (arrivals[i] ?? a)));
    expect(longestSilence).toBeLessThan(1000);

    unsubscribe();
    release();
    await waitFor('tap closed after the linger', () => taps.active().length === 0, 2000);
  }, 60_000);

  it('reports the recorder going down and follows the next run by itself', async () => {
    const viewer = new Collector();
    const release = taps.acquire(cam.id);
    const unsubscribe = hub.subscribe(cam.id, 'main', viewer);
    await waitFor('fragments', () => viewer.fragments.length > 3);
    const killedAt = Date.now();
    t.core.recording.currentRun(cam.id)?.kill('SIGKILL');
    const offline = await waitFor('offline', () =>
      viewer.statuses.find((s) => s.state === 'offline'),
    );
    expect(offline.at - killedAt).toBeLessThan(2000);
    const before = viewer.fragments.length;
    await waitFor(
      'picture back',
      () => viewer.inits.length >= 2 && viewer.fragments.length > before + 3,
    );
    const resumed = viewer.fragments.slice(before);
    expect(resumed[0]?.keyframe).toBe(true);
    unsubscribe();
    release();
  }, 60_000);
});
