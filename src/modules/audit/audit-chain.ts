import { sha256Hex } from '../../platform/crypto/hash.js';
import type { AuditLogTable } from './audit.tables.js';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * The hash of one audit row: SHA-256 over a JSON array of every field in a fixed order, with the
 * previous row's hash. Changing any field of any row, or removing a row, breaks the chain.
 */
export function auditRowHash(row: Omit<AuditLogTable, 'hash'>): string {
  return sha256Hex(
    JSON.stringify([
      'vedetta-audit-v1',
      row.seq,
      row.at,
      row.actor_id,
      row.actor_username,
      row.ip,
      row.action,
      row.object_type,
      row.object_id,
      row.reason,
      row.case_ref,
      row.recipient,
      row.details,
      row.prev_hash,
    ]),
  );
}

export interface ChainProblem {
  seq: number;
  problem: string;
}

/** Checks one row against the row before it (null for the first row). */
export function checkLink(
  row: AuditLogTable,
  previous: Pick<AuditLogTable, 'seq' | 'hash'> | null,
): ChainProblem | null {
  const expectedSeq = previous ? previous.seq + 1 : 1;
  if (row.seq !== expectedSeq) {
    return {
      seq: row.seq,
      problem: `expected entry ${expectedSeq}, found ${row.seq}: entries are missing`,
    };
  }
  const expectedPrev = previous ? previous.hash : GENESIS_HASH;
  if (row.prev_hash !== expectedPrev) {
    return { seq: row.seq, problem: 'previous-hash link does not match the previous entry' };
  }
  if (auditRowHash(row) !== row.hash) {
    return { seq: row.seq, problem: 'content does not match its hash: the entry was altered' };
  }
  return null;
}
