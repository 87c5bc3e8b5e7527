import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { hashFile } from '../../platform/files/copy-with-hash.js';
import { probeRecording } from '../../platform/ffmpeg/probe-recording.js';
import type { Storage } from '../../platform/storage/storage.js';
import { createTestCore, type TestCore } from '../../test-support/core.js';
import { describeEachDatabase, type TestDatabase } from '../../test-support/databases.js';
import { makeTestClip } from '../../test-support/media-fixtures.js';
import { ClipsRepository } from './clips/clips.repository.js';
import { DockIngestService } from './ingest/dock-ingest.service.js';

const CHILD = fileURLToPath(new URL('./testing/ingest-child.ts', import.meta.url));

function env(db: TestDatabase): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    VEDETTA_DATA_DIR: db.dir,
    DATABASE_URL: db.target.kind === 'postgres' ? db.target.url : `sqlite:${db.target.file}`,
    VEDETTA_DEMO: '0',
    VEDETTA_BODYCAM_STABLE_SECONDS: '0',
    VEDETTA_ARGON2_MEMORY_KIB: '8192',
  };
}

/** A storage that corrupts one byte of the first `times` files it stores (a bad disk write). */
function flipping(inner: Storage, times: number): Storage {
  let left = times;
  return {
    ...inner,
    put: (k, d) => inner.put(k, d),
    get: (k) => inner.get(k),
    exists: (k) => inner.exists(k),
    delete: (k) => inner.delete(k),
    health: () => inner.health(),
    localPath: (k) => inner.localPath(k),
    async adopt(key, file) {
      const r = await inner.adopt(key, file);
      if (left-- > 0) {
        const fh = await open(inner.localPath(key) ?? '', 'r+');
        const b = Buffer.alloc(1);
        await fh.read(b, 0, 1, 1000);
        b[0] = (b[0] ?? 0) ^ 0xff;
        await fh.write(b, 0, 1, 1000);
        await fh.close();
      }
      return r;
    },
  };
}

