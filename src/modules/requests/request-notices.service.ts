import type { Executor } from '../../platform/db/database.js';
import type { Outbox } from '../../platform/mail/outbox.js';
import { acknowledgementText } from './acknowledgement.js';
import type { RequestSettings } from './request-record.js';
import type { RequestRow } from './requests.repository.js';
import type { RequestSummary } from './requests.schemas.js';

/** Mail to the requesters: the acknowledgement and the outcome notices, through the outbox. */
export class RequestNotices {
  constructor(
    private readonly d: {
      outbox: Outbox;
      settings: Pick<RequestSettings, 'publicUrl'>;
    },
  ) {}

  /** A link to the request in the web app, when the public address is configured. */
  link(requestId: string): string | null {
    const base = this.d.settings.publicUrl;
    return base ? `${base.replace(/\/$/, '')}/richieste/${requestId}` : null;
  }

  /** The acknowledgement (issue 6 §7), queued in the caller's transaction. */
  async acknowledge(
    ex: Executor,
    r: RequestRow,
    summary: RequestSummary,
    holdCameras: string[],
  ): Promise<void> {
    if (!r.requester_email) return;
    const ack = acknowledgementText(summary, { holdCameras, link: this.link(r.id) });
    await this.d.outbox.add(
      {
        to: r.requester_email,
        subject: ack.subject,
        text: ack.text,
        kind: 'request.ack',
        inReplyTo: r.source_message_id,
        related: { type: 'request', id: r.id },
      },
      ex,
    );
  }
}
