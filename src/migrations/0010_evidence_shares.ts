import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { dialectOf } from '../platform/db/database.js';

// Sharing of evidence (issue 7 §5): expiring download links for the judicial authority and
// partner commands, and the log of every download made through them. The link's secret is
// stored only as its SHA-256; the optional password only as its argon2id hash. Downloads are
// append-only (triggers refuse UPDATE and DELETE, on both databases).
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';

  await db.schema
    .createTable('evidence_shares')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('evidence_id', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('recipient_type', 'text', (c) => c.notNull())
    .addColumn('recipient_name', 'text', (c) => c.notNull())
    .addColumn('recipient_org', 'text', (c) => c.notNull())
    .addColumn('recipient_role', 'text')
    .addColumn('recipient_email', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('case_ref', 'text')
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('max_downloads', 'integer', (c) => c.notNull())
    .addColumn('downloads', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('password_hash', 'text')
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .addColumn('revoked_by', 'text')
    .addColumn('revoke_reason', 'text')
    .addColumn('created_by_id', 'text')
    .addColumn('created_by_username', 'text', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('verbale_key', 'text', (c) => c.notNull())
    .addColumn('verbale_sha256', 'text', (c) => c.notNull())
    .addColumn('verbale_bytes', 'bigint', (c) => c.notNull())
    .addColumn('mail_outbox_id', 'text')
    .execute();
  await db.schema
    .createIndex('evidence_shares_item_idx')
    .on('evidence_shares')
    .columns(['evidence_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('evidence_share_downloads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('share_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('path', 'text')
    .execute();
  await db.schema
    .createIndex('evidence_share_downloads_share_idx')
    .on('evidence_share_downloads')
    .columns(['share_id', 'at'])
    .execute();

  if (postgres) {
    await sql`
      create trigger evidence_share_downloads_append_only
      before update or delete on evidence_share_downloads
      for each row execute function vedetta_evidence_immutable()`.execute(db);
  } else {
    await sql`
      create trigger evidence_share_downloads_no_update before update on evidence_share_downloads
      begin select raise(abort, 'evidence_share_downloads is append-only'); end`.execute(db);
    await sql`
      create trigger evidence_share_downloads_no_delete before delete on evidence_share_downloads
      begin select raise(abort, 'evidence_share_downloads is append-only'); end`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('evidence_share_downloads').execute();
  await db.schema.dropTable('evidence_shares').execute();
}