describeEachDatabase('bodycam dock ingest: verified transfer, crash, corruption', (getDb) => {
  let t: TestCore;
  let dock: string;
  let clip: string;

  beforeAll(async () => {
    const db = getDb();
    t = await createTestCore(
      db,
      { VEDETTA_DEMO: '0', VEDETTA_BODYCAM_STABLE_SECONDS: '0' },
      { realClock: true },
    );
    dock = t.core.config.bodycamDockDir;
    clip = await makeTestClip({ dir: path.join(db.dir, 'fixtures'), seconds: 2 });
  });
  afterAll(() => t.close());

  const clipRows = () => t.core.db.selectFrom('bodycam_clips').selectAll().execute();

  it('a process killed mid-copy leaves nothing registered; the next start cleans up and ingests', async () => {
    const folder = path.join(dock, 'BC-KILL');
    await mkdir(folder, { recursive: true });
    // A large clip (a real MP4 followed by filler) so that the copy takes a while.
    const big = path.join(folder, 'BIG.mp4');
    await copyFile(clip, big);
    const fh = await open(big, 'a');
    const chunk = Buffer.alloc(8 * 1024 * 1024, 7);
    for (let i = 0; i < 60; i++) await fh.write(chunk);
    await fh.close();
    const before = await hashFile(big);

    const staging = path.join(getDb().dir, 'tmp', 'bodycam-ingest');
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: env(getDb()),
      stdio: 'ignore',
    });
    let exited = false;
    const exit = new Promise((r) => child.once('exit', () => r((exited = true))));
    let killedMidCopy = false;
    for (let i = 0; i < 3000 && !exited; i++) {
      const parts = await readdir(staging).catch(() => [] as string[]);
      const part = parts[0] ? await stat(path.join(staging, parts[0])).catch(() => null) : null;
      if (part && part.size > 0 && part.size < before.bytes) {
        child.kill('SIGKILL');
        killedMidCopy = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await exit;
    expect(killedMidCopy).toBe(true);
    expect(await clipRows()).toHaveLength(0);
    expect((await hashFile(big)).sha256).toBe(before.sha256); // source untouched
    expect((await readdir(staging)).length).toBeGreaterThan(0); // the partial copy is there

    // Restart (a fresh service on the same folders): partial copy removed, file ingested.
    const fresh = new DockIngestService({
      db: t.core.db,
      storage: t.core.storage,
      clips: new ClipsRepository(t.core.db),
      fleet: t.core.bodycams.fleet,
      disciplinare: t.core.bodycams.disciplinare,
      audit: t.core.audit,
      clock: t.core.clock,
      log: t.core.log,
      probe: (f) => probeRecording(f),
      settings: {
        dockDir: dock,
        stagingDir: staging,
        stableMs: 0,
        pollMs: 1000,
        copyAttempts: 3,
        concurrency: 2,
      },
    });
    await fresh.runOnce();
    expect(await readdir(staging)).toEqual([]);
    const res = await fresh.runOnce();
    expect(res.map((r) => r.outcome)).toEqual(['ingested']);
    const rows = await clipRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.sha256).toBe(before.sha256);
    expect(
      (await hashFile(t.core.storage.localPath(rows[0]?.storage_key ?? '') ?? '')).sha256,
    ).toBe(before.sha256);
    expect(await readdir(folder)).toEqual([]);
    const log = await t.core.db.selectFrom('bodycam_ingest_log').select('outcome').execute();
    expect(log.map((l) => l.outcome).sort()).toEqual(['ingested', 'interrupted_cleanup']);
  }, 120_000);

  it('a corrupted stored copy is retried; while it never verifies the source is kept', async () => {
    const folder = path.join(dock, 'BC-FLIP');
    await mkdir(folder, { recursive: true });
    const made = await makeTestClip({
      dir: path.join(getDb().dir, 'fixtures'),
      seconds: 3,
      fps: 4,
    });
    await copyFile(made, path.join(folder, 'F1.mp4'));
    const service = (storage: Storage) =>
      new DockIngestService({
        db: t.core.db,
        storage,
        clips: new ClipsRepository(t.core.db),
        fleet: t.core.bodycams.fleet,
        disciplinare: t.core.bodycams.disciplinare,
        audit: t.core.audit,
        clock: t.core.clock,
        log: t.core.log,
        probe: (f) => probeRecording(f),
        settings: {
          dockDir: dock,
          stagingDir: path.join(getDb().dir, 'tmp', 'flip'),
          stableMs: 0,
          pollMs: 1000,
          copyAttempts: 3,
          concurrency: 1,
        },
      });
    // Always corrupt: three attempts, nothing registered, source kept.
    const bad = service(flipping(t.core.storage, 1000));
    await bad.runOnce();
    const r1 = await bad.runOnce();
    expect(r1.filter((r) => r.file === 'F1.mp4').map((r) => r.outcome)).toEqual(['hash_mismatch']);
    expect(await readdir(folder)).toEqual(['F1.mp4']);
    const sha = (await hashFile(path.join(folder, 'F1.mp4'))).sha256;
    expect((await clipRows()).find((c) => c.sha256 === sha)).toBeUndefined();

    // Corrupt once: retried within the pass, then ingested and the source removed.
    const once = service(flipping(t.core.storage, 1));
    await once.runOnce();
    const r2 = await once.runOnce();
    expect(r2.map((r) => r.outcome)).toEqual(['ingested']);
    expect(await readdir(folder)).toEqual([]);
    const mismatches = await t.core.db
      .selectFrom('bodycam_ingest_log')
      .select('reason')
      .where('outcome', '=', 'hash_mismatch')
      .where('device_serial', '=', 'BC-FLIP')
      .execute();
    expect(mismatches).toHaveLength(4);
  }, 120_000);

  it('a duplicate is recognized and removed only after the stored copy verifies', async () => {
    const folder = path.join(dock, 'BC-FLIP');
    await mkdir(folder, { recursive: true });
    const made = await makeTestClip({
      dir: path.join(getDb().dir, 'fixtures'),
      seconds: 3,
      fps: 4,
    });
    await copyFile(made, path.join(folder, 'F1-copia.mp4'));
    await t.core.bodycams.ingest.runOnce();
    const r = await t.core.bodycams.ingest.runOnce();
    expect(r.map((x) => x.outcome)).toEqual(['duplicate']);
    expect(r[0]?.reason).toContain('verificata identica');
    expect(await readdir(folder)).toEqual([]);
  });

  it('property: the real purge deletes every expired clip and nothing held', async () => {
    const repo = new ClipsRepository(t.core.db);
    const now = Date.now();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            offsetH: fc.integer({ min: -400 * 24, max: 400 * 24 }),
            noRetention: fc.boolean(),
            hold: fc.boolean(),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        async (drawn) => {
          const ids: Array<{ id: string; expired: boolean; held: boolean; key: string }> = [];
          for (const c of drawn) {
            const id = `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
            const key = `bodycams/clips/PROP/${id}.mp4`;
            await t.core.storage.put(key, Buffer.from(id));
            const retain = c.noRetention ? null : now + c.offsetH * 3_600_000;
            await repo.insert(
              {
                id,
                sha256: `prop-${id}`,
                bytes: 36,
                storage_key: key,
                original_name: 'p.mp4',
                source: 'dock',
                device_id: null,
                device_serial: 'PROP',
                officer_id: null,
                officer_name: null,
                issue_id: null,
                partner_command: null,
                recorded_start: now,
                recorded_end: now,
                time_source: 'file',
                duration_ms: 0,
                codec: 'h264',
                width: null,
                height: null,
                gps: null,
                gps_points: 0,
                first_lat: null,
                first_lon: null,
                disciplinare_id: (await t.core.bodycams.disciplinare.inForceAt(now)).id,
                disciplinare_number: 1,
                flags: '[]',
                category: null,
                activation_reason: null,
                note: null,
                subjects_warned: null,
                linked_ref: null,
                categorized_by: null,
                categorized_at: null,
                categorize_due_at: now,
                retain_until: retain,
                legal_hold: c.hold ? 1 : 0,
                legal_hold_reason: c.hold ? 'AG' : null,
                not_usable_admin: 1,
                ingested_at: now,
                deleted_at: null,
                deleted_cause: null,
              },
              t.core.db,
            );
            ids.push({
              id,
              key,
              held: c.hold || retain === null,
              expired: retain !== null && retain <= Date.now(),
            });
          }
          await t.core.bodycams.clips.purge();
          for (const c of ids) {
            const row = await repo.get(c.id);
            const gone = row?.deleted_at !== null;
            if (c.held) {
              expect(gone).toBe(false);
              expect(await t.core.storage.exists(c.key)).toBe(true);
            } else {
              expect(gone).toBe(c.expired);
              expect(await t.core.storage.exists(c.key)).toBe(!c.expired);
            }
          }
        },
      ),
      { numRuns: 25 },
    );
    const deletions = await t.core.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'bodycam.clip.delete')
      .execute();
    expect(deletions.length).toBeGreaterThan(0);
  }, 120_000);
});
