import { z } from 'zod';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test-support/databases.js';
import { ManualClock } from '../clock.js';
import { openDatabase, type Db } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { migrationProvider } from '../../migrations/index.js';
import { createLogger } from '../log/logger.js';
import { JobQueue, PermanentJobError } from './job-queue.js';
import { JobRepository } from './job.repository.js';
import { JobWorker } from './job-worker.js';

declare module './job-queue.js' {
  interface JobPayloads {
    'test.echo': { value: number };
    'test.flaky': { failTimes: number };
    'test.permanent': Record<string, never>;
    'test.slow': { ms: number };
    'test.owned': { fail: boolean };
  }
}

describeEachDatabase('durable jobs', (getDb, kind) => {
  let db: Db;
  const clock = new ManualClock();
  const log = createLogger('silent');
  const seen: number[] = [];
  let flakyCalls = 0;
  const dead: Array<{ fail: boolean; error: string; inTx: boolean }> = [];
  const cleaned: boolean[] = [];

  function build(): { queue: JobQueue; worker: JobWorker; repo: JobRepository } {
    const repo = new JobRepository(db);
    const queue = new JobQueue({ repo, clock });
    queue.define({
      name: 'test.echo',
      schema: z.object({ value: z.number() }),
      handler: (p) => {
        seen.push(p.value);
        return Promise.resolve({ doubled: p.value * 2 });
      },
    });
    queue.define({
      name: 'test.flaky',
      schema: z.object({ failTimes: z.number() }),
      maxAttempts: 3,
      backoffMs: (n) => n * 10_000,
      handler: (p) => {
        flakyCalls++;
        return flakyCalls <= p.failTimes
          ? Promise.reject(new Error(`fallito al tentativo ${flakyCalls} rtsp://user:secret@cam/1`))
          : Promise.resolve();
      },
    });
    queue.define({
      name: 'test.permanent',
      schema: z.object({}).strict(),
      handler: () => Promise.reject(new PermanentJobError('dati non validi')),
    });
    queue.define({
      name: 'test.slow',
      schema: z.object({ ms: z.number() }),
      leaseMs: 5_000,
      handler: (p) => new Promise((r) => setTimeout(r, p.ms)),
    });
    queue.define({
      name: 'test.owned',
      schema: z.object({ fail: z.boolean() }),
      maxAttempts: 3,
      handler: (p) =>
        p.fail ? Promise.reject(new PermanentJobError('rifiutato')) : Promise.resolve(),
      onDead: async (p, { error, tx }) => {
        // Inside the transaction that marks the job dead: it already reads as dead there.
        const row = await tx
          .selectFrom('jobs')
          .select('status')
          .where('payload', '=', JSON.stringify(p))
          .where('status', '=', 'dead')
          .executeTakeFirst();
        dead.push({ ...p, error, inTx: row?.status === 'dead' });
      },
      afterDead: (p) => {
        cleaned.push(p.fail);
        return Promise.resolve();
      },
    });
    const worker = new JobWorker(
      { queue, repo, clock, log },
      { concurrency: 2, pollMs: 10_000, defaultLeaseMs: 60_000 },
    );
    return { queue, worker, repo };
  }

  beforeAll(async () => {
    const t = getDb();
    db = openDatabase(t.target);
    await migrateToLatest(db, migrationProvider);
  });
  afterAll(() => db.destroy());

  it('runs a job once and stores its result', async () => {
    const { queue, worker, repo } = build();
    const id = await queue.enqueue('test.echo', { value: 21 });
    expect(await worker.tick()).toBe(1);
    await worker.drain();
    const row = await repo.findById(id);
    expect(row).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      result: JSON.stringify({ doubled: 42 }),
    });
    expect(await worker.tick()).toBe(0);
    expect(seen).toEqual([21]);
  });

  it('enqueues a job with a unique key only once', async () => {
    const { queue } = build();
    const a = await queue.enqueue('test.echo', { value: 1 }, { uniqueKey: 'report:2026-10' });
    const b = await queue.enqueue('test.echo', { value: 2 }, { uniqueKey: 'report:2026-10' });
    expect(b).toBe(a);
    const rows = await db
      .selectFrom('jobs')
      .selectAll()
      .where('unique_key', '=', 'report:2026-10')
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('retries with backoff, then succeeds; never logs credentials in the error', async () => {
    const { queue, worker, repo } = build();
    await worker.tick();
    await worker.drain(); // run the unique-key job left from the previous test
    const id = await queue.enqueue('test.flaky', { failTimes: 2 });
    await worker.tick();
    await worker.drain();
    let row = await repo.findById(id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row?.last_error).toContain('rtsp://***@cam/1');
    expect(row?.last_error).not.toContain('secret');
    expect(await worker.tick()).toBe(0); // backoff not elapsed
    clock.advance(10_000);
    await worker.tick();
    await worker.drain();
    expect((await repo.findById(id))?.status).toBe('failed');
    clock.advance(20_000);
    await worker.tick();
    await worker.drain();
    row = await repo.findById(id);
    expect(row).toMatchObject({ status: 'succeeded', attempts: 3 });
  });

  it('marks a job dead after its last attempt or on a permanent error', async () => {
    const { queue, worker, repo } = build();
    flakyCalls = 0;
    const id = await queue.enqueue('test.flaky', { failTimes: 10 });
    for (let i = 0; i < 3; i++) {
      await worker.tick();
      await worker.drain();
      clock.advance(60_000);
    }
    expect(await repo.findById(id)).toMatchObject({ status: 'dead', attempts: 3 });
    const perm = await queue.enqueue('test.permanent', {});
    await worker.tick();
    await worker.drain();
    expect(await repo.findById(perm)).toMatchObject({
      status: 'dead',
      attempts: 1,
      last_error: 'dati non validi',
    });
    expect(await repo.requeue(perm, clock.now())).toBe(true);
    expect(await repo.findById(perm)).toMatchObject({ status: 'queued', max_attempts: 2 });
  });

  it('survives a crash: a job held by a dead worker runs again after its lease expires', async () => {
    const first = build();
    await first.worker.tick(); // run what the previous test re-queued
    await first.worker.drain();
    const id = await first.queue.enqueue('test.echo', { value: 7 });
    const repo = new JobRepository(db);
    // A worker claims the job and dies without finishing it.
    const claimed = await repo.claim('dead-worker', ['test.echo'], clock.now(), 60_000);
    expect(claimed?.id).toBe(id);
    const second = build();
    expect(await second.worker.tick()).toBe(0);
    clock.advance(61_000);
    expect(await second.worker.tick()).toBe(1);
    await second.worker.drain();
    expect(await repo.findById(id)).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(seen.filter((v) => v === 7)).toEqual([7]);
  });

  it('tells the job’s owner once, in the same transaction, when it ends for good', async () => {
    const { queue, worker, repo } = build();
    await worker.tick(); // whatever earlier tests left due
    await worker.drain();
    dead.length = 0;
    cleaned.length = 0;
    // A worker that dies on each of the three attempts.
    const id = await queue.enqueue('test.owned', { fail: false });
    for (let attempt = 1; attempt <= 3; attempt++) {
      const claimed = await repo.claim(`dead-${attempt}`, ['test.owned'], clock.now(), 60_000);
      expect(claimed).toMatchObject({ id, attempts: attempt });
      expect(await worker.tick()).toBe(0); // still leased: nobody takes it
      clock.advance(61_000);
    }
    expect(await worker.tick()).toBe(0); // reaped, not run a fourth time
    expect(await repo.findById(id)).toMatchObject({
      status: 'dead',
      last_error: JobRepository.LEASE_EXPIRED,
    });
    expect(dead).toEqual([{ fail: false, error: JobRepository.LEASE_EXPIRED, inTx: true }]);
    expect(cleaned).toEqual([false]);
    clock.advance(61_000);
    await worker.tick();
    expect(dead).toHaveLength(1); // once only
    // A permanent error ends it at once, and the owner hears that too.
    await queue.enqueue('test.owned', { fail: true });
    await worker.tick();
    await worker.drain();
    expect(dead[1]).toEqual({ fail: true, error: 'rifiutato', inTx: true });
    expect(cleaned).toEqual([false, true]);
  });

  it('never hands the same job to two concurrent claimers', async () => {
    const { queue } = build();
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) ids.add(await queue.enqueue('test.echo', { value: 100 + i }));
    const other = kind === 'postgres' ? openDatabase(getDb().target) : db;
    const repos = [new JobRepository(db), new JobRepository(other)];
    const claims = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        repos[i % 2]!.claim(`w${i}`, ['test.echo'], clock.now(), 60_000),
      ),
    );
    const got = claims.filter((c) => c !== undefined).map((c) => c.id);
    expect(new Set(got).size).toBe(got.length);
    expect(new Set(got)).toEqual(ids);
    if (other !== db) await other.destroy();
  });
});
