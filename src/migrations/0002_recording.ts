import type { Kysely } from 'kysely';
import { dialectOf } from '../platform/db/database.js';

// Cameras, recorded segments, gaps, holds, deletions, alarms and playback sessions.
export async function up(db: Kysely<unknown>): Promise<void> {
  const double = dialectOf(db) === 'postgres' ? 'double precision' : 'real';

  await db.schema
    .createTable('cameras')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('latitude', double)
    .addColumn('longitude', double)
    .addColumn('main_url', 'text', (c) => c.notNull())
    .addColumn('sub_url', 'text')
    .addColumn('username', 'text')
    .addColumn('password_enc', 'text')
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('retention_days', 'integer', (c) => c.notNull())
    .addColumn('retention_reason', 'text')
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('dpia_ref', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  // Written by the recorder only, apart from the registry that people edit.
  await db.schema
    .createTable('camera_status')
    .addColumn('camera_id', 'text', (c) =>
      c.primaryKey().references('cameras.id').onDelete('cascade'),
    )
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('message', 'text')
    .addColumn('since', 'bigint', (c) => c.notNull())
    .addColumn('last_segment_at', 'bigint')
    .addColumn('codec', 'text')
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('bitrate', 'integer')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  // No foreign key to cameras: footage outlives a camera's removal from the registry.
  await db.schema
    .createTable('recording_segments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('camera_id', 'text', (c) => c.notNull())
    .addColumn('start_ms', 'bigint', (c) => c.notNull())
    .addColumn('end_ms', 'bigint', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull().unique())
    .addColumn('codec', 'text')
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('segments_camera_start_idx')
    .on('recording_segments')
    .columns(['camera_id', 'start_ms'])
    .execute();
  await db.schema
    .createIndex('segments_end_idx')
    .on('recording_segments')
    .column('end_ms')
    .execute();

  await db.schema
    .createTable('recording_gaps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('camera_id', 'text', (c) => c.notNull())
    .addColumn('start_ms', 'bigint', (c) => c.notNull())
    .addColumn('end_ms', 'bigint')
    .addColumn('cause', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('gaps_camera_start_idx')
    .on('recording_gaps')
    .columns(['camera_id', 'start_ms'])
    .execute();

  await db.schema
    .createTable('holds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('start_ms', 'bigint', (c) => c.notNull())
    .addColumn('end_ms', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('case_ref', 'text')
    .addColumn('request_id', 'text')
    .addColumn('placed_by', 'text', (c) => c.notNull())
    .addColumn('placed_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .addColumn('released_at', 'bigint')
    .addColumn('released_by', 'text')
    .addColumn('release_reason', 'text')
    .execute();
  await db.schema
    .createTable('hold_cameras')
    .addColumn('hold_id', 'text', (c) => c.notNull().references('holds.id').onDelete('cascade'))
    .addColumn('camera_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('hold_cameras_pk', ['hold_id', 'camera_id'])
    .execute();
  await db.schema
    .createIndex('hold_cameras_camera_idx')
    .on('hold_cameras')
    .column('camera_id')
    .execute();

  await db.schema
    .createTable('recording_deletions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('camera_id', 'text', (c) => c.notNull())
    .addColumn('start_ms', 'bigint', (c) => c.notNull())
    .addColumn('end_ms', 'bigint', (c) => c.notNull())
    .addColumn('segments', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('cause', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('deletions_camera_start_idx')
    .on('recording_deletions')
    .columns(['camera_id', 'start_ms'])
    .execute();

  await db.schema
    .createTable('alarms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull()) // camera id, 'storage', …
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('cleared_at', 'bigint')
    .addColumn('acknowledged_at', 'bigint')
    .addColumn('acknowledged_by', 'text')
    .execute();
  await db.schema
    .createIndex('alarms_open_idx')
    .on('alarms')
    .columns(['kind', 'subject', 'cleared_at'])
    .execute();

  await db.schema
    .createTable('playback_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('camera_id', 'text', (c) => c.notNull())
    .addColumn('from_ms', 'bigint', (c) => c.notNull())
    .addColumn('to_ms', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'playback_sessions',
    'alarms',
    'recording_deletions',
    'hold_cameras',
    'holds',
    'recording_gaps',
    'recording_segments',
    'camera_status',
    'cameras',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
