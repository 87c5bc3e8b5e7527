import type { AddressInfo } from 'node:net';
import { errorMessage } from '../../platform/errors.js';
import { ImapConnector, parseImapUrl } from '../../platform/mail/imap-mailbox.js';
import { SmtpReceiver } from '../../platform/mail/smtp-receiver.js';
import type { Logger } from '../../platform/log/logger.js';
import type { IntakeRepository } from './intake.repository.js';
import type { IntakeService } from './intake.service.js';
import type { RequestPreservation } from './request-preservation.service.js';

export interface MailboxSettings {
  smtpEnabled: boolean;
  smtpHost: string;
  smtpPort: number;
  /** The SMTP protocol refuses messages above this; the intake quarantines smaller "oversized" ones. */
  smtpHardLimitBytes: number;
  imapUrl: string | null;
  imapProcessedFolder: string;
  imapPollMs: number;
}

/** The intake's mailboxes: the built-in SMTP receiver and the IMAP connector, both feeding ingest. */
export class Mailboxes {
  private smtp: SmtpReceiver | null = null;
  private imap: ImapConnector | null = null;

  constructor(
    private readonly d: {
      intake: IntakeService;
      preservation: RequestPreservation;
      positions: IntakeRepository;
      log: Logger;
      settings: MailboxSettings;
    },
  ) {}

  /** Starts what the configuration enables; returns where the SMTP receiver listens. */
  async start(): Promise<{ smtp: AddressInfo | null; imap: string | null }> {
    const { settings: s, log } = this.d;
    // A crash between a request's registration and its hold leaves it to be preserved now.
    await this.d.preservation
      .preservePending()
      .catch((err: unknown) => log.error({ error: errorMessage(err) }, 'preserve pending failed'));
    let smtp: AddressInfo | null = null;
    if (s.smtpEnabled && !this.smtp) {
      this.smtp = new SmtpReceiver({
        host: s.smtpHost,
        port: s.smtpPort,
        hardLimitBytes: s.smtpHardLimitBytes,
        log: log.child({ connector: 'smtp' }),
        onMessage: async (mail) => {
          const r = await this.d.intake.ingest(mail.raw, 'smtp');
          log.info(
            { intakeId: r.intakeId, status: r.status, request: r.requestNumber },
            'mail received',
          );
        },
      });
      smtp = await this.smtp.start();
    }
    if (s.imapUrl && !this.imap) {
      const target = parseImapUrl(s.imapUrl);
      this.imap = new ImapConnector({
        target,
        processedFolder: s.imapProcessedFolder,
        pollMs: s.imapPollMs,
        store: this.d.positions,
        log: log.child({ connector: 'imap' }),
        onMessage: async (raw) => {
          await this.d.intake.ingest(raw, 'imap');
        },
      });
      this.imap.start();
    }
    return {
      smtp: smtp ?? this.smtp?.listening ?? null,
      imap: this.imap ? parseImapUrl(s.imapUrl ?? '').key : null,
    };
  }

  get smtpAddress(): AddressInfo | null {
    return this.smtp?.listening ?? null;
  }

  get imapConnector(): ImapConnector | null {
    return this.imap;
  }

  async stop(): Promise<void> {
    const smtp = this.smtp;
    const imap = this.imap;
    this.smtp = null;
    this.imap = null;
    await Promise.all([smtp?.stop(), imap?.stop()]);
  }
}
