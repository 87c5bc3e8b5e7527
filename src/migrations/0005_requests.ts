import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { dialectOf } from '../platform/db/database.js';

// Footage requests (issue 6): the register with its yearly numbering, comments and history,
// the raw intake of mail with its quarantine, the IMAP position, and the outbox.
export async function up(db: Kysely<unknown>): Promise<void> {
  const double = dialectOf(db) === 'postgres' ? 'double precision' : 'real';

  // One row per year; the number is taken with an upsert … returning, atomic on both databases.
  await db.schema
    .createTable('request_counters')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('last', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('negative_reason', 'text')
    .addColumn('state_reason', 'text')
    .addColumn('merged_into', 'text')
    .addColumn('subject', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('event_type', 'text')
    .addColumn('window_from', 'bigint')
    .addColumn('window_to', 'bigint')
    .addColumn('place_text', 'text')
    .addColumn('place_street', 'text')
    .addColumn('place_number', 'text')
    .addColumn('place_cross', 'text')
    .addColumn('place_landmark', 'text')
    .addColumn('place_lat', double)
    .addColumn('place_lon', double)
    .addColumn('refs', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('requester_name', 'text')
    .addColumn('requester_email', 'text')
    .addColumn('requester_rank', 'text')
    .addColumn('requester_badge', 'text')
    .addColumn('requester_unit', 'text')
    .addColumn('requester_phone', 'text')
    .addColumn('requester_type', 'text', (c) => c.notNull())
    .addColumn('urgent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('da_smistare', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('triage_notes', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('due_at', 'bigint')
    .addColumn('assigned_to', 'text')
    .addColumn('assigned_name', 'text')
    .addColumn('intake_id', 'text')
    .addColumn('source_message_id', 'text')
    .addColumn('parse_info', 'text')
    .addColumn('preserved_at', 'bigint')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('requests_queue_idx')
    .on('requests')
    .columns(['state', 'da_smistare', 'due_at'])
    .execute();

  await db.schema
    .createTable('request_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('requests.id'))
    .addColumn('author_id', 'text')
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('request_comments_request_idx')
    .on('request_comments')
    .columns(['request_id', 'created_at'])
    .execute();

  // The request's own history, readable without opening the audit log (whose reads are logged).
  await db.schema
    .createTable('request_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('requests.id'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text')
    .addColumn('reason', 'text')
    .addColumn('details', 'text')
    .execute();
  await db.schema
    .createIndex('request_history_request_idx')
    .on('request_history')
    .columns(['request_id', 'at'])
    .execute();

  // Every message received, as received: accepted, quarantined (with its reason) or a duplicate.
  await db.schema
    .createTable('intake_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sha256', 'text', (c) => c.notNull().unique())
    .addColumn('message_id', 'text')
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('sender', 'text')
    .addColumn('subject', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('problems', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('duplicate_of', 'text')
    .addColumn('request_id', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('processed_at', 'bigint')
    .execute();
  // Message-ID makes ingestion idempotent; duplicates (other bytes, same Message-ID) are kept apart.
  await db.schema
    .createIndex('intake_messages_message_id_uq')
    .on('intake_messages')
    .column('message_id')
    .unique()
    .where(sql.ref('status'), '<>', 'duplicate')
    .execute();
  await db.schema
    .createIndex('intake_messages_status_idx')
    .on('intake_messages')
    .columns(['status', 'received_at'])
    .execute();

  // Where the IMAP connector stopped: UIDVALIDITY and the last UID handled, per mailbox.
  await db.schema
    .createTable('mailbox_state')
    .addColumn('mailbox', 'text', (c) => c.primaryKey())
    .addColumn('uid_validity', 'text', (c) => c.notNull())
    .addColumn('last_uid', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('to_addr', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('in_reply_to', 'text')
    .addColumn('related_type', 'text')
    .addColumn('related_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .execute();
  await db.schema.createIndex('outbox_created_idx').on('outbox').columns(['created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'outbox',
    'mailbox_state',
    'intake_messages',
    'request_history',
    'request_comments',
    'requests',
    'request_counters',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
