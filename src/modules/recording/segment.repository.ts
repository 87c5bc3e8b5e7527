import type { Db, Executor } from '../../platform/db/database.js';
import type { DeletionsTable, GapsTable, SegmentsTable } from './recording.tables.js';

export type SegmentRow = SegmentsTable;
export type GapRow = GapsTable;
export type DeletionRow = DeletionsTable;

/** Segments, gaps and deletions: the index of what was recorded and what is missing. */
export class SegmentRepository {
  constructor(private readonly db: Db) {}

  async insert(row: SegmentRow, ex: Executor = this.db): Promise<void> {
    await ex.insertInto('recording_segments').values(row).execute();
  }

  /** Segments that overlap [from, to), oldest first. */
  inWindow(cameraId: string, from: number, to: number, ex: Executor = this.db) {
    return ex
      .selectFrom('recording_segments')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .where('start_ms', '<', to)
      .where('end_ms', '>', from)
      .orderBy('start_ms')
      .execute();
  }

  findById(id: string, ex: Executor = this.db): Promise<SegmentRow | undefined> {
    return ex.selectFrom('recording_segments').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The end of each camera's latest segment. */
  async lastEnds(ex: Executor = this.db): Promise<Map<string, number>> {
    const rows = await ex
      .selectFrom('recording_segments')
      .select(['camera_id', (eb) => eb.fn.max<number>('end_ms').as('end')])
      .groupBy('camera_id')
      .execute();
    return new Map(rows.map((r) => [r.camera_id, Number(r.end)]));
  }

  async cameraIds(ex: Executor = this.db): Promise<string[]> {
    const rows = await ex.selectFrom('recording_segments').select('camera_id').distinct().execute();
    return rows.map((r) => r.camera_id);
  }

  /** A camera's segments that ended at or before `cutoff`, oldest first. */
  endedBefore(
    cameraId: string,
    cutoff: number,
    limit: number,
    afterStart = -1,
    ex: Executor = this.db,
  ) {
    return ex
      .selectFrom('recording_segments')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .where('end_ms', '<=', cutoff)
      .where('start_ms', '>', afterStart)
      .orderBy('start_ms')
      .limit(limit)
      .execute();
  }

  /** The oldest segments of every camera, for the free-space guard. */
  oldest(limit: number, afterStart = -1, ex: Executor = this.db) {
    return ex
      .selectFrom('recording_segments')
      .selectAll()
      .where('start_ms', '>', afterStart)
      .orderBy('start_ms')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  async deleteByIds(ids: string[], ex: Executor = this.db): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      await ex
        .deleteFrom('recording_segments')
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
    }
  }

  async totals(ex: Executor = this.db): Promise<{ segments: number; bytes: number }> {
    const row = await ex
      .selectFrom('recording_segments')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('bytes').as('b')])
      .executeTakeFirstOrThrow();
    return { segments: Number(row.n), bytes: Number(row.b ?? 0) };
  }

  findOpenGap(cameraId: string, ex: Executor = this.db): Promise<GapRow | undefined> {
    return ex
      .selectFrom('recording_gaps')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .where('end_ms', 'is', null)
      .orderBy('start_ms', 'desc')
      .executeTakeFirst();
  }

  async insertGap(row: GapRow, ex: Executor = this.db): Promise<void> {
    await ex.insertInto('recording_gaps').values(row).execute();
  }

  async closeGap(id: string, endMs: number, ex: Executor = this.db): Promise<void> {
    await ex.updateTable('recording_gaps').set({ end_ms: endMs }).where('id', '=', id).execute();
  }

  /** Gaps that overlap [from, to); an open gap overlaps everything after its start. */
  gapsInWindow(cameraId: string, from: number, to: number, ex: Executor = this.db) {
    return ex
      .selectFrom('recording_gaps')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .where('start_ms', '<', to)
      .where((eb) => eb.or([eb('end_ms', 'is', null), eb('end_ms', '>', from)]))
      .orderBy('start_ms')
      .execute();
  }

  async insertDeletion(row: DeletionRow, ex: Executor = this.db): Promise<void> {
    await ex.insertInto('recording_deletions').values(row).execute();
  }

  deletionsInWindow(cameraId: string, from: number, to: number, ex: Executor = this.db) {
    return ex
      .selectFrom('recording_deletions')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .where('start_ms', '<', to)
      .where('end_ms', '>', from)
      .orderBy('start_ms')
      .execute();
  }

  listDeletions(limit: number, ex: Executor = this.db) {
    return ex
      .selectFrom('recording_deletions')
      .selectAll()
      .orderBy('deleted_at', 'desc')
      .limit(limit)
      .execute();
  }
}
