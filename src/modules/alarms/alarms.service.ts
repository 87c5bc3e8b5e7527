import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import type { Db, Executor } from '../../platform/db/database.js';
import { isoOrNull } from '../../platform/db/database.js';
import { NotFound } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AuditActor } from '../audit/audit.types.js';
import type { AlarmSeverity, AlarmsTable } from './alarms.tables.js';

export const AlarmSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  subject: z.string(),
  severity: z.enum(['warning', 'critical']),
  message: z.string(),
  raisedAt: z.string(),
  lastSeenAt: z.string(),
  clearedAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
});
export type Alarm = z.infer<typeof AlarmSchema>;

function toAlarm(r: AlarmsTable): Alarm {
  return {
    id: r.id,
    kind: r.kind,
    subject: r.subject,
    severity: r.severity,
    message: r.message,
    raisedAt: isoOrNull(r.raised_at) ?? '',
    lastSeenAt: isoOrNull(r.last_seen_at) ?? '',
    clearedAt: isoOrNull(r.cleared_at),
    acknowledgedAt: isoOrNull(r.acknowledged_at),
    acknowledgedBy: r.acknowledged_by,
  };
}

/**
 * Conditions an operator must see (a camera that stopped, a disk running out). One open alarm
 * per kind and subject; raising it again refreshes it, clearing closes it.
 */
export class AlarmsService {
  constructor(private readonly d: { db: Db; clock: Clock; audit: AuditService }) {}

  async raise(
    kind: string,
    subject: string,
    severity: AlarmSeverity,
    message: string,
    ex: Executor = this.d.db,
  ): Promise<void> {
    const now = this.d.clock.now();
    const open = await ex
      .selectFrom('alarms')
      .select(['id'])
      .where('kind', '=', kind)
      .where('subject', '=', subject)
      .where('cleared_at', 'is', null)
      .executeTakeFirst();
    if (open) {
      await ex
        .updateTable('alarms')
        .set({ last_seen_at: now, message, severity })
        .where('id', '=', open.id)
        .execute();
      return;
    }
    await ex
      .insertInto('alarms')
      .values({
        id: randomUUID(),
        kind,
        subject,
        severity,
        message,
        raised_at: now,
        last_seen_at: now,
        cleared_at: null,
        acknowledged_at: null,
        acknowledged_by: null,
      })
      .execute();
  }

  async clear(kind: string, subject: string, ex: Executor = this.d.db): Promise<void> {
    await ex
      .updateTable('alarms')
      .set({ cleared_at: this.d.clock.now() })
      .where('kind', '=', kind)
      .where('subject', '=', subject)
      .where('cleared_at', 'is', null)
      .execute();
  }

  async list(opts: { open: boolean; limit?: number }): Promise<Alarm[]> {
    const rows = await this.d.db
      .selectFrom('alarms')
      .selectAll()
      .$if(opts.open, (q) => q.where('cleared_at', 'is', null))
      .orderBy('raised_at', 'desc')
      .limit(opts.limit ?? 200)
      .execute();
    return rows.map(toAlarm);
  }

  async acknowledge(actor: AuditActor, id: string): Promise<Alarm> {
    return this.d.db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('alarms').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw new NotFound('allarme', id);
      if (row.acknowledged_at === null) {
        const now = this.d.clock.now();
        await tx
          .updateTable('alarms')
          .set({ acknowledged_at: now, acknowledged_by: actor.username })
          .where('id', '=', id)
          .execute();
        await this.d.audit.record(tx, actor, {
          action: 'alarm.acknowledge',
          objectType: 'alarm',
          objectId: id,
          details: { kind: row.kind, subject: row.subject },
        });
        return toAlarm({ ...row, acknowledged_at: now, acknowledged_by: actor.username });
      }
      return toAlarm(row);
    });
  }
}
