import { createHash, randomUUID } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Db, Executor } from '../db/database.js';
import { isoOrNull } from '../db/database.js';
import { errorMessage } from '../errors.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Logger } from '../log/logger.js';
import type { Storage } from '../storage/storage.js';
import { redactUrlCredentials } from '../log/redact.js';
import type { MailSender } from './mail-sender.js';
import type { OutboxStatus, OutboxTable } from './outbox.tables.js';

declare module '../jobs/job-queue.js' {
  interface JobPayloads {
    'mail.send': { outboxId: string };
  }
}

export interface NewOutboxMail {
  to: string;
  subject: string;
  text: string;
  kind: string;
  inReplyTo?: string | null;
  related?: { type: string; id: string } | null;
  /** Files already in storage, read and checked against their SHA-256 when the mail is sent. */
  attachments?: OutboxAttachment[];
}

export interface OutboxAttachment {
  filename: string;
  mediaType: string;
  storageKey: string;
  bytes: number;
  sha256: string;
}

export const OutboxItemSchema = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  kind: z.string(),
  inReplyTo: z.string().nullable(),
  relatedType: z.string().nullable(),
  relatedId: z.string().nullable(),
  status: z.enum(['queued', 'sent', 'failed', 'local']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type OutboxItem = z.infer<typeof OutboxItemSchema>;

const MAX_ATTEMPTS = 8;

/**
 * Links whose fragment is a secret (an evidence share link, `https://…/condivisione#<secret>`):
 * whoever reads the outbox (the administrator, operators) must not be able to follow them.
 */
const SECRET_FRAGMENT = /(https?:\/\/[^\s#]+#)[A-Za-z0-9_-]{16,}/g;

/** The text with every secret link fragment replaced: what listings show and what stays once sent. */
export function maskSecretLinks(text: string): string {
  return text.replace(SECRET_FRAGMENT, '$1[riservato]');
}

function toItem(r: OutboxTable): OutboxItem {
  return {
    id: r.id,
    to: r.to_addr,
    subject: r.subject,
    text: maskSecretLinks(r.text),
    kind: r.kind,
    inReplyTo: r.in_reply_to,
    relatedType: r.related_type,
    relatedId: r.related_id,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: isoOrNull(r.created_at) ?? '',
    sentAt: isoOrNull(r.sent_at),
  };
}

/**
 * Outgoing mail, stored before it is sent: a job delivers it through the relay. Without a relay
 * the message stays here marked `local`, readable by the admin: the embedded default.
 */
export class Outbox {
  constructor(
    private readonly d: {
      db: Db;
      queue: JobQueue;
      clock: Clock;
      sender: MailSender | null;
      log: Logger;
      /** Where attachments are read from (mail without attachments needs none). */
      storage?: Storage;
    },
  ) {
    d.queue.define({
      name: 'mail.send',
      schema: z.object({ outboxId: z.string() }).strict(),
      maxAttempts: MAX_ATTEMPTS,
      backoffMs: (attempt) => Math.min(30 * 60_000, 2_000 * 3 ** (attempt - 1)),
      handler: ({ outboxId }) => this.deliver(outboxId),
    });
  }

  get relayConfigured(): boolean {
    return this.d.sender !== null;
  }

  /** Stores a message (inside the caller's transaction when given) and schedules its delivery. */
  async add(mail: NewOutboxMail, ex: Executor = this.d.db): Promise<string> {
    const id = randomUUID();
    const status: OutboxStatus = this.d.sender ? 'queued' : 'local';
    await ex
      .insertInto('outbox')
      .values({
        id,
        to_addr: mail.to,
        subject: mail.subject,
        text: mail.text,
        in_reply_to: mail.inReplyTo ?? null,
        related_type: mail.related?.type ?? null,
        related_id: mail.related?.id ?? null,
        kind: mail.kind,
        status,
        attempts: 0,
        last_error: null,
        created_at: this.d.clock.now(),
        sent_at: null,
      })
      .execute();
    const files = mail.attachments ?? [];
    if (files.length > 0) {
      if (!this.d.storage) throw new Error('outbox: attachments need a storage');
      await ex
        .insertInto('outbox_attachments')
        .values(
          files.map((f, position) => ({
            outbox_id: id,
            position,
            filename: f.filename,
            media_type: f.mediaType,
            storage_key: f.storageKey,
            bytes: f.bytes,
            sha256: f.sha256,
          })),
        )
        .execute();
    }
    if (status === 'queued') {
      await this.d.queue.enqueue('mail.send', { outboxId: id }, { uniqueKey: `mail:${id}` }, ex);
    }
    return id;
  }

  async list(opts: {
    limit: number;
    relatedId?: string;
    status?: OutboxStatus;
  }): Promise<OutboxItem[]> {
    const rows = await this.d.db
      .selectFrom('outbox')
      .selectAll()
      .$if(opts.relatedId !== undefined, (q) => q.where('related_id', '=', opts.relatedId ?? ''))
      .$if(opts.status !== undefined, (q) => q.where('status', '=', opts.status ?? 'failed'))
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(opts.limit)
      .execute();
    return rows.map(toItem);
  }

  /**
   * A person asks for another delivery of a mail that failed (or stayed local before a relay
   * was configured): attempts start again from zero. Returns null when there is no such mail.
   */
  async retry(id: string): Promise<OutboxItem | null> {
    const row = await this.d.db
      .selectFrom('outbox')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return null;
    if (row.status === 'sent' || row.status === 'queued' || !this.d.sender) return toItem(row);
    await this.d.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('outbox')
        .set({ status: 'queued', attempts: 0, last_error: row.last_error })
        .where('id', '=', id)
        .execute();
      await this.d.queue.enqueue(
        'mail.send',
        { outboxId: id },
        { uniqueKey: `mail:${id}:${this.d.clock.now()}` },
        tx,
      );
    });
    const after = await this.d.db
      .selectFrom('outbox')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return toItem(after);
  }

  /** The files attached to a message, in order. */
  async attachmentsOf(id: string, ex: Executor = this.d.db): Promise<OutboxAttachment[]> {
    const rows = await ex
      .selectFrom('outbox_attachments')
      .selectAll()
      .where('outbox_id', '=', id)
      .orderBy('position')
      .execute();
    return rows.map((r) => ({
      filename: r.filename,
      mediaType: r.media_type,
      storageKey: r.storage_key,
      bytes: r.bytes,
      sha256: r.sha256,
    }));
  }

  /** Reads the attachments from storage; a changed file is refused (never sent altered). */
  private async loadAttachments(id: string) {
    const files = await this.attachmentsOf(id);
    const out: Array<{ filename: string; contentType: string; content: Buffer }> = [];
    for (const f of files) {
      if (!this.d.storage) throw new Error('outbox: attachments need a storage');
      const content = await buffer(await this.d.storage.get(f.storageKey));
      const sha = createHash('sha256').update(content).digest('hex');
      if (sha !== f.sha256) throw new Error(`allegato ${f.filename}: impronta SHA-256 diversa`);
      out.push({ filename: f.filename, contentType: f.mediaType, content });
    }
    return out;
  }

  /** The job: one delivery attempt. Throws to be retried; the last failure marks it failed. */
  async deliver(id: string): Promise<{ status: OutboxStatus }> {
    const row = await this.d.db
      .selectFrom('outbox')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row || row.status === 'sent') return { status: row?.status ?? 'failed' };
    if (!this.d.sender) {
      await this.d.db.updateTable('outbox').set({ status: 'local' }).where('id', '=', id).execute();
      return { status: 'local' };
    }
    const attempts = row.attempts + 1;
    try {
      const attachments = await this.loadAttachments(id);
      await this.d.sender.send({
        to: row.to_addr,
        subject: row.subject,
        text: row.text,
        inReplyTo: row.in_reply_to,
        ...(attachments.length > 0 && { attachments }),
      });
      await this.d.db
        .updateTable('outbox')
        // The secret of a link leaves with the mail and is not kept here.
        .set({
          status: 'sent',
          attempts,
          sent_at: this.d.clock.now(),
          last_error: null,
          text: maskSecretLinks(row.text),
        })
        .where('id', '=', id)
        .execute();
      return { status: 'sent' };
    } catch (err: unknown) {
      const message = redactUrlCredentials(errorMessage(err)).slice(0, 1000);
      await this.d.db
        .updateTable('outbox')
        .set({
          status: attempts >= MAX_ATTEMPTS ? 'failed' : 'queued',
          attempts,
          last_error: message,
        })
        .where('id', '=', id)
        .execute();
      this.d.log.warn({ outboxId: id, attempts, error: message }, 'mail not sent');
      throw err;
    }
  }

  close(): void {
    this.d.sender?.close();
  }
}
