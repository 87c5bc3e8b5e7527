import type { Db, Executor } from '../../../platform/db/database.js';
import type { DisciplinareTable } from '../bodycams.tables.js';

export class DisciplinareRepository {
  constructor(private readonly db: Db) {}

  list(ex: Executor = this.db): Promise<DisciplinareTable[]> {
    return ex.selectFrom('bodycam_disciplinare').selectAll().orderBy('number', 'desc').execute();
  }

  get(id: string, ex: Executor = this.db): Promise<DisciplinareTable | undefined> {
    return ex
      .selectFrom('bodycam_disciplinare')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** The version in force at an instant: the newest that took effect at or before it. */
  inForceAt(at: number, ex: Executor = this.db): Promise<DisciplinareTable | undefined> {
    return ex
      .selectFrom('bodycam_disciplinare')
      .selectAll()
      .where('effective_from', '<=', at)
      .orderBy('effective_from', 'desc')
      .orderBy('number', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** The earliest version (used for clips older than any version). */
  first(ex: Executor = this.db): Promise<DisciplinareTable | undefined> {
    return ex
      .selectFrom('bodycam_disciplinare')
      .selectAll()
      .orderBy('effective_from', 'asc')
      .orderBy('number', 'asc')
      .limit(1)
      .executeTakeFirst();
  }

  async nextNumber(ex: Executor): Promise<number> {
    const row = await ex
      .selectFrom('bodycam_disciplinare')
      .select((eb) => eb.fn.max('number').as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0) + 1;
  }

  async insert(row: DisciplinareTable, ex: Executor): Promise<void> {
    await ex.insertInto('bodycam_disciplinare').values(row).execute();
  }

  async approve(
    id: string,
    a: Pick<
      DisciplinareTable,
      'act_kind' | 'act_number' | 'act_date' | 'approved_by' | 'approved_at'
    >,
    ex: Executor,
  ): Promise<void> {
    await ex.updateTable('bodycam_disciplinare').set(a).where('id', '=', id).execute();
  }
}
