import type { Db, Executor } from '../../platform/db/database.js';
import type { MailboxPosition, MailboxPositionStore } from '../../platform/mail/imap-mailbox.js';
import type { IntakeMessagesTable, IntakeStatus } from './requests.tables.js';

export type IntakeRow = IntakeMessagesTable;

/** Received messages (accepted, quarantined, duplicates) and the IMAP positions. */
export class IntakeRepository implements MailboxPositionStore {
  constructor(private readonly db: Db) {}

  async insert(row: IntakeRow, ex: Executor = this.db): Promise<void> {
    await ex.insertInto('intake_messages').values(row).execute();
  }

  async update(id: string, patch: Partial<Omit<IntakeRow, 'id'>>, ex: Executor = this.db) {
    await ex.updateTable('intake_messages').set(patch).where('id', '=', id).execute();
  }

  async findById(id: string, ex: Executor = this.db): Promise<IntakeRow | undefined> {
    return ex.selectFrom('intake_messages').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findBySha(sha256: string, ex: Executor = this.db): Promise<IntakeRow | undefined> {
    return ex
      .selectFrom('intake_messages')
      .selectAll()
      .where('sha256', '=', sha256)
      .executeTakeFirst();
  }

  /** The message that holds this Message-ID (duplicates excluded). */
  async findByMessageId(messageId: string, ex: Executor = this.db) {
    return ex
      .selectFrom('intake_messages')
      .selectAll()
      .where('message_id', '=', messageId)
      .where('status', '<>', 'duplicate')
      .executeTakeFirst();
  }

  async list(opts: { status?: IntakeStatus; limit: number }, ex: Executor = this.db) {
    return ex
      .selectFrom('intake_messages')
      .selectAll()
      .$if(opts.status !== undefined, (q) => q.where('status', '=', opts.status ?? 'accepted'))
      .orderBy('received_at', 'desc')
      .orderBy('id')
      .limit(opts.limit)
      .execute();
  }

  async load(mailbox: string): Promise<MailboxPosition | null> {
    const row = await this.db
      .selectFrom('mailbox_state')
      .selectAll()
      .where('mailbox', '=', mailbox)
      .executeTakeFirst();
    return row ? { uidValidity: row.uid_validity, lastUid: Number(row.last_uid) } : null;
  }

  async save(mailbox: string, p: MailboxPosition): Promise<void> {
    const now = Date.now();
    await this.db
      .insertInto('mailbox_state')
      .values({ mailbox, uid_validity: p.uidValidity, last_uid: p.lastUid, updated_at: now })
      .onConflict((oc) =>
        oc.column('mailbox').doUpdateSet({
          uid_validity: p.uidValidity,
          last_uid: p.lastUid,
          updated_at: now,
        }),
      )
      .execute();
  }
}
