import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Tx } from '../db/database.js';
import type { Logger } from '../log/logger.js';
import { redactUrlCredentials } from '../log/redact.js';
import { defaultBackoff, PermanentJobError, type JobQueue } from './job-queue.js';
import { JobRepository } from './job.repository.js';
import type { JobsTable } from './jobs.tables.js';

export interface WorkerOptions {
  concurrency: number;
  pollMs: number;
  defaultLeaseMs: number;
}

/** A periodic job: enqueued once per time bucket, whatever the number of processes or restarts. */
export interface Recurring {
  name: string;
  everyMs: number;
  enqueue: (bucketKey: string, bucketStart: number) => Promise<unknown>;
}

/**
 * Claims and runs due jobs. A job that throws is retried with backoff until its attempts run out;
 * a job whose worker died is taken again when its lease expires. Stopping waits for running jobs.
 */
/** How often expired leases are looked for. */
const REAP_EVERY_MS = 5000;

export class JobWorker {
  readonly id = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private running = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private stopping = false;
  private readonly controller = new AbortController();
  private readonly recurring: Recurring[] = [];
  private readonly enqueuedBucket = new Map<string, number>();
  private lastReap = -Infinity;
  private ticking = false;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly d: { queue: JobQueue; repo: JobRepository; clock: Clock; log: Logger },
    private readonly opts: WorkerOptions = { concurrency: 2, pollMs: 3000, defaultLeaseMs: 60_000 },
  ) {}

  every(r: Recurring): void {
    this.recurring.push(r);
  }

  start(): void {
    this.stopping = false;
    this.unsubscribe ??= this.d.queue.onEnqueue(() => this.wake());
    this.schedule(0);
  }

  /** Polls now instead of at the next interval (a job was just enqueued here). */
  private wake(): void {
    if (this.stopping || this.ticking || !this.timer) return;
    clearTimeout(this.timer);
    this.schedule(0);
  }

  /** Runs one polling round; returns how many jobs were started. Exposed for tests. */
  async tick(): Promise<number> {
    const now = this.d.clock.now();
    // Idle polling must stay cheap (it runs beside the recorders): expired leases are looked
    // for every few seconds, and a recurring job is enqueued once per period, not every poll
    // (the unique key still makes a second enqueue by another process harmless).
    if (now - this.lastReap >= REAP_EVERY_MS || now < this.lastReap) {
      this.lastReap = now;
      const reaped = await this.d.repo.reapExpired(now, this.d.queue.names(), (job, tx) =>
        this.notifyDead(job, JobRepository.LEASE_EXPIRED, tx),
      );
      for (const job of reaped) await this.afterDead(job);
    }
    for (const r of this.recurring) {
      const bucketStart = Math.floor(now / r.everyMs) * r.everyMs;
      if (this.enqueuedBucket.get(r.name) === bucketStart) continue;
      await r.enqueue(`${r.name}:${bucketStart}`, bucketStart);
      this.enqueuedBucket.set(r.name, bucketStart);
    }
    let started = 0;
    while (!this.stopping && this.running.size < this.opts.concurrency) {
      const job = await this.d.repo.claim(
        this.id,
        this.d.queue.names(),
        this.d.clock.now(),
        this.leaseFor(undefined),
      );
      if (!job) break;
      const p = this.run(job).finally(() => {
        this.running.delete(job.id);
        // A slot is free: take the next due job now rather than at the next poll.
        this.wake();
      });
      this.running.set(job.id, p);
      started++;
    }
    return started;
  }

  /** Waits until every job started so far has finished (tests). */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.controller.abort();
    await Promise.allSettled(this.running.values());
  }

  private schedule(delay: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.ticking = true;
      this.tick()
        .catch((err: unknown) => this.d.log.error({ err }, 'job worker poll failed'))
        .finally(() => {
          this.ticking = false;
          this.schedule(this.opts.pollMs);
        });
    }, delay);
    this.timer.unref();
  }

  /** The job's owner learns that it ended for good, in the transaction that says so. */
  private async notifyDead(job: JobsTable, error: string, tx: Tx): Promise<void> {
    const def = this.d.queue.definition(job.name);
    if (!def?.onDead) return;
    const payload = def.schema.safeParse(JSON.parse(job.payload));
    if (payload.success) await def.onDead(payload.data, { error, tx });
  }

  private async afterDead(job: JobsTable): Promise<void> {
    const def = this.d.queue.definition(job.name);
    if (!def?.afterDead) return;
    const payload = def.schema.safeParse(JSON.parse(job.payload));
    if (!payload.success) return;
    await def
      .afterDead(payload.data)
      .catch((err: unknown) =>
        this.d.log.warn({ err, job: job.name, jobId: job.id }, 'cleanup after a dead job failed'),
      );
  }

  private leaseFor(name: string | undefined): number {
    return (name && this.d.queue.definition(name)?.leaseMs) || this.opts.defaultLeaseMs;
  }

  private async run(job: JobsTable): Promise<void> {
    const def = this.d.queue.definition(job.name);
    const log = this.d.log.child({ job: job.name, jobId: job.id, attempt: job.attempts });
    const leaseMs = this.leaseFor(job.name);
    const jobAbort = new AbortController();
    const onStop = () => jobAbort.abort();
    this.controller.signal.addEventListener('abort', onStop);
    const heartbeat = setInterval(
      () => {
        this.d.repo
          .updateHeld(job.id, this.id, { lease_until: this.d.clock.now() + leaseMs })
          .then((held) => {
            if (!held) jobAbort.abort();
          })
          .catch((err: unknown) => log.warn({ err }, 'job lease renewal failed'));
      },
      Math.max(1000, leaseMs / 3),
    );
    heartbeat.unref();
    try {
      if (!def) throw new PermanentJobError(`nessuna definizione per il job ${job.name}`);
      const payload = def.schema.safeParse(JSON.parse(job.payload));
      if (!payload.success)
        throw new PermanentJobError(`payload non valido: ${payload.error.message}`);
      const result = await def.handler(payload.data, {
        jobId: job.id,
        attempt: job.attempts,
        signal: jobAbort.signal,
        log,
      });
      const now = this.d.clock.now();
      await this.d.repo.updateHeld(job.id, this.id, {
        status: 'succeeded',
        result: result === undefined ? null : JSON.stringify(result),
        last_error: null,
        locked_by: null,
        lease_until: null,
        updated_at: now,
        finished_at: now,
      });
    } catch (err: unknown) {
      const message = redactUrlCredentials(err instanceof Error ? err.message : String(err)).slice(
        0,
        2000,
      );
      const permanent = err instanceof PermanentJobError;
      const dead = permanent || job.attempts >= job.max_attempts;
      const now = this.d.clock.now();
      const delay = (def?.backoffMs ?? defaultBackoff)(job.attempts);
      log[dead ? 'error' : 'warn'](
        { err },
        dead ? 'job failed for good' : 'job failed, will retry',
      );
      const patch = {
        status: dead ? ('dead' as const) : ('failed' as const),
        last_error: message,
        run_at: dead ? job.run_at : now + delay,
        locked_by: null,
        lease_until: null,
        updated_at: now,
        finished_at: dead ? now : null,
      };
      if (!dead) {
        await this.d.repo.updateHeld(job.id, this.id, patch);
      } else {
        const held = await this.d.repo.updateHeldThen(job.id, this.id, patch, (tx) =>
          this.notifyDead(job, message, tx),
        );
        if (held) await this.afterDead(job);
      }
    } finally {
      clearInterval(heartbeat);
      this.controller.signal.removeEventListener('abort', onStop);
    }
  }
}
