import type { Db, Tx } from '../../platform/db/database.js';
import { fromJson, isoOrNull, toJson } from '../../platform/db/database.js';
import type { Clock } from '../../platform/clock.js';
import { csvCell } from '../../platform/csv.js';
import { checkLink } from './audit-chain.js';
import type { AuditRepository } from './audit.repository.js';
import type { AuditLogTable } from './audit.tables.js';
import type {
  AuditActor,
  AuditEntry,
  AuditEvent,
  AuditQuery,
  AuditVerifyResult,
} from './audit.types.js';

const CSV_COLUMNS = [
  'seq',
  'at',
  'actorUsername',
  'actorId',
  'ip',
  'action',
  'objectType',
  'objectId',
  'reason',
  'caseRef',
  'recipient',
  'details',
  'hash',
] as const;

export function toAuditEntry(row: AuditLogTable): AuditEntry {
  return {
    seq: row.seq,
    at: isoOrNull(row.at) ?? '',
    actorId: row.actor_id,
    actorUsername: row.actor_username,
    ip: row.ip,
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    reason: row.reason,
    caseRef: row.case_ref,
    recipient: row.recipient,
    details: fromJson<Record<string, unknown>>(row.details),
    hash: row.hash,
  };
}

/** The tamper-evident audit log (L1, L2): every entry hash-chained to the one before. */
export class AuditService {
  constructor(private readonly deps: { db: Db; repo: AuditRepository; clock: Clock }) {}

  /** Records an event inside the caller's transaction, so the change and its entry commit together. */
  async record(tx: Tx, actor: AuditActor, event: AuditEvent): Promise<void> {
    await this.deps.repo.append(tx, {
      at: this.deps.clock.now(),
      actor_id: actor.userId,
      actor_username: actor.username,
      ip: actor.ip,
      action: event.action,
      object_type: event.objectType ?? null,
      object_id: event.objectId ?? null,
      reason: event.reason ?? null,
      case_ref: event.caseRef ?? null,
      recipient: event.recipient ?? null,
      details: toJson(event.details ?? null),
    });
  }

  /** Records an event that has no other change with it (a login failure, a read). */
  async recordAlone(actor: AuditActor, event: AuditEvent): Promise<void> {
    await this.deps.db.transaction().execute((tx) => this.record(tx, actor, event));
  }

  /** Lists entries; reading the log is itself logged (L2). */
  async list(
    actor: AuditActor,
    query: AuditQuery,
  ): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
    return this.deps.db.transaction().execute(async (tx) => {
      const rows = await this.deps.repo.list(query, tx);
      await this.record(tx, actor, {
        action: 'audit.read',
        details: { filters: filtersOf(query) },
      });
      const last = rows.at(-1);
      return {
        items: rows.map(toAuditEntry),
        nextCursor: rows.length === query.limit && last ? String(last.seq) : null,
      };
    });
  }

  /** Yields the CSV export (header first), newest entries first, after logging the export. */
  async *exportCsv(actor: AuditActor, query: AuditQuery): AsyncGenerator<string> {
    await this.recordAlone(actor, {
      action: 'audit.export',
      details: { filters: filtersOf(query) },
    });
    yield CSV_COLUMNS.join(',') + '\r\n';
    let cursor = query.cursor;
    for (;;) {
      const rows = await this.deps.repo.list({ ...query, cursor, limit: 500 });
      for (const row of rows) {
        const entry = toAuditEntry(row);
        yield CSV_COLUMNS.map((c) => csvCell(entry[c])).join(',') + '\r\n';
      }
      const last = rows.at(-1);
      if (rows.length < 500 || !last) return;
      cursor = String(last.seq);
    }
  }

  /**
   * Entries of the given actions in [from, to), oldest first, for a register built from the log
   * (the caller audits the register's own export, so this read records nothing by itself).
   */
  async entriesOf(
    actions: readonly string[],
    from: number,
    to: number,
    limit: number,
  ): Promise<AuditEntry[]> {
    return (await this.deps.repo.ofActions(actions, from, to, limit)).map(toAuditEntry);
  }

  /** Walks the whole chain from the first entry; stops at the first broken link. */
  async verify(): Promise<AuditVerifyResult> {
    let previous: AuditLogTable | null = null;
    let checked = 0;
    for (;;) {
      const rows = await this.deps.repo.page(previous?.seq ?? 0, 1000);
      for (const row of rows) {
        const problem = checkLink(row, previous);
        if (problem)
          return { ok: false, checked, firstBadSeq: problem.seq, problem: problem.problem };
        previous = row;
        checked++;
      }
      if (rows.length < 1000) return { ok: true, checked, firstBadSeq: null, problem: null };
    }
  }
}

function filtersOf(query: AuditQuery): Record<string, unknown> {
  const { limit: _limit, cursor: _cursor, ...filters } = query;
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined));
}
