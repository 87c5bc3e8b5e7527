import { sql } from 'kysely';
import { dialectOf, type Db, type Executor, type Tx } from '../../platform/db/database.js';
import { auditRowHash, GENESIS_HASH } from './audit-chain.js';
import type { AuditLogTable } from './audit.tables.js';
import type { AuditQuery } from './audit.types.js';

// Arbitrary constant: the key of the PostgreSQL advisory lock that serializes audit appends.
const AUDIT_LOCK_KEY = 7_041_982_331;

export type NewAuditRow = Omit<AuditLogTable, 'seq' | 'prev_hash' | 'hash'>;

export class AuditRepository {
  constructor(private readonly db: Db) {}

  /**
   * Appends one row to the chain. Must run inside the transaction of the change it records, so
   * both commit or neither. Appends are serialized: on PostgreSQL by a transaction-scoped advisory
   * lock, on SQLite by BEGIN IMMEDIATE.
   */
  async append(tx: Tx, row: NewAuditRow): Promise<AuditLogTable> {
    if (dialectOf(tx) === 'postgres') {
      await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(tx);
    }
    const last = await tx
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const partial = { ...row, seq: (last?.seq ?? 0) + 1, prev_hash: last?.hash ?? GENESIS_HASH };
    const full: AuditLogTable = { ...partial, hash: auditRowHash(partial) };
    await tx.insertInto('audit_log').values(full).execute();
    return full;
  }

  async list(query: AuditQuery, executor: Executor = this.db): Promise<AuditLogTable[]> {
    let q = executor.selectFrom('audit_log').selectAll();
    if (query.from) q = q.where('at', '>=', Date.parse(query.from));
    if (query.to) q = q.where('at', '<=', Date.parse(query.to));
    if (query.actor)
      q = q.where(sql<string>`lower(actor_username)`, '=', query.actor.toLowerCase());
    if (query.action) q = q.where('action', 'like', `${query.action.replace(/[%_]/g, '')}%`);
    if (query.objectType) q = q.where('object_type', '=', query.objectType);
    if (query.objectId) q = q.where('object_id', '=', query.objectId);
    if (query.q) {
      const needle = `%${query.q.toLowerCase().replace(/[%_]/g, '')}%`;
      q = q.where((eb) =>
        eb.or(
          [
            'action',
            'object_id',
            'reason',
            'case_ref',
            'recipient',
            'details',
            'actor_username',
          ].map((col) => eb(sql<string>`lower(${sql.ref(col)})`, 'like', needle)),
        ),
      );
    }
    if (query.cursor) q = q.where('seq', '<', Number(query.cursor));
    return q.orderBy('seq', 'desc').limit(query.limit).execute();
  }

  /** Entries of exactly these actions in [from, to), in chain order (registers built from the log). */
  ofActions(
    actions: readonly string[],
    from: number,
    to: number,
    limit: number,
  ): Promise<AuditLogTable[]> {
    return this.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', 'in', [...actions])
      .where('at', '>=', from)
      .where('at', '<', to)
      .orderBy('seq', 'asc')
      .limit(limit)
      .execute();
  }

  /** Rows in chain order, a page at a time, for verification and export. */
  async page(afterSeq: number, size: number): Promise<AuditLogTable[]> {
    return this.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', afterSeq)
      .orderBy('seq', 'asc')
      .limit(size)
      .execute();
  }
}
