import { describe, expect, it } from 'vitest';
import { auditRowHash, checkLink, GENESIS_HASH } from './audit-chain.js';
import type { AuditLogTable } from './audit.tables.js';

function row(seq: number, prev: string, patch: Partial<AuditLogTable> = {}): AuditLogTable {
  const base = {
    seq,
    at: 1_700_000_000_000 + seq,
    actor_id: 'u1',
    actor_username: 'mario',
    ip: '10.0.0.1',
    action: 'evidence.view',
    object_type: 'evidence',
    object_id: 'E-1',
    reason: 'richiesta PM',
    case_ref: 'RGNR 123/26',
    recipient: null,
    details: '{"a":1}',
    prev_hash: prev,
    ...patch,
  };
  return { ...base, hash: auditRowHash(base) };
}

describe('audit chain', () => {
  const r1 = row(1, GENESIS_HASH);
  const r2 = row(2, r1.hash);

  it('accepts a well-formed chain', () => {
    expect(checkLink(r1, null)).toBeNull();
    expect(checkLink(r2, r1)).toBeNull();
  });

  it.each(['actor_username', 'reason', 'case_ref', 'details', 'at', 'ip'] as const)(
    'detects a change to %s',
    (field) => {
      const tampered = { ...r2, [field]: field === 'at' ? 1 : 'x' };
      expect(checkLink(tampered, r1)?.problem).toMatch(/altered/);
    },
  );

  it('detects a broken link and a missing entry', () => {
    expect(checkLink(row(2, 'f'.repeat(64)), r1)?.problem).toMatch(/previous-hash/);
    expect(checkLink(row(3, r2.hash), r1)?.problem).toMatch(/missing/);
    expect(checkLink(r2, null)?.seq).toBe(2);
  });
});
