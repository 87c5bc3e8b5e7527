import type { Db, Executor } from '../../platform/db/database.js';
import type { ReportKind, ReportsTable } from './reports.tables.js';

export type ReportRow = ReportsTable;

/** The stored reports (this module's own table). */
export class ReportsRepository {
  constructor(private readonly db: Db) {}

  async insert(row: ReportRow, ex: Executor = this.db): Promise<void> {
    await ex.insertInto('reports').values(row).execute();
  }

  async update(id: string, patch: Partial<Omit<ReportRow, 'id'>>, ex: Executor = this.db) {
    await ex.updateTable('reports').set(patch).where('id', '=', id).execute();
  }

  findById(id: string, ex: Executor = this.db): Promise<ReportRow | undefined> {
    return ex.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The monthly report of a month, when it was built. */
  findMonthly(month: string, ex: Executor = this.db): Promise<ReportRow | undefined> {
    return ex
      .selectFrom('reports')
      .selectAll()
      .where('kind', '=', 'monthly')
      .where('month', '=', month)
      .executeTakeFirst();
  }

  /** Removes the `failed` monthly report of `month` (a build that then succeeded replaces it). */
  async deleteFailedMonthly(month: string, ex: Executor = this.db): Promise<void> {
    await ex
      .deleteFrom('reports')
      .where('kind', '=', 'monthly')
      .where('month', '=', month)
      .where('status', '=', 'failed')
      .execute();
  }

  /** Newest first; `from`/`to` bound the period's start. */
  list(
    q: { from?: number; to?: number; kind?: ReportKind; limit: number },
    ex: Executor = this.db,
  ): Promise<ReportRow[]> {
    return ex
      .selectFrom('reports')
      .selectAll()
      .$if(q.from !== undefined, (b) => b.where('period_from', '>=', q.from ?? 0))
      .$if(q.to !== undefined, (b) => b.where('period_from', '<', q.to ?? 0))
      .$if(q.kind !== undefined, (b) => b.where('kind', '=', q.kind ?? 'monthly'))
      .orderBy('period_from', 'desc')
      .orderBy('created_at', 'desc')
      .limit(q.limit)
      .execute();
  }

  /** Every report whose month falls in a year (`2026-%`), light columns only. */
  ofYear(year: number, ex: Executor = this.db) {
    return ex
      .selectFrom('reports')
      .select(['id', 'kind', 'status', 'month', 'created_at', 'mailed_at', 'unit'])
      .where('month', 'like', `${year}-%`)
      .orderBy('created_at')
      .execute();
  }
}
