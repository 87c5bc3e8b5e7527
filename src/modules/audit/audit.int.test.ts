import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test-support/databases.js';
import { createTestCore, type TestCore } from '../../test-support/core.js';
import { SYSTEM_ACTOR } from './audit.types.js';

describeEachDatabase('audit log', (getDb, kind) => {
  let t: TestCore;

  beforeAll(async () => {
    t = await createTestCore(getDb());
    for (let i = 0; i < 25; i++) {
      await t.core.audit.recordAlone(
        { userId: null, username: `user${i % 3}`, ip: '10.0.0.1' },
        {
          action: i % 2 ? 'test.even' : 'test.odd',
          objectType: 'thing',
          objectId: String(i),
          reason: `motivo ${i}`,
          caseRef: 'PROT-1',
          details: { i },
        },
      );
      t.clock.advance(1000);
    }
  });
  afterAll(() => t.close());

  it('chains entries with consecutive sequence numbers and verifies intact', async () => {
    const result = await t.core.audit.verify();
    expect(result).toEqual({ ok: true, checked: 25, firstBadSeq: null, problem: null });
  });

  it('filters, pages with a cursor, and logs the read itself', async () => {
    const actor = { userId: null, username: 'auditor', ip: '10.0.0.9' };
    const first = await t.core.audit.list(actor, { action: 'test.even', limit: 5 });
    expect(first.items.map((e) => e.objectId)).toEqual(['23', '21', '19', '17', '15']);
    expect(first.nextCursor).toBe(String(first.items[4]!.seq));
    const second = await t.core.audit.list(actor, {
      action: 'test.even',
      limit: 5,
      cursor: first.nextCursor!,
    });
    expect(second.items.map((e) => e.objectId)).toEqual(['13', '11', '9', '7', '5']);
    const text = await t.core.audit.list(actor, { q: 'MOTIVO 7', limit: 10 });
    expect(text.items.map((e) => e.objectId)).toEqual(['7']);
    const reads = await t.core.audit.list(actor, { action: 'audit.read', limit: 10 });
    expect(reads.items.length).toBe(3);
    expect(reads.items[0]!.details).toEqual({ filters: { q: 'MOTIVO 7' } });
  });

  it('refuses UPDATE and DELETE on audit rows at the database level', async () => {
    await expect(
      sql`update audit_log set reason = 'x' where seq = 1`.execute(t.core.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where seq = 2`.execute(t.core.db)).rejects.toThrow(
      /append-only/,
    );
    expect((await t.core.audit.verify()).ok).toBe(true);
  });

  it('names the first altered entry when a row is changed behind its back', async () => {
    await withTriggersOff(t, kind, async () => {
      await sql`update audit_log set reason = 'motivo cambiato' where seq = 12`.execute(t.core.db);
    });
    const result = await t.core.audit.verify();
    expect(result.ok).toBe(false);
    expect(result.firstBadSeq).toBe(12);
    expect(result.checked).toBe(11);
    expect(result.problem).toMatch(/altered/);
  });

  it('detects a removed entry', async () => {
    await withTriggersOff(t, kind, async () => {
      await sql`delete from audit_log where seq = 5`.execute(t.core.db);
    });
    const result = await t.core.audit.verify();
    expect(result.firstBadSeq).toBe(6);
    expect(result.problem).toMatch(/missing/);
  });

  it('rolls the entry back with the change when the transaction fails', async () => {
    const before = await t.core.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await expect(
      t.core.db.transaction().execute(async (tx) => {
        await t.core.audit.record(tx, SYSTEM_ACTOR, { action: 'test.rollback' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const after = await t.core.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

/** Simulates an attacker with database-owner rights, who can switch the append-only triggers off. */
async function withTriggersOff(
  t: TestCore,
  kind: string,
  change: () => Promise<void>,
): Promise<void> {
  if (kind === 'postgres') {
    await sql`alter table audit_log disable trigger user`.execute(t.core.db);
    try {
      await change();
    } finally {
      await sql`alter table audit_log enable trigger user`.execute(t.core.db);
    }
    return;
  }
  await sql`drop trigger if exists audit_log_no_update`.execute(t.core.db);
  await sql`drop trigger if exists audit_log_no_delete`.execute(t.core.db);
  await change();
}
