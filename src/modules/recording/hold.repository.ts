import type { Db, Executor } from '../../platform/db/database.js';
import type { HoldsTable } from './recording.tables.js';

export type HoldRow = HoldsTable;
export type HoldWithCameras = HoldRow & { cameraIds: string[] };

export class HoldRepository {
  constructor(private readonly db: Db) {}

  async insert(row: HoldRow, cameraIds: string[], ex: Executor = this.db): Promise<void> {
    await ex.insertInto('holds').values(row).execute();
    await ex
      .insertInto('hold_cameras')
      .values(cameraIds.map((camera_id) => ({ hold_id: row.id, camera_id })))
      .execute();
  }

  async update(id: string, patch: Partial<Omit<HoldRow, 'id'>>, ex: Executor = this.db) {
    await ex.updateTable('holds').set(patch).where('id', '=', id).execute();
  }

  async findById(id: string, ex: Executor = this.db): Promise<HoldWithCameras | undefined> {
    const row = await ex.selectFrom('holds').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    return (await this.withCameras([row], ex))[0];
  }

  /** Holds in force at `now`: not released and not expired. */
  async active(now: number, ex: Executor = this.db): Promise<HoldWithCameras[]> {
    const rows = await ex
      .selectFrom('holds')
      .selectAll()
      .where('released_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .orderBy('placed_at', 'desc')
      .execute();
    return this.withCameras(rows, ex);
  }

  async list(opts: { includeEnded: boolean; limit: number }, ex: Executor = this.db) {
    const rows = await ex
      .selectFrom('holds')
      .selectAll()
      .$if(!opts.includeEnded, (q) => q.where('released_at', 'is', null))
      .orderBy('placed_at', 'desc')
      .limit(opts.limit)
      .execute();
    return this.withCameras(rows, ex);
  }

  /** Every hold placed for one footage request, ended ones included, newest first. */
  async listByRequest(requestId: string, ex: Executor = this.db): Promise<HoldWithCameras[]> {
    const rows = await ex
      .selectFrom('holds')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('placed_at', 'desc')
      .execute();
    return this.withCameras(rows, ex);
  }

  private async withCameras(rows: HoldRow[], ex: Executor): Promise<HoldWithCameras[]> {
    if (rows.length === 0) return [];
    const links = await ex
      .selectFrom('hold_cameras')
      .selectAll()
      .where(
        'hold_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    const byHold = new Map<string, string[]>();
    for (const l of links) byHold.set(l.hold_id, [...(byHold.get(l.hold_id) ?? []), l.camera_id]);
    return rows.map((r) => ({ ...r, cameraIds: byHold.get(r.id) ?? [] }));
  }
}
