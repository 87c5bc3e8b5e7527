import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { dialectOf } from '../platform/db/database.js';

// Evidence (issue 7): acquisitions (export jobs with their progress), the evidence register
// with its files and hashes, and the chain of custody. Files of registered evidence are
// immutable: triggers refuse any UPDATE of evidence_files and any UPDATE or DELETE of the
// custody log, on both databases.
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  const double = postgres ? 'double precision' : 'real';

  await db.schema
    .createTable('evidence_counters')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('last', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('evidence_acquisitions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('camera_id', 'text', (c) => c.notNull())
    .addColumn('camera_code', 'text', (c) => c.notNull())
    .addColumn('from_ms', 'bigint', (c) => c.notNull())
    .addColumn('to_ms', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('request_number', 'text')
    .addColumn('case_ref', 'text')
    .addColumn('operator_id', 'text')
    .addColumn('operator_username', 'text', (c) => c.notNull())
    .addColumn('operator_name', 'text', (c) => c.notNull())
    .addColumn('operator_ip', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress', double, (c) => c.notNull().defaultTo(0))
    .addColumn('stage', 'text')
    .addColumn('error_code', 'text')
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hold_id', 'text')
    .addColumn('job_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('evidence_acq_created_idx')
    .on('evidence_acquisitions')
    .columns(['created_at'])
    .execute();

  await db.schema
    .createTable('evidence_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('acquisition_id', 'text', (c) => c.notNull().unique())
    .addColumn('camera_id', 'text', (c) => c.notNull())
    .addColumn('camera_code', 'text', (c) => c.notNull())
    .addColumn('camera_name', 'text', (c) => c.notNull())
    .addColumn('requested_from_ms', 'bigint', (c) => c.notNull())
    .addColumn('requested_to_ms', 'bigint', (c) => c.notNull())
    .addColumn('actual_from_ms', 'bigint', (c) => c.notNull())
    .addColumn('actual_to_ms', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('request_number', 'text')
    .addColumn('case_ref', 'text')
    .addColumn('operator_id', 'text')
    .addColumn('operator_username', 'text', (c) => c.notNull())
    .addColumn('operator_name', 'text', (c) => c.notNull())
    .addColumn('storage_prefix', 'text', (c) => c.notNull())
    .addColumn('manifest_sha256', 'text', (c) => c.notNull())
    .addColumn('key_fingerprint', 'text', (c) => c.notNull())
    .addColumn('total_bytes', 'bigint', (c) => c.notNull())
    .addColumn('gaps', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('retain_until', 'bigint')
    .addColumn('legal_hold', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('legal_hold_reason', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('evidence_items_camera_idx')
    .on('evidence_items')
    .columns(['camera_id', 'actual_from_ms'])
    .execute();
  await db.schema
    .createIndex('evidence_items_created_idx')
    .on('evidence_items')
    .columns(['created_at'])
    .execute();

  await db.schema
    .createTable('evidence_files')
    .addColumn('evidence_id', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('evidence_files_pk', ['evidence_id', 'path'])
    .execute();

  await db.schema
    .createTable('evidence_custody')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('evidence_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_username', 'text')
    .addColumn('ip', 'text')
    .addColumn('reason', 'text')
    .addColumn('recipient', 'text')
    .addColumn('details', 'text')
    .execute();
  await db.schema
    .createIndex('evidence_custody_item_idx')
    .on('evidence_custody')
    .columns(['evidence_id', 'at'])
    .execute();

  if (postgres) {
    await sql`
      create function vedetta_evidence_immutable() returns trigger language plpgsql as $$
      begin
        raise exception '% is immutable', tg_table_name;
      end $$`.execute(db);
    await sql`
      create trigger evidence_files_immutable before update on evidence_files
      for each row execute function vedetta_evidence_immutable()`.execute(db);
    await sql`
      create trigger evidence_custody_append_only before update or delete on evidence_custody
      for each row execute function vedetta_evidence_immutable()`.execute(db);
  } else {
    await sql`
      create trigger evidence_files_no_update before update on evidence_files
      begin select raise(abort, 'evidence_files is immutable'); end`.execute(db);
    await sql`
      create trigger evidence_custody_no_update before update on evidence_custody
      begin select raise(abort, 'evidence_custody is append-only'); end`.execute(db);
    await sql`
      create trigger evidence_custody_no_delete before delete on evidence_custody
      begin select raise(abort, 'evidence_custody is append-only'); end`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'evidence_custody',
    'evidence_files',
    'evidence_items',
    'evidence_acquisitions',
    'evidence_counters',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  if (dialectOf(db) === 'postgres') {
    await sql`drop function if exists vedetta_evidence_immutable()`.execute(db);
  }
}
