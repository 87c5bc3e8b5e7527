import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { dialectOf } from '../platform/db/database.js';

// Bodycams (issue 8): the disciplinare's versions, the training register, the fleet and its
// issuing register (B1), clips with their categorization and retention (B2, B4), and the
// ingest log (B3: every file taken from the dock, duplicate, retried or quarantined).
export async function up(db: Kysely<unknown>): Promise<void> {
  const double = dialectOf(db) === 'postgres' ? 'double precision' : 'real';

  await db.schema
    .createTable('bodycam_disciplinare')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'integer', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'bigint', (c) => c.notNull())
    // JSON: activation reasons, categories, deadlines, limits (disciplinare.schemas.ts).
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('seeded', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('act_kind', 'text')
    .addColumn('act_number', 'text')
    .addColumn('act_date', 'text')
    .addColumn('approved_by', 'text')
    .addColumn('approved_at', 'bigint')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('training_courses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('validity_months', 'integer')
    .addColumn('required_for_bodycam', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('training_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_id', 'text', (c) => c.notNull().references('training_courses.id'))
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('instructor', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('training_sessions_course_idx')
    .on('training_sessions')
    .columns(['course_id', 'held_on'])
    .execute();
  await db.schema
    .createTable('training_attendance')
    .addColumn('session_id', 'text', (c) => c.notNull().references('training_sessions.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    // Last valid day (YYYY-MM-DD), null when the course never expires.
    .addColumn('valid_until', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('training_attendance_pk', ['session_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('training_attendance_user_idx')
    .on('training_attendance')
    .column('user_id')
    .execute();

  await db.schema
    .createTable('bodycam_devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('serial', 'text', (c) => c.notNull().unique())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('firmware', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('bodycam_issues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('device_id', 'text', (c) => c.notNull().references('bodycam_devices.id'))
    .addColumn('device_serial', 'text', (c) => c.notNull())
    .addColumn('officer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('officer_name', 'text', (c) => c.notNull())
    .addColumn('partner_command', 'text')
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addColumn('returned_at', 'bigint')
    .addColumn('received_by', 'text')
    .addColumn('return_notes', 'text')
    .execute();
  await db.schema
    .createIndex('bodycam_issues_device_idx')
    .on('bodycam_issues')
    .columns(['device_id', 'issued_at'])
    .execute();
  // At most one open issue per device, enforced by the database as well as the service.
  await db.schema
    .createIndex('bodycam_issues_open_uq')
    .on('bodycam_issues')
    .column('device_id')
    .unique()
    .where(sql.ref('returned_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('bodycam_issues_officer_idx')
    .on('bodycam_issues')
    .columns(['officer_id', 'issued_at'])
    .execute();

  await db.schema
    .createTable('bodycam_clips')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sha256', 'text', (c) => c.notNull().unique())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text')
    .addColumn('device_serial', 'text', (c) => c.notNull())
    .addColumn('officer_id', 'text')
    .addColumn('officer_name', 'text')
    .addColumn('issue_id', 'text')
    .addColumn('partner_command', 'text')
    .addColumn('recorded_start', 'bigint', (c) => c.notNull())
    .addColumn('recorded_end', 'bigint', (c) => c.notNull())
    .addColumn('time_source', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'bigint', (c) => c.notNull())
    .addColumn('codec', 'text')
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('gps', 'text')
    .addColumn('gps_points', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_lat', double)
    .addColumn('first_lon', double)
    .addColumn('disciplinare_id', 'text', (c) => c.notNull())
    .addColumn('disciplinare_number', 'integer', (c) => c.notNull())
    .addColumn('flags', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('activation_reason', 'text')
    .addColumn('note', 'text')
    .addColumn('subjects_warned', 'integer')
    .addColumn('linked_ref', 'text')
    .addColumn('categorized_by', 'text')
    .addColumn('categorized_at', 'bigint')
    .addColumn('categorize_due_at', 'bigint', (c) => c.notNull())
    .addColumn('retain_until', 'bigint')
    .addColumn('legal_hold', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('legal_hold_reason', 'text')
    .addColumn('not_usable_admin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ingested_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .addColumn('deleted_cause', 'text')
    .execute();
  await db.schema
    .createIndex('bodycam_clips_officer_idx')
    .on('bodycam_clips')
    .columns(['officer_id', 'recorded_start'])
    .execute();
  await db.schema
    .createIndex('bodycam_clips_retain_idx')
    .on('bodycam_clips')
    .columns(['deleted_at', 'retain_until'])
    .execute();

  await db.schema
    .createTable('bodycam_ingest_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('device_serial', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bigint')
    .addColumn('sha256', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('clip_id', 'text')
    .addColumn('storage_key', 'text')
    .execute();
  await db.schema
    .createIndex('bodycam_ingest_log_at_idx')
    .on('bodycam_ingest_log')
    .column('at')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'bodycam_ingest_log',
    'bodycam_clips',
    'bodycam_issues',
    'bodycam_devices',
    'training_attendance',
    'training_sessions',
    'training_courses',
    'bodycam_disciplinare',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
