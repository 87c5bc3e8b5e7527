import type { Kysely } from 'kysely';

// Resumable bodycam uploads (issue 8 §4, tus 1.0.0): one row per upload with the bytes
// received and made durable so far, so that an upload survives a server restart and resumes
// from its offset; the data itself is a file under the data folder until it is ingested.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('bodycam_uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('device_serial', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('length', 'bigint', (c) => c.notNull())
    // Bytes received, fsynced and acknowledged (Upload-Offset); `offset` is reserved in SQL.
    .addColumn('received', 'bigint', (c) => c.notNull())
    // The Upload-Metadata header as sent (echoed by HEAD).
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_by_username', 'text', (c) => c.notNull())
    .addColumn('created_ip', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .addColumn('outcome', 'text')
    .addColumn('reason', 'text')
    .addColumn('clip_id', 'text')
    .execute();
  await db.schema
    .createIndex('bodycam_uploads_status_idx')
    .on('bodycam_uploads')
    .columns(['status', 'expires_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('bodycam_uploads').execute();
}
