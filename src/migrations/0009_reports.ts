import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Monthly reporting (issue 9): the stored reports with their files' hashes and mailing, and
// attachments of outgoing mail (the monthly PDF goes to the Comandante through the outbox).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    // YYYY-MM when the period is one calendar month (Europe/Rome), else null.
    .addColumn('month', 'text')
    .addColumn('period_from', 'bigint', (c) => c.notNull())
    .addColumn('period_to', 'bigint', (c) => c.notNull())
    .addColumn('unit', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by_id', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('extracted_at', 'bigint', (c) => c.notNull())
    // JSON: [{ kind, name, bytes, sha256, storageKey }]
    .addColumn('files', 'text', (c) => c.notNull().defaultTo('[]'))
    // JSON: the indicators exactly as printed (the report keeps what it said).
    .addColumn('kpis', 'text')
    .addColumn('recipients', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('mailed_at', 'bigint')
    .addColumn('error', 'text')
    .execute();
  // At most one monthly report per month, whatever the number of processes or restarts.
  await db.schema
    .createIndex('reports_monthly_uq')
    .on('reports')
    .column('month')
    .unique()
    .where(sql.ref('kind'), '=', 'monthly')
    .execute();
  await db.schema
    .createIndex('reports_period_idx')
    .on('reports')
    .columns(['period_from', 'created_at'])
    .execute();

  await db.schema
    .createTable('outbox_attachments')
    .addColumn('outbox_id', 'text', (c) => c.notNull().references('outbox.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('outbox_attachments_pk', ['outbox_id', 'position'])
    .execute();

  // The report's queries: requests by receipt and by closing, open ones by deadline.
  await db.schema
    .createIndex('requests_created_idx')
    .on('requests')
    .columns(['created_at'])
    .execute();
  await db.schema
    .createIndex('requests_closed_idx')
    .on('requests')
    .columns(['closed_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('requests_closed_idx').execute();
  await db.schema.dropIndex('requests_created_idx').execute();
  await db.schema.dropTable('outbox_attachments').execute();
  await db.schema.dropTable('reports').execute();
}
