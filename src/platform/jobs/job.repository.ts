import { sql } from 'kysely';
import { dialectOf, type Db, type Executor, type Tx } from '../db/database.js';
import type { JobsTable, JobStatus } from './jobs.tables.js';

export class JobRepository {
  constructor(private readonly db: Db) {}

  /** Inserts a job; with a unique key already present, inserts nothing and returns false. */
  async insert(row: JobsTable, ex: Executor = this.db): Promise<boolean> {
    const res = await ex
      .insertInto('jobs')
      .values(row)
      .onConflict((oc) => oc.column('unique_key').doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  findById(id: string, ex: Executor = this.db): Promise<JobsTable | undefined> {
    return ex.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByUniqueKey(key: string, ex: Executor = this.db): Promise<JobsTable | undefined> {
    return ex.selectFrom('jobs').selectAll().where('unique_key', '=', key).executeTakeFirst();
  }

  /**
   * Atomically takes the next due job for a worker: queued or retrying jobs whose time has come,
   * and running jobs whose worker's lease ran out (the worker died). PostgreSQL uses
   * FOR UPDATE SKIP LOCKED so concurrent workers never take the same job; SQLite serializes writers.
   */
  async claim(
    workerId: string,
    names: readonly string[],
    now: number,
    leaseMs: number,
  ): Promise<JobsTable | undefined> {
    if (names.length === 0) return undefined;
    // A plain read first: most polls find nothing due, and then cost no transaction (on SQLite
    // a write lock) and no query building.
    const due = await sql<{ id: string }>`select id from jobs
      where name in (${sql.join(names)}) and attempts < max_attempts
        and ((status in ('queued', 'failed') and run_at <= ${now})
          or (status = 'running' and lease_until < ${now}))
      limit 1`.execute(this.db);
    if (due.rows.length === 0) return undefined;
    const pg = dialectOf(this.db) === 'postgres';
    return this.db.transaction().execute(async (tx) => {
      let pick = tx
        .selectFrom('jobs')
        .select('id')
        .where('name', 'in', names)
        .where('attempts', '<', (eb) => eb.ref('max_attempts'))
        .where((eb) =>
          eb.or([
            eb.and([eb('status', 'in', ['queued', 'failed']), eb('run_at', '<=', now)]),
            eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now)]),
          ]),
        )
        .orderBy('run_at')
        .limit(1);
      if (pg) pick = pick.forUpdate().skipLocked();
      const next = await pick.executeTakeFirst();
      if (!next) return undefined;
      return tx
        .updateTable('jobs')
        .set((eb) => ({
          status: 'running',
          locked_by: workerId,
          lease_until: now + leaseMs,
          attempts: eb('attempts', '+', 1),
          updated_at: now,
        }))
        .where('id', '=', next.id)
        .returningAll()
        .executeTakeFirst();
    });
  }

  /** Updates a job only while this worker still holds it; returns false if it lost the lease. */
  async updateHeld(
    id: string,
    workerId: string,
    patch: Partial<JobsTable>,
    ex: Executor = this.db,
  ): Promise<boolean> {
    const res = await ex
      .updateTable('jobs')
      .set(patch)
      .where('id', '=', id)
      .where('locked_by', '=', workerId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  /** updateHeld and, when the job was still held, `then` in the same transaction. */
  updateHeldThen(
    id: string,
    workerId: string,
    patch: Partial<JobsTable>,
    then: (tx: Tx) => Promise<void>,
  ): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      if (!(await this.updateHeld(id, workerId, patch, tx))) return false;
      await then(tx);
      return true;
    });
  }

  /** The message a job gets when its worker died on its last allowed attempt. */
  static readonly LEASE_EXPIRED = "il worker si è fermato durante l'esecuzione (lease scaduto)";

  /**
   * Running jobs of these names whose lease expired on their last allowed attempt are dead.
   * Each is marked in its own transaction, in which `onDead` runs too (the job's owner records
   * the outcome); returns the jobs marked.
   */
  async reapExpired(
    now: number,
    names: readonly string[],
    onDead?: (job: JobsTable, tx: Tx) => Promise<void>,
  ): Promise<JobsTable[]> {
    if (names.length === 0) return [];
    const expired = await this.db
      .selectFrom('jobs')
      .selectAll()
      .where('name', 'in', [...names])
      .where('status', '=', 'running')
      .where('lease_until', '<', now)
      .where('attempts', '>=', (eb) => eb.ref('max_attempts'))
      .execute();
    const reaped: JobsTable[] = [];
    for (const job of expired) {
      const marked = await this.db.transaction().execute(async (tx) => {
        // Guarded again: another worker may have reaped it, or its worker came back to life.
        const res = await tx
          .updateTable('jobs')
          .set({
            status: 'dead',
            last_error: JobRepository.LEASE_EXPIRED,
            updated_at: now,
            finished_at: now,
            locked_by: null,
          })
          .where('id', '=', job.id)
          .where('status', '=', 'running')
          .where('lease_until', '<', now)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 0) return false;
        await onDead?.(job, tx);
        return true;
      });
      if (marked) reaped.push(job);
    }
    return reaped;
  }

  list(
    filter: { status?: JobStatus; name?: string; limit: number },
    ex: Executor = this.db,
  ): Promise<JobsTable[]> {
    let q = ex.selectFrom('jobs').selectAll();
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.name) q = q.where('name', '=', filter.name);
    return q.orderBy('created_at', 'desc').limit(filter.limit).execute();
  }

  async requeue(id: string, now: number, ex: Executor = this.db): Promise<boolean> {
    const res = await ex
      .updateTable('jobs')
      .set((eb) => ({
        status: 'queued',
        run_at: now,
        max_attempts: eb('attempts', '+', 1),
        locked_by: null,
        lease_until: null,
        finished_at: null,
        updated_at: now,
      }))
      .where('id', '=', id)
      .where('status', 'in', ['failed', 'dead'])
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }
}
