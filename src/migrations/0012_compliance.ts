import type { Kysely } from 'kysely';

// Compliance records (G1): per tool (fixed CCTV, bodycams) the DPIA, the DPO's opinion, the
// regulation's text (for bodycams, linked to a disciplinare version) and the signage notice, each
// with its PDF stored by SHA-256. Records are never changed: a newer one supersedes the older.
// A camera may be tied to a specific DPIA; otherwise the CCTV DPIA in force applies. Also the
// bodycam reminders sent before a clip's categorize deadline.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('compliance_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tool', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    // Date of the document itself (YYYY-MM-DD).
    .addColumn('document_date', 'text', (c) => c.notNull())
    // Protocol number or other reference.
    .addColumn('reference', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('effective_from', 'bigint', (c) => c.notNull())
    .addColumn('disciplinare_id', 'text')
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('file_key', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_bytes', 'bigint', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // Two records of one tool and kind never take effect at the same instant: history is a line.
  await db.schema
    .createIndex('compliance_records_effective_uq')
    .on('compliance_records')
    .columns(['tool', 'kind', 'effective_from'])
    .unique()
    .execute();

  await db.schema
    .createTable('compliance_camera_dpia')
    .addColumn('camera_id', 'text', (c) =>
      c.primaryKey().references('cameras.id').onDelete('cascade'),
    )
    .addColumn('record_id', 'text', (c) => c.notNull().references('compliance_records.id'))
    .addColumn('assigned_by', 'text', (c) => c.notNull())
    .addColumn('assigned_at', 'bigint', (c) => c.notNull())
    .execute();

  // Reminders sent to an officer before a clip's categorize deadline (one per clip and threshold).
  await db.schema
    .createTable('bodycam_clip_reminders')
    .addColumn('clip_id', 'text', (c) => c.notNull().references('bodycam_clips.id'))
    .addColumn('hours_before', 'integer', (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addColumn('outbox_id', 'text')
    .addPrimaryKeyConstraint('bodycam_clip_reminders_pk', ['clip_id', 'hours_before'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('bodycam_clip_reminders').execute();
  await db.schema.dropTable('compliance_camera_dpia').execute();
  await db.schema.dropTable('compliance_records').execute();
}
