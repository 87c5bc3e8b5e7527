import type { Db, Executor } from '../../platform/db/database.js';
import type { CamerasTable, CameraStatusTable } from './cameras.tables.js';

export type CameraRow = CamerasTable;
export type CameraStatusRow = CameraStatusTable;
export type CameraWithStatusRow = CameraRow & { status: CameraStatusRow | null };

export class CameraRepository {
  constructor(private readonly db: Db) {}

  async list(ex: Executor = this.db): Promise<CameraWithStatusRow[]> {
    const [cameras, statuses] = await Promise.all([
      ex.selectFrom('cameras').selectAll().orderBy('code').execute(),
      ex.selectFrom('camera_status').selectAll().execute(),
    ]);
    const byId = new Map(statuses.map((s) => [s.camera_id, s]));
    return cameras.map((c) => ({ ...c, status: byId.get(c.id) ?? null }));
  }

  async findById(id: string, ex: Executor = this.db): Promise<CameraWithStatusRow | undefined> {
    const camera = await ex
      .selectFrom('cameras')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!camera) return undefined;
    const status = await ex
      .selectFrom('camera_status')
      .selectAll()
      .where('camera_id', '=', id)
      .executeTakeFirst();
    return { ...camera, status: status ?? null };
  }

  findByCode(code: string, ex: Executor = this.db): Promise<CameraRow | undefined> {
    return ex.selectFrom('cameras').selectAll().where('code', '=', code).executeTakeFirst();
  }

  async insert(row: CameraRow, ex: Executor = this.db): Promise<void> {
    await ex.insertInto('cameras').values(row).execute();
  }

  async update(id: string, patch: Partial<Omit<CameraRow, 'id'>>, ex: Executor = this.db) {
    await ex.updateTable('cameras').set(patch).where('id', '=', id).execute();
  }

  async delete(id: string, ex: Executor = this.db): Promise<void> {
    await ex.deleteFrom('cameras').where('id', '=', id).execute();
  }

  async countNonDemo(ex: Executor = this.db): Promise<number> {
    const row = await ex
      .selectFrom('cameras')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('is_demo', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The recorder's view of a camera, written only by the recorder. */
  async upsertStatus(row: CameraStatusRow, ex: Executor = this.db): Promise<void> {
    await ex
      .insertInto('camera_status')
      .values(row)
      .onConflict((oc) =>
        oc.column('camera_id').doUpdateSet({
          state: row.state,
          message: row.message,
          since: row.since,
          last_segment_at: row.last_segment_at,
          codec: row.codec,
          width: row.width,
          height: row.height,
          bitrate: row.bitrate,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }

  /**
   * Moves the last segment time of a camera that is already online with no message; false when
   * its status is anything else (then the whole status is written).
   */
  async touchOnline(
    cameraId: string,
    lastSegmentAt: number,
    now: number,
    ex: Executor = this.db,
  ): Promise<boolean> {
    const res = await ex
      .updateTable('camera_status')
      .set({ last_segment_at: lastSegmentAt, updated_at: now })
      .where('camera_id', '=', cameraId)
      .where('state', '=', 'online')
      .where('message', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  findStatus(cameraId: string, ex: Executor = this.db): Promise<CameraStatusRow | undefined> {
    return ex
      .selectFrom('camera_status')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .executeTakeFirst();
  }
}
