import type { Db, Executor } from '../../../platform/db/database.js';
import type { BodycamClipsTable } from '../bodycams.tables.js';

declare module '../../../platform/db/database.js' {
  interface Tables {
    bodycam_clip_reminders: BodycamClipRemindersTable;
  }
}

export interface BodycamClipRemindersTable {
  clip_id: string;
  hours_before: number;
  sent_at: number;
  outbox_id: string | null;
}

/** Uncategorized clips nearing their deadline, and the reminders already sent for them. */
export class ClipRemindersRepository {
  constructor(private readonly db: Db) {}

  /** Clips with an officer, not categorized nor deleted, whose deadline falls in (now, until]. */
  pending(now: number, until: number, ex: Executor = this.db): Promise<BodycamClipsTable[]> {
    return ex
      .selectFrom('bodycam_clips')
      .selectAll()
      .where('category', 'is', null)
      .where('deleted_at', 'is', null)
      .where('officer_id', 'is not', null)
      .where('categorize_due_at', '>', now)
      .where('categorize_due_at', '<=', until)
      .orderBy('categorize_due_at')
      .limit(500)
      .execute();
  }

  async sent(clipIds: string[], ex: Executor = this.db): Promise<Map<string, Set<number>>> {
    const out = new Map<string, Set<number>>();
    if (clipIds.length === 0) return out;
    const rows = await ex
      .selectFrom('bodycam_clip_reminders')
      .select(['clip_id', 'hours_before'])
      .where('clip_id', 'in', clipIds)
      .execute();
    for (const r of rows) {
      const set = out.get(r.clip_id) ?? new Set<number>();
      set.add(r.hours_before);
      out.set(r.clip_id, set);
    }
    return out;
  }

  async mark(rows: BodycamClipRemindersTable[], ex: Executor): Promise<void> {
    if (rows.length > 0) await ex.insertInto('bodycam_clip_reminders').values(rows).execute();
  }
}
