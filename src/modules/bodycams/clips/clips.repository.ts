import type { Db, Executor } from '../../../platform/db/database.js';
import type { BodycamClipsTable, BodycamIngestLogTable } from '../bodycams.tables.js';

export interface ClipQuery {
  officerId?: string | undefined;
  serial?: string | undefined;
  uncategorized?: boolean | undefined;
  overdueAt?: number | undefined;
  flagged?: boolean | undefined;
  includeDeleted?: boolean | undefined;
  limit: number;
}

export class ClipsRepository {
  constructor(private readonly db: Db) {}

  async insert(row: BodycamClipsTable, ex: Executor): Promise<void> {
    await ex.insertInto('bodycam_clips').values(row).execute();
  }

  get(id: string, ex: Executor = this.db): Promise<BodycamClipsTable | undefined> {
    return ex.selectFrom('bodycam_clips').selectAll().where('id', '=', id).executeTakeFirst();
  }

  bySha256(sha256: string, ex: Executor = this.db): Promise<BodycamClipsTable | undefined> {
    return ex
      .selectFrom('bodycam_clips')
      .selectAll()
      .where('sha256', '=', sha256)
      .executeTakeFirst();
  }

  list(q: ClipQuery): Promise<BodycamClipsTable[]> {
    let s = this.db.selectFrom('bodycam_clips').selectAll();
    if (q.officerId) s = s.where('officer_id', '=', q.officerId);
    if (q.serial) s = s.where('device_serial', '=', q.serial);
    if (q.uncategorized) s = s.where('category', 'is', null);
    if (q.overdueAt !== undefined)
      s = s.where('category', 'is', null).where('categorize_due_at', '<', q.overdueAt);
    if (q.flagged) s = s.where('flags', '<>', '[]');
    if (!q.includeDeleted) s = s.where('deleted_at', 'is', null);
    return s.orderBy('recorded_start', 'desc').limit(q.limit).execute();
  }

  async update(id: string, patch: Partial<BodycamClipsTable>, ex: Executor): Promise<void> {
    await ex.updateTable('bodycam_clips').set(patch).where('id', '=', id).execute();
  }

  /** Clips whose retention has passed and no legal hold protects, oldest first. */
  expired(now: number, limit: number, ex: Executor = this.db): Promise<BodycamClipsTable[]> {
    return ex
      .selectFrom('bodycam_clips')
      .selectAll()
      .where('deleted_at', 'is', null)
      .where('legal_hold', '=', 0)
      .where('retain_until', 'is not', null)
      .where('retain_until', '<=', now)
      .orderBy('retain_until')
      .limit(limit)
      .execute();
  }

  async log(row: BodycamIngestLogTable, ex: Executor = this.db): Promise<void> {
    await ex.insertInto('bodycam_ingest_log').values(row).execute();
  }

  ingestLog(limit: number, outcome?: string): Promise<BodycamIngestLogTable[]> {
    let s = this.db.selectFrom('bodycam_ingest_log').selectAll();
    if (outcome) s = s.where('outcome', '=', outcome as BodycamIngestLogTable['outcome']);
    return s.orderBy('at', 'desc').limit(limit).execute();
  }
}
