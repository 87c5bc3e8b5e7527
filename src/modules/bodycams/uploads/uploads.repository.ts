import { sql } from 'kysely';
import type { Db, Executor } from '../../../platform/db/database.js';
import type { BodycamUploadsTable, UploadStatus } from './uploads.tables.js';
import './uploads.tables.js';

export class UploadsRepository {
  constructor(private readonly db: Db) {}

  async insert(row: BodycamUploadsTable, ex: Executor = this.db): Promise<void> {
    await ex.insertInto('bodycam_uploads').values(row).execute();
  }

  get(id: string, ex: Executor = this.db): Promise<BodycamUploadsTable | undefined> {
    return ex.selectFrom('bodycam_uploads').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async update(id: string, patch: Partial<BodycamUploadsTable>, ex: Executor = this.db) {
    await ex.updateTable('bodycam_uploads').set(patch).where('id', '=', id).execute();
  }

  /**
   * Moves the offset forward only from the offset the caller read: a concurrent writer (another
   * server process) that moved it meanwhile makes this return false.
   */
  async advance(
    id: string,
    from: number,
    patch: Pick<BodycamUploadsTable, 'received' | 'updated_at' | 'expires_at'> &
      Partial<Pick<BodycamUploadsTable, 'status' | 'completed_at'>>,
    ex: Executor = this.db,
  ): Promise<boolean> {
    const r = await ex
      .updateTable('bodycam_uploads')
      .set(patch)
      .where('id', '=', id)
      .where('status', '=', 'receiving')
      .where('received', '=', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Uploads still receiving whose expiry has passed. */
  expired(now: number, limit: number): Promise<BodycamUploadsTable[]> {
    return this.db
      .selectFrom('bodycam_uploads')
      .selectAll()
      .where('status', '=', 'receiving')
      .where('expires_at', '<=', now)
      .orderBy('expires_at')
      .limit(limit)
      .execute();
  }

  /**
   * Bytes that uploads already accepted will still write on the disk: what those receiving still
   * expect, and a full copy of each one waiting for the ingest (copied into storage before its
   * own file is removed).
   */
  async reservedBytes(ex: Executor = this.db): Promise<number> {
    const r = await ex
      .selectFrom('bodycam_uploads')
      .select(
        sql<
          string | number
        >`coalesce(sum(case when status = 'receiving' then length - received else length end), 0)`.as(
          'bytes',
        ),
      )
      .where('status', 'in', ['receiving', 'ingesting'])
      .executeTakeFirst();
    return Number(r?.bytes ?? 0);
  }

  /** Uploads of this account still receiving. */
  async receivingCount(userId: string, ex: Executor = this.db): Promise<number> {
    const r = await ex
      .selectFrom('bodycam_uploads')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('created_by', '=', userId)
      .where('status', '=', 'receiving')
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** Ids whose data file must still exist (receiving, waiting for the ingest, or failed). */
  async liveIds(): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('bodycam_uploads')
      .select('id')
      .where('status', 'in', ['receiving', 'ingesting', 'failed'])
      .execute();
    return new Set(rows.map((r) => r.id));
  }

  list(q: { status?: UploadStatus | undefined; limit: number }): Promise<BodycamUploadsTable[]> {
    let s = this.db.selectFrom('bodycam_uploads').selectAll();
    if (q.status) s = s.where('status', '=', q.status);
    return s.orderBy('created_at', 'desc').limit(q.limit).execute();
  }

  /**
   * Uploads that did not end in an ingest and want someone's attention: failed ones (file kept),
   * those still receiving with no progress since `staleBefore`, and those expired since
   * `expiredSince` (their file is gone); the most recently touched first.
   */
  notIngested(q: { staleBefore: number; expiredSince: number; limit: number }) {
    return this.db
      .selectFrom('bodycam_uploads')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('status', '=', 'failed'),
          eb.and([eb('status', '=', 'receiving'), eb('updated_at', '<=', q.staleBefore)]),
          eb.and([eb('status', '=', 'expired'), eb('updated_at', '>=', q.expiredSince)]),
        ]),
      )
      .orderBy('updated_at', 'desc')
      .limit(q.limit)
      .execute();
  }

  /** Changes an upload only if it is still in `from` (another request may have acted first). */
  async transition(
    id: string,
    from: UploadStatus,
    patch: Partial<BodycamUploadsTable>,
    ex: Executor = this.db,
  ): Promise<boolean> {
    const r = await ex
      .updateTable('bodycam_uploads')
      .set(patch)
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
