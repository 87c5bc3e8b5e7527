import { sql } from 'kysely';
import type { Db, Executor } from '../../../platform/db/database.js';
import type { EvidenceShareDownloadsTable, EvidenceSharesTable } from './share.tables.js';

export type ShareRow = EvidenceSharesTable;
export type ShareDownloadRow = EvidenceShareDownloadsTable;

/** Share links of evidence items and the downloads made through them. */
export class ShareRepository {
  constructor(private readonly db: Db) {}

  async insert(row: ShareRow, ex: Executor = this.db): Promise<void> {
    await ex.insertInto('evidence_shares').values(row).execute();
  }

  find(id: string, ex: Executor = this.db): Promise<ShareRow | undefined> {
    return ex.selectFrom('evidence_shares').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByTokenHash(hash: string, ex: Executor = this.db): Promise<ShareRow | undefined> {
    return ex
      .selectFrom('evidence_shares')
      .selectAll()
      .where('token_hash', '=', hash)
      .executeTakeFirst();
  }

  listForItem(evidenceId: string, ex: Executor = this.db): Promise<ShareRow[]> {
    return ex
      .selectFrom('evidence_shares')
      .selectAll()
      .where('evidence_id', '=', evidenceId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  downloadsOf(shareIds: string[], ex: Executor = this.db): Promise<ShareDownloadRow[]> {
    if (shareIds.length === 0) return Promise.resolve([]);
    return ex
      .selectFrom('evidence_share_downloads')
      .selectAll()
      .where('share_id', 'in', shareIds)
      .orderBy('at')
      .orderBy('id')
      .execute();
  }

  /**
   * Takes one download from the link, atomically: the counter moves only while the link is
   * usable, so two parallel downloads can never pass the maximum (PostgreSQL re-checks the
   * condition on the locked row; SQLite serializes writers). True when one was taken.
   */
  async takeDownload(id: string, now: number, ex: Executor): Promise<boolean> {
    const r = await ex
      .updateTable('evidence_shares')
      .set({ downloads: sql<number>`downloads + 1` })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .where('locked_at', 'is', null)
      .where('expires_at', '>', now)
      .where('downloads', '<', sql<number>`max_downloads`)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async addDownload(row: ShareDownloadRow, ex: Executor): Promise<void> {
    await ex.insertInto('evidence_share_downloads').values(row).execute();
  }

  /**
   * Reserves one password attempt before the password is checked: the counter moves only while
   * the link is unlocked and below `limit`, so parallel guesses can never test more than `limit`
   * passwords (a counter moved after the check let every guess already in flight through).
   * False when the link is locked or its attempts are all taken.
   */
  async reserveAttempt(id: string, limit: number, ex: Executor = this.db): Promise<boolean> {
    const r = await ex
      .updateTable('evidence_shares')
      .set({ failed_attempts: sql<number>`failed_attempts + 1` })
      .where('id', '=', id)
      .where('locked_at', 'is', null)
      .where('failed_attempts', '<', limit)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Gives back a reserved attempt (the password was right, or could not be checked). */
  async releaseAttempt(id: string, ex: Executor = this.db): Promise<void> {
    await ex
      .updateTable('evidence_shares')
      .set({ failed_attempts: sql<number>`failed_attempts - 1` })
      .where('id', '=', id)
      .where('failed_attempts', '>', 0)
      .execute();
  }

  /**
   * A reserved attempt was a wrong password: it stays counted, and the link is locked once
   * `limit` are used. Returns the attempts so far and whether this call locked the link.
   */
  async settleWrongAttempt(
    id: string,
    now: number,
    limit: number,
    ex: Executor,
  ): Promise<{ attempts: number; lockedNow: boolean }> {
    const row = await ex
      .selectFrom('evidence_shares')
      .select('failed_attempts')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const attempts = Number(row.failed_attempts);
    if (attempts < limit) return { attempts, lockedNow: false };
    const r = await ex
      .updateTable('evidence_shares')
      .set({ locked_at: now })
      .where('id', '=', id)
      .where('locked_at', 'is', null)
      .executeTakeFirst();
    return { attempts, lockedNow: Number(r.numUpdatedRows) === 1 };
  }

  /** Revokes an active link; false when it was already revoked. */
  async revoke(
    id: string,
    patch: { at: number; by: string; reason: string },
    ex: Executor,
  ): Promise<boolean> {
    const r = await ex
      .updateTable('evidence_shares')
      .set({ revoked_at: patch.at, revoked_by: patch.by, revoke_reason: patch.reason })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
