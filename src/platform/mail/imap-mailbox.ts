import type { ImapFlow } from 'imapflow';
import { errorMessage } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { redactUrlCredentials } from '../log/redact.js';

/** Where a mailbox was left: its UIDVALIDITY and the last UID handled. */
export interface MailboxPosition {
  uidValidity: string;
  lastUid: number;
}

export interface MailboxPositionStore {
  load(mailbox: string): Promise<MailboxPosition | null>;
  save(mailbox: string, position: MailboxPosition): Promise<void>;
}

export interface ImapTarget {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  pass: string;
  folder: string;
  /** Names the mailbox without its password (the position's key, log lines). */
  key: string;
}

/** `imap://user:pass@host:143/INBOX` or `imaps://…:993/…` → connection settings. */
export function parseImapUrl(url: string): ImapTarget {
  const u = new URL(url);
  if (u.protocol !== 'imap:' && u.protocol !== 'imaps:') {
    throw new Error('VEDETTA_IMAP_URL: usare imap:// o imaps://');
  }
  const secure = u.protocol === 'imaps:';
  const port = u.port ? Number(u.port) : secure ? 993 : 143;
  const user = decodeURIComponent(u.username);
  const folder = decodeURIComponent(u.pathname.replace(/^\/+/, '')) || 'INBOX';
  return {
    host: u.hostname,
    port,
    secure,
    user,
    pass: decodeURIComponent(u.password),
    folder,
    key: `${u.protocol}//${user}@${u.hostname}:${port}/${folder}`,
  };
}

export interface ImapConnectorOptions {
  target: ImapTarget;
  /** Where handled messages are moved ("Vedetta/Elaborati"); nothing is ever deleted. */
  processedFolder: string;
  /** Polling, as fallback to IDLE (and a safety net for a silent server). */
  pollMs: number;
  store: MailboxPositionStore;
  /** Must have stored the message when it resolves; a rejection leaves it for the next pass. */
  onMessage: (raw: Buffer, meta: { uid: number; mailbox: string }) => Promise<void>;
  log: Logger;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * Reads a mailbox over IMAP: IDLE for new mail, polling as fallback. Each message is handed over,
 * then moved to the processed folder, then its UID is remembered (with UIDVALIDITY), so that a
 * restart neither skips nor repeats: a message handed over but not yet moved comes again, and
 * the intake recognizes it by Message-ID.
 */
export class ImapConnector {
  private client: ImapFlow | null = null;
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;
  private draining: Promise<void> | null = null;
  private pending = false;
  private processedPath: string | null = null;
  private lastError: string | null = null;
  private passes = 0;

  constructor(private readonly o: ImapConnectorOptions) {}

  start(): void {
    this.loop ??= this.run();
  }

  get status() {
    return {
      mailbox: this.o.target.key,
      connected: this.client?.usable ?? false,
      passes: this.passes,
      lastError: this.lastError,
    };
  }

  /** Resolves when no pass is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Asks for a pass now (also what IDLE's EXISTS does). */
  trigger(): void {
    this.pending = true;
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    this.loop = null;
  }

  private async run(): Promise<void> {
    let backoff = 1000;
    while (!this.abort.signal.aborted) {
      try {
        await this.session();
        backoff = 1000;
      } catch (err: unknown) {
        this.lastError = redactUrlCredentials(errorMessage(err));
        this.o.log.warn(
          { mailbox: this.o.target.key, error: this.lastError },
          'imap session ended',
        );
      }
      if (this.abort.signal.aborted) break;
      await sleep(backoff, this.abort.signal);
      backoff = Math.min(backoff * 2, 60_000);
    }
  }

  private async session(): Promise<void> {
    const t = this.o.target;
    // Loaded with the first mailbox session: a server with no mailbox does not carry it.
    const { ImapFlow } = await import('imapflow');
    const client = new ImapFlow({
      host: t.host,
      port: t.port,
      secure: t.secure,
      auth: { user: t.user, pass: t.pass },
      logger: false,
      missingIdleCommand: 'NOOP',
      autoIdleDelay: 1000,
      maxIdleTime: Math.max(this.o.pollMs, 60_000),
    });
    client.on('error', (err: unknown) => {
      this.lastError = redactUrlCredentials(errorMessage(err));
    });
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    await client.connect();
    this.client = client;
    const poll = setInterval(() => this.trigger(), this.o.pollMs);
    try {
      this.processedPath = await this.ensureFolder(client);
      await client.mailboxOpen(t.folder);
      client.on('exists', () => this.trigger());
      this.o.log.info({ mailbox: t.key }, 'imap connected');
      this.trigger();
      await Promise.race([
        closed,
        new Promise((r) => this.abort.signal.addEventListener('abort', r)),
      ]);
    } finally {
      clearInterval(poll);
      await this.idle();
      this.client = null;
      if (client.usable) await client.logout().catch(() => client.close());
    }
  }

  private async ensureFolder(client: ImapFlow): Promise<string> {
    const parts = this.o.processedFolder.split('/').filter(Boolean);
    const list = await client.list();
    const delimiter = list[0]?.delimiter ?? '/';
    const wanted = parts.join(delimiter);
    const found = list.find((m) => m.path === wanted);
    if (found) return found.path;
    const created = await client.mailboxCreate(parts);
    return created.path;
  }

  private async drain(): Promise<void> {
    while (this.pending && !this.abort.signal.aborted) {
      this.pending = false;
      const client = this.client;
      if (!client?.usable) return;
      try {
        await this.pass(client);
        this.lastError = null;
      } catch (err: unknown) {
        this.lastError = redactUrlCredentials(errorMessage(err));
        this.o.log.warn({ mailbox: this.o.target.key, error: this.lastError }, 'imap pass failed');
        return;
      }
    }
  }

  private async pass(client: ImapFlow): Promise<void> {
    this.passes++;
    const box = client.mailbox;
    if (!box || !this.processedPath) return;
    const key = this.o.target.key;
    const uidValidity = String(box.uidValidity);
    let pos = await this.o.store.load(key);
    if (pos && pos.uidValidity !== uidValidity) {
      // The server renumbered the mailbox: start over; Message-ID keeps ingestion idempotent.
      this.o.log.warn(
        { mailbox: key, was: pos.uidValidity, now: uidValidity },
        'uidvalidity changed',
      );
      pos = null;
    }
    let lastUid = pos?.lastUid ?? 0;
    const found = await client.search({ uid: `${lastUid + 1}:*` }, { uid: true });
    const uids = (Array.isArray(found) ? found : [])
      .filter((u) => u > lastUid)
      .sort((a, b) => a - b);
    for (const uid of uids) {
      if (this.abort.signal.aborted) return;
      const msg = await client.fetchOne(String(uid), { source: true }, { uid: true });
      if (msg && msg.source) await this.o.onMessage(msg.source, { uid, mailbox: key });
      await client.messageMove(String(uid), this.processedPath, { uid: true });
      lastUid = uid;
      await this.o.store.save(key, { uidValidity, lastUid });
    }
  }
}
