import type { Kysely } from 'kysely';
import { dialectOf } from '../platform/db/database.js';

// Footage requests, the operators' side (issue 6 §6-§9): the evidence that fulfilled a request,
// the legacy register's number, editable notice templates, dismissed duplicate proposals, the
// street register (stradario) and the quarantine's discards.
export async function up(db: Kysely<unknown>): Promise<void> {
  const double = dialectOf(db) === 'postgres' ? 'double precision' : 'real';

  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  await db.schema.alterTable('requests').addColumn('evidence_id', 'text').execute();
  await db.schema.alterTable('requests').addColumn('legacy_number', 'text').execute();
  await db.schema
    .createIndex('requests_legacy_number_uq')
    .on('requests')
    .column('legacy_number')
    .unique()
    .execute();
  await db.schema
    .createIndex('requests_merged_into_idx')
    .on('requests')
    .column('merged_into')
    .execute();

  await db.schema.alterTable('intake_messages').addColumn('discard_reason', 'text').execute();
  await db.schema.alterTable('intake_messages').addColumn('discarded_by', 'text').execute();

  // The admin's wording of the acknowledgement and the notices; absent: the built-in text.
  await db.schema
    .createTable('notice_templates')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  // A duplicate proposal an operator rejected is not proposed again (pair stored sorted).
  await db.schema
    .createTable('request_duplicate_dismissals')
    .addColumn('request_a', 'text', (c) => c.notNull().references('requests.id'))
    .addColumn('request_b', 'text', (c) => c.notNull().references('requests.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('dismissed_by', 'text', (c) => c.notNull())
    .addColumn('dismissed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('request_duplicate_dismissals_pk', ['request_a', 'request_b'])
    .execute();

  // The Comune's street register: names (with their comparison key) and optional coordinates.
  await db.schema
    .createTable('streets')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('code', 'text')
    .addColumn('lat', double)
    .addColumn('lon', double)
    .addColumn('imported_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('streets').execute();
  await db.schema.dropTable('request_duplicate_dismissals').execute();
  await db.schema.dropTable('notice_templates').execute();
  await db.schema.alterTable('intake_messages').dropColumn('discarded_by').execute();
  await db.schema.alterTable('intake_messages').dropColumn('discard_reason').execute();
  await db.schema.dropIndex('requests_merged_into_idx').execute();
  await db.schema.dropIndex('requests_legacy_number_uq').execute();
  await db.schema.alterTable('requests').dropColumn('legacy_number').execute();
  await db.schema.alterTable('requests').dropColumn('evidence_id').execute();
}
