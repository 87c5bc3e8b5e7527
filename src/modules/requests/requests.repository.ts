import { sql } from 'kysely';
import type { Db, Executor, Tx } from '../../platform/db/database.js';
import type { RequestListQuery } from './requests.schemas.js';
import { OPEN_STATES } from './requests.schemas.js';
import type {
  DuplicateDismissalsTable,
  RequestCommentsTable,
  RequestHistoryTable,
  RequestsTable,
} from './requests.tables.js';

export type RequestRow = RequestsTable;

/** The register of footage requests: rows, yearly numbers, comments and history. */
export class RequestsRepository {
  constructor(private readonly db: Db) {}

  /** The next number of the year, atomically on both databases (upsert … returning). */
  async nextNumber(tx: Tx, year: number): Promise<number> {
    const row = await tx
      .insertInto('request_counters')
      .values({ year, last: 1 })
      .onConflict((oc) =>
        oc.column('year').doUpdateSet({ last: sql<number>`request_counters.last + 1` }),
      )
      .returning('last')
      .executeTakeFirstOrThrow();
    return Number(row.last);
  }

  async insert(row: RequestRow, ex: Executor = this.db): Promise<void> {
    await ex.insertInto('requests').values(row).execute();
  }

  async update(id: string, patch: Partial<Omit<RequestRow, 'id'>>, ex: Executor = this.db) {
    await ex.updateTable('requests').set(patch).where('id', '=', id).execute();
  }

  async findById(id: string, ex: Executor = this.db): Promise<RequestRow | undefined> {
    return ex.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findByIdOrNumber(key: string, ex: Executor = this.db): Promise<RequestRow | undefined> {
    return ex
      .selectFrom('requests')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', key), eb('number', '=', key.toUpperCase())]))
      .executeTakeFirst();
  }

  async list(q: RequestListQuery, ex: Executor = this.db): Promise<RequestRow[]> {
    const like = q.q ? `%${q.q.toLowerCase().replace(/[%_\\]/g, '')}%` : null;
    return ex
      .selectFrom('requests')
      .selectAll()
      .$if(q.state !== undefined, (b) => b.where('state', '=', q.state ?? ''))
      .$if(q.channel !== undefined, (b) => b.where('channel', '=', q.channel ?? ''))
      .$if(like !== null, (b) =>
        b.where((eb) =>
          eb.or([
            eb(eb.fn('lower', ['number']), 'like', like),
            eb(eb.fn('lower', ['subject']), 'like', like),
            eb(eb.fn('lower', ['place_text']), 'like', like),
            eb(eb.fn('lower', ['requester_name']), 'like', like),
          ]),
        ),
      )
      .orderBy('created_at', 'desc')
      .orderBy('number', 'desc')
      .limit(q.limit)
      .execute();
  }

  /** Open requests: "da smistare" first, then by the time left before the footage expires. */
  async queue(limit: number, ex: Executor = this.db): Promise<RequestRow[]> {
    return ex
      .selectFrom('requests')
      .selectAll()
      .where('state', 'in', [...OPEN_STATES])
      .orderBy('da_smistare', 'desc')
      .orderBy(sql`case when due_at is null then 0 else 1 end`)
      .orderBy('due_at')
      .orderBy('created_at')
      .limit(limit)
      .execute();
  }

  /** Requests registered whose preservation has not finished (a crash in between). */
  async unpreserved(ex: Executor = this.db): Promise<string[]> {
    const rows = await ex
      .selectFrom('requests')
      .select('id')
      .where('preserved_at', 'is', null)
      .execute();
    return rows.map((r) => r.id);
  }

  /** Numbers of the previous register already imported, lower-cased. */
  async legacyNumbers(ex: Executor = this.db): Promise<Set<string>> {
    const rows = await ex
      .selectFrom('requests')
      .select('legacy_number')
      .where('legacy_number', 'is not', null)
      .execute();
    return new Set(rows.map((r) => (r.legacy_number ?? '').toLowerCase()));
  }

  /** The requests merged into this one (state unita). */
  async mergedInto(id: string, ex: Executor = this.db): Promise<RequestRow[]> {
    return ex
      .selectFrom('requests')
      .selectAll()
      .where('merged_into', '=', id)
      .orderBy('created_at')
      .execute();
  }

  /** The requests an operator said are not duplicates of this one. */
  async dismissedWith(id: string, ex: Executor = this.db): Promise<Set<string>> {
    const rows = await ex
      .selectFrom('request_duplicate_dismissals')
      .select(['request_a', 'request_b'])
      .where((eb) => eb.or([eb('request_a', '=', id), eb('request_b', '=', id)]))
      .execute();
    return new Set(rows.map((r) => (r.request_a === id ? r.request_b : r.request_a)));
  }

  async isDismissed(a: string, b: string, ex: Executor = this.db): Promise<boolean> {
    const row = await ex
      .selectFrom('request_duplicate_dismissals')
      .select('request_a')
      .where('request_a', '=', a)
      .where('request_b', '=', b)
      .executeTakeFirst();
    return row !== undefined;
  }

  async addDismissal(row: DuplicateDismissalsTable, ex: Executor = this.db): Promise<void> {
    await ex.insertInto('request_duplicate_dismissals').values(row).execute();
  }

  async addHistory(row: RequestHistoryTable, ex: Executor = this.db): Promise<void> {
    await ex.insertInto('request_history').values(row).execute();
  }

  async history(requestId: string, ex: Executor = this.db): Promise<RequestHistoryTable[]> {
    return ex
      .selectFrom('request_history')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('at')
      .orderBy('id')
      .execute();
  }

  async addComment(row: RequestCommentsTable, ex: Executor = this.db): Promise<void> {
    await ex.insertInto('request_comments').values(row).execute();
  }

  async comments(requestId: string, ex: Executor = this.db): Promise<RequestCommentsTable[]> {
    return ex
      .selectFrom('request_comments')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }
}
