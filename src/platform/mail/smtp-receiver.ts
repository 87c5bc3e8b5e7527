import type { AddressInfo } from 'node:net';
import type { SMTPServer } from 'smtp-server';
import { errorMessage } from '../errors.js';
import type { Logger } from '../log/logger.js';

export interface ReceivedMail {
  raw: Buffer;
  envelopeFrom: string | null;
  envelopeTo: string[];
  remoteAddress: string;
}

export interface SmtpReceiverOptions {
  host: string;
  /** 0 picks any free port. */
  port: number;
  /** Larger messages are refused by the protocol itself (552); smaller limits are the intake's. */
  hardLimitBytes: number;
  /** Must store the message before resolving: a rejection answers 451 so the sender retries. */
  onMessage: (mail: ReceivedMail) => Promise<void>;
  log: Logger;
}

/**
 * The built-in mailbox: a plain SMTP receiver on a local port, so the embedded default receives
 * requests at once. No authentication and no TLS: it listens on the loopback address, and a
 * real deployment puts the Comune's mail server (IMAP) in front.
 */
export class SmtpReceiver {
  private server: SMTPServer | null = null;
  private address: AddressInfo | null = null;

  constructor(private readonly opts: SmtpReceiverOptions) {}

  async start(): Promise<AddressInfo> {
    const { log } = this.opts;
    // Loaded only when the receiver starts: a server with it turned off does not carry it.
    const { SMTPServer } = await import('smtp-server');
    const server = new SMTPServer({
      name: 'vedetta',
      banner: 'Vedetta intake',
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: this.opts.hardLimitBytes,
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('error', (err: unknown) => callback(err instanceof Error ? err : null));
        stream.on('end', () => {
          if (stream.sizeExceeded) {
            const err = Object.assign(new Error('messaggio troppo grande'), { responseCode: 552 });
            callback(err);
            return;
          }
          const from = session.envelope.mailFrom;
          this.opts
            .onMessage({
              raw: Buffer.concat(chunks),
              envelopeFrom: from ? from.address : null,
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              remoteAddress: session.remoteAddress,
            })
            .then(
              () => callback(null, 'messaggio ricevuto'),
              (err: unknown) => {
                log.error({ error: errorMessage(err) }, 'smtp intake failed');
                callback(
                  Object.assign(new Error('errore temporaneo, riprovare'), { responseCode: 451 }),
                );
              },
            );
        });
      },
    });
    server.on('error', (err: unknown) => log.warn({ error: errorMessage(err) }, 'smtp error'));
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(this.opts.port, this.opts.host, () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.address = server.server.address() as AddressInfo;
    return this.address;
  }

  /** Where it listens, once started. */
  get listening(): AddressInfo | null {
    return this.address;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.address = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
