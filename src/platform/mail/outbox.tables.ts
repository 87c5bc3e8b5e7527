declare module '../db/database.js' {
  interface Tables {
    outbox: OutboxTable;
    outbox_attachments: OutboxAttachmentsTable;
  }
}

/** queued: waiting for the relay; sent; failed: attempts exhausted; local: no relay configured. */
export type OutboxStatus = 'queued' | 'sent' | 'failed' | 'local';

export interface OutboxTable {
  id: string;
  to_addr: string;
  subject: string;
  text: string;
  in_reply_to: string | null;
  related_type: string | null;
  related_id: string | null;
  kind: string;
  status: OutboxStatus;
  attempts: number;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

/** A file sent with a message, read from storage when the message is delivered. */
export interface OutboxAttachmentsTable {
  outbox_id: string;
  position: number;
  filename: string;
  media_type: string;
  storage_key: string;
  bytes: number;
  sha256: string;
}
