import { randomBytes } from 'node:crypto';
import { link, lstat, mkdir, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../test-support/core.js';
import { describeEachDatabase } from '../../test-support/databases.js';
import { loggedIn } from '../../test-support/users.js';
import { createLogger } from '../../platform/log/logger.js';
import { indexSegment } from '../evidence/testing/recorded-segments.js';
import { RetentionService } from './retention.service.js';
import { SegmentRepository } from './segment.repository.js';

const SIZE = 20_000;

/** Bytes the files under `root` take, each inode once (what `du` says, without blocks). */
async function usedByInode(root: string): Promise<number> {
  const seen = new Set<number>();
  let total = 0;
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(p);
      else if (entry.isFile()) {
        const st = await lstat(p);
        if (seen.has(st.ino)) continue;
        seen.add(st.ino);
        total += st.size;
      }
    }
  };
  await walk(root);
  return total;
}

describeEachDatabase('free-space guard and evidence originals hard-linked to segments', (getDb) => {
  let t: TestCore;
  let camera: string;
  let root: string;

  beforeAll(async () => {
    t = await createTestCore(getDb(), { VEDETTA_DEMO: '0' });
    const admin = await loggedIn(t.core, t.http.app, 'amministratore', 'admin');
    const cam = await admin.post('/api/cameras', {
      code: 'CAM-HL',
      name: 'Viale Piave',
      mainUrl: 'rtsp://10.0.0.7/a',
      retentionDays: 3,
    });
    expect(cam.status, JSON.stringify(cam.body)).toBe(201);
    camera = cam.body.id as string;
    root = path.dirname(t.core.storage.localPath('x')!);
  });
  afterAll(() => t.close());

  it('skips segments whose data an evidence package shares, measures what it frees, and keeps the originals intact', async () => {
    const start = t.clock.now() - 3_600_000;
    const made: Array<{ id: string; key: string; data: Buffer }> = [];
    for (let i = 0; i < 5; i++) {
      const data = randomBytes(SIZE);
      made.push({
        ...(await indexSegment(
          t.core.db,
          t.core.storage,
          camera,
          start + i * 10_000,
          10_000,
          data,
        )),
        data,
      });
    }
    // An evidence package took the two oldest segments as originals: hard links, as the export makes.
    const originals = path.join(root, 'evidence', 'AQ-2026-009999', 'originali');
    await mkdir(originals, { recursive: true });
    for (const s of made.slice(0, 2))
      await link(t.core.storage.localPath(s.key)!, path.join(originals, `${s.id}.mp4`));

    const capacity = 150_000;
    const freeBytes = async () => capacity - (await usedByInode(root));
    let paused: string | null = null;
    const guard = new RetentionService({
      db: t.core.db,
      segments: new SegmentRepository(t.core.db),
      holds: t.core.holds,
      cameras: t.core.cameras,
      storage: t.core.storage,
      audit: t.core.audit,
      alarms: t.core.alarms,
      clock: t.clock,
      log: createLogger('silent'),
      defaultRetentionDays: 7,
      // 5 × 20 000 used of 150 000 → 50 000 free; wanted 60 000 (+10 %): 16 000 more.
      minFreeBytes: 60_000,
      freeBytes,
      recorder: {
        pause: (reason) => {
          paused = reason;
          return Promise.resolve();
        },
        resume: () => {
          paused = null;
          return Promise.resolve();
        },
        get isPaused() {
          return paused !== null;
        },
      },
    });
    const before = await freeBytes();
    expect(before).toBe(50_000);
    const result = await guard.guardSpace();
    // The two shared segments would have freed nothing: the oldest unshared one goes instead,
    // and one is enough.
    const left = await t.core.db
      .selectFrom('recording_segments')
      .select('id')
      .where('camera_id', '=', camera)
      .orderBy('start_ms')
      .execute();
    expect(left.map((r) => r.id)).toEqual([made[0]!.id, made[1]!.id, made[3]!.id, made[4]!.id]);
    expect(result).toMatchObject({ segments: 1, bytes: SIZE, freeBytes: 70_000 });
    expect(await freeBytes()).toBe(before + SIZE);
    expect(paused).toBeNull();
    // The evidence originals still hold their bytes.
    for (const s of made.slice(0, 2))
      expect((await readFile(path.join(originals, `${s.id}.mp4`))).equals(s.data)).toBe(true);

    // The disk fills further: every unshared segment goes, then recording pauses rather than
    // deleting the shared ones for nothing.
    const tight = new RetentionService({
      ...(guard as unknown as { d: ConstructorParameters<typeof RetentionService>[0] }).d,
      minFreeBytes: 130_000,
    });
    const second = await tight.guardSpace();
    expect(second).toMatchObject({ segments: 2, bytes: 2 * SIZE, freeBytes: 110_000 });
    const kept = await t.core.db
      .selectFrom('recording_segments')
      .select('id')
      .where('camera_id', '=', camera)
      .orderBy('start_ms')
      .execute();
    expect(kept.map((r) => r.id)).toEqual([made[0]!.id, made[1]!.id]);
    expect(paused).toMatch(/Disco pieno/);
    const log = await t.core.db
      .selectFrom('recording_deletions')
      .select(['segments', 'cause'])
      .where('camera_id', '=', camera)
      .execute();
    expect(log.reduce((n, r) => n + r.segments, 0)).toBe(3);
  });
});
