import type { Db, Executor } from '../../platform/db/database.js';
import type { PlaybackSessionsTable } from './recording.tables.js';

export type PlaybackSessionRow = PlaybackSessionsTable;

export class PlaybackRepository {
  constructor(private readonly db: Db) {}

  async insert(row: PlaybackSessionRow, ex: Executor = this.db): Promise<void> {
    await ex.insertInto('playback_sessions').values(row).execute();
  }

  findById(id: string, ex: Executor = this.db): Promise<PlaybackSessionRow | undefined> {
    return ex.selectFrom('playback_sessions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async deleteExpired(now: number, ex: Executor = this.db): Promise<number> {
    const res = await ex
      .deleteFrom('playback_sessions')
      .where('expires_at', '<', now)
      .executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}
