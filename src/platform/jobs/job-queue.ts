import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Executor, Tx } from '../db/database.js';
import type { Logger } from '../log/logger.js';
import type { JobRepository } from './job.repository.js';
import type { JobsTable } from './jobs.tables.js';

/**
 * The payload type of every job, by name. Modules add theirs by declaration merging, so that
 * `enqueue('name', payload)` is type-checked against the job's definition.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface JobPayloads {}
export type JobName = Extract<keyof JobPayloads, string>;

export interface JobContext {
  jobId: string;
  attempt: number;
  /** Aborted when the worker stops or loses the job's lease: long jobs should check it. */
  signal: AbortSignal;
  log: Logger;
}

export interface JobDefinition<N extends JobName = JobName> {
  name: N;
  schema: z.ZodType<JobPayloads[N]>;
  handler: (payload: JobPayloads[N], ctx: JobContext) => Promise<unknown>;
  maxAttempts?: number;
  /** Milliseconds before retry number `attempt` (1-based); exponential by default. */
  backoffMs?: (attempt: number) => number;
  leaseMs?: number;
  /**
   * The job ended for good (its attempts ran out, its worker died on the last one, or it threw a
   * PermanentJobError): called inside the transaction that marks it dead, so that what the job
   * stood for (an acquisition, say) never stays "running" behind a dead job.
   */
  onDead?: (payload: JobPayloads[N], ctx: { error: string; tx: Tx }) => Promise<void>;
  /** After that transaction commits: cleanup outside the database (partial files). */
  afterDead?: (payload: JobPayloads[N]) => Promise<void>;
}

export interface EnqueueOptions {
  runAt?: number;
  uniqueKey?: string;
  maxAttempts?: number;
}

/** An error that retrying cannot fix: the job goes straight to dead. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

export const defaultBackoff = (attempt: number): number =>
  Math.min(60 * 60_000, 5_000 * 2 ** (attempt - 1));

/** The durable job queue: typed definitions, enqueueing (optionally inside a transaction). */
export class JobQueue {
  private readonly defs = new Map<string, JobDefinition>();

  constructor(private readonly d: { repo: JobRepository; clock: Clock }) {}

  define<N extends JobName>(def: JobDefinition<N>): void {
    if (this.defs.has(def.name)) throw new Error(`job ${def.name} defined twice`);
    this.defs.set(def.name, def as unknown as JobDefinition);
  }

  definition(name: string): JobDefinition | undefined {
    return this.defs.get(name);
  }

  names(): string[] {
    return [...this.defs.keys()];
  }

  /**
   * Adds a job. With a unique key, a second enqueue of the same key is a no-op that returns the
   * existing job's id: this is how "exactly once" jobs (a month's report) are expressed.
   */
  private readonly listeners = new Set<() => void>();

  /** Called when a job that is due now has been enqueued (the local worker wakes up). */
  onEnqueue(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    opts: EnqueueOptions = {},
    ex?: Executor,
  ): Promise<string> {
    const def = this.defs.get(name);
    if (!def) throw new Error(`unknown job ${name}`);
    const parsed = def.schema.parse(payload);
    const now = this.d.clock.now();
    const row: JobsTable = {
      id: randomUUID(),
      name,
      payload: JSON.stringify(parsed),
      status: 'queued',
      attempts: 0,
      max_attempts: opts.maxAttempts ?? def.maxAttempts ?? 5,
      run_at: opts.runAt ?? now,
      locked_by: null,
      lease_until: null,
      last_error: null,
      result: null,
      unique_key: opts.uniqueKey ?? null,
      created_at: now,
      updated_at: now,
      finished_at: null,
    };
    const inserted = await this.d.repo.insert(row, ex);
    // A worker in this process starts it soon; inside a caller's transaction the row becomes
    // visible only at commit, so the wake-up comes a moment later and polling covers the rest.
    if (inserted && row.run_at <= now) {
      for (const l of this.listeners) setTimeout(l, ex ? 50 : 0).unref();
    }
    if (!inserted && opts.uniqueKey) {
      const existing = await this.d.repo.findByUniqueKey(opts.uniqueKey, ex);
      if (existing) return existing.id;
    }
    return row.id;
  }
}
