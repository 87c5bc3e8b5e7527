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

  /** One more wrong password; locks the link at `limit`. Returns the attempts so far. */
  async failedPassword(id: string, now: number, limit: number, ex: Executor): Promise<number> {
    await ex
      .updateTable('evidence_shares')
      .set({ failed_attempts: sql<number>`failed_attempts + 1` })
      .where('id', '=', id)
      .execute();
    const row = await ex
      .selectFrom('evidence_shares')
      .select('failed_attempts')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const attempts = Number(row.failed_attempts);
    if (attempts >= limit) {
      await ex
        .updateTable('evidence_shares')
        .set({ locked_at: now })
        .where('id', '=', id)
        .where('locked_at', 'is', null)
        .execute();
    }
    return attempts;
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
