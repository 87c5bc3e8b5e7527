import type { Db, Executor } from '../../platform/db/database.js';
import type { StreetsTable } from './requests.tables.js';

export type StreetRow = StreetsTable;

/** The street register (stradario). */
export class StreetsRepository {
  constructor(private readonly db: Db) {}

  async all(ex: Executor = this.db): Promise<StreetRow[]> {
    return ex.selectFrom('streets').selectAll().orderBy('name').execute();
  }

  async count(ex: Executor = this.db): Promise<number> {
    const row = await ex
      .selectFrom('streets')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Replaces the whole register (inside the caller's transaction). */
  async replaceAll(rows: StreetRow[], ex: Executor): Promise<void> {
    await ex.deleteFrom('streets').execute();
    for (let i = 0; i < rows.length; i += 200) {
      await ex
        .insertInto('streets')
        .values(rows.slice(i, i + 200))
        .execute();
    }
  }
}
