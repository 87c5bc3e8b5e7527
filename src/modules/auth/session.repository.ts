import type { Db, Executor } from '../../platform/db/database.js';
import type { LoginChallengesTable, SessionsTable } from './auth.tables.js';

export class SessionRepository {
  constructor(private readonly db: Db) {}

  async insert(row: SessionsTable, ex: Executor = this.db): Promise<void> {
    await ex.insertInto('sessions').values(row).execute();
  }

  find(id: string, ex: Executor = this.db): Promise<SessionsTable | undefined> {
    return ex.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async touch(id: string, at: number, ex: Executor = this.db): Promise<void> {
    await ex.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
  }

  async delete(id: string, ex: Executor = this.db): Promise<void> {
    await ex.deleteFrom('sessions').where('id', '=', id).execute();
  }

  /** Ends every session of a user, except `keep` if given; returns how many ended. */
  async deleteForUser(userId: string, ex: Executor = this.db, keep?: string): Promise<number> {
    let q = ex.deleteFrom('sessions').where('user_id', '=', userId);
    if (keep !== undefined) q = q.where('id', '!=', keep);
    const res = await q.executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  /** Removes sessions past their absolute expiry or idle for longer than `idleMs`. */
  async deleteExpired(now: number, idleMs: number, ex: Executor = this.db): Promise<number> {
    const res = await ex
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', now - idleMs)]))
      .executeTakeFirst();
    const challenges = await ex
      .deleteFrom('login_challenges')
      .where('expires_at', '<=', now)
      .executeTakeFirst();
    return Number(res.numDeletedRows) + Number(challenges.numDeletedRows);
  }

  async insertChallenge(row: LoginChallengesTable, ex: Executor = this.db): Promise<void> {
    await ex.insertInto('login_challenges').values(row).execute();
  }

  findChallenge(id: string, ex: Executor = this.db): Promise<LoginChallengesTable | undefined> {
    return ex.selectFrom('login_challenges').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async bumpChallenge(id: string, ex: Executor = this.db): Promise<void> {
    await ex
      .updateTable('login_challenges')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }

  async deleteChallenge(id: string, ex: Executor = this.db): Promise<void> {
    await ex.deleteFrom('login_challenges').where('id', '=', id).execute();
  }
}
