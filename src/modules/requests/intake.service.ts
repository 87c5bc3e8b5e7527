import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Clock } from '../../platform/clock.js';
import { sha256Hex } from '../../platform/crypto/hash.js';
import type { Db } from '../../platform/db/database.js';
import { fromJson, isoOrNull, toJson } from '../../platform/db/database.js';
import { Conflict, NotFound, errorMessage } from '../../platform/errors.js';
import type { Logger } from '../../platform/log/logger.js';
import type { Storage } from '../../platform/storage/storage.js';
import type { AuditService } from '../audit/audit.service.js';
import { SYSTEM_ACTOR } from '../audit/audit.types.js';
import { parseRequestMessage } from './intake/parse-message.js';
import type { ParsedRequest } from './intake/parsed-request.schema.js';
import type { ParseOptions } from './intake/request-parser.js';
import type { IntakeRepository, IntakeRow } from './intake.repository.js';
import type { IntakeMessage } from './requests.schemas.js';
import type { RequestPreservation } from './request-preservation.service.js';
import { SYSTEM_REQUEST_ACTOR, type RequestActor, type RequestFields } from './request-record.js';
import type { RequestsService } from './requests.service.js';
import type { StreetsService } from './streets.service.js';

/** Problems that leave nothing usable to read: the message waits in quarantine for a person. */
const UNUSABLE = new Set([
  'malformed_mime',
  'empty_body',
  'parse_error',
  'unknown_charset',
  'pec_receipt',
]);

export const QUARANTINE_REASONS: Record<string, string> = {
  malformed_mime: 'struttura MIME non valida',
  empty_body: 'messaggio senza testo',
  parse_error: 'errore nella lettura del testo',
  unknown_charset: 'codifica dei caratteri sconosciuta',
  pec_receipt: 'ricevuta PEC, non una richiesta',
  sender_not_allowed: 'mittente fuori dai domini ammessi',
  oversized: 'messaggio oltre la dimensione massima',
  html_only: 'messaggio solo in HTML',
};

export interface IntakeSettings {
  maxBytes: number;
  /** Mail domains whose senders are accepted (subdomains included); empty: everyone. */
  allowedDomains: string[];
  /** HTML-only mail goes to the quarantine instead of being read (VEDETTA_MAIL_HTML_ONLY). */
  quarantineHtmlOnly?: boolean;
  parse: Partial<ParseOptions>;
}

export interface IngestResult {
  status: 'accepted' | 'quarantined' | 'duplicate';
  intakeId: string;
  requestId: string | null;
  requestNumber: string | null;
  reason: string | null;
}

function toMessage(r: IntakeRow): IntakeMessage {
  return {
    id: r.id,
    sha256: r.sha256,
    messageId: r.message_id,
    source: r.source,
    sender: r.sender,
    subject: r.subject,
    bytes: Number(r.bytes),
    status: r.status,
    reason: r.reason,
    discardReason: r.discard_reason,
    discardedBy: r.discarded_by,
    problems: fromJson<string[]>(r.problems) ?? [],
    requestId: r.request_id,
    duplicateOf: r.duplicate_of,
    attempts: r.attempts,
    receivedAt: isoOrNull(r.received_at) ?? '',
    processedAt: isoOrNull(r.processed_at),
  };
}

/** A header value read straight from the raw bytes (for messages too big to parse). */
function rawHeader(raw: Buffer, name: string): string | null {
  const head = raw.subarray(0, 64 * 1024).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const headers = (end < 0 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const m = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(headers);
  return m?.[1]?.trim() || null;
}

/**
 * Why a message cannot become a request by itself, or null: oversized, a problem that leaves
 * nothing to read, or a sender outside the allowed domains (when some are configured).
 */
export function quarantineReason(m: {
  bytes: number;
  problems: readonly string[];
  sender: string | null;
  settings: Pick<IntakeSettings, 'maxBytes' | 'allowedDomains' | 'quarantineHtmlOnly'>;
}): string | null {
  if (m.bytes > m.settings.maxBytes) return 'oversized';
  const unusable = m.problems.find((p) => UNUSABLE.has(p));
  if (unusable) return unusable;
  if (m.settings.quarantineHtmlOnly && m.problems.includes('html_only')) return 'html_only';
  const allowed = m.settings.allowedDomains;
  const domain = domainOf(m.sender);
  if (
    allowed.length > 0 &&
    !(domain && allowed.some((d) => domain === d || domain.endsWith(`.${d}`)))
  ) {
    return 'sender_not_allowed';
  }
  return null;
}

const domainOf = (address: string | null) =>
  address?.toLowerCase().split('@').pop()?.replace(/>$/, '') ?? null;

function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  return (
    code === '23505' ||
    (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')) ||
    (typeof message === 'string' && /unique/i.test(message))
  );
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Raw first (issue 6 §2): every message is stored as received, with its SHA-256, before
 * anything else; then it is parsed, and either quarantined with a reason or turned into a
 * request that is preserved at once. Idempotent by SHA-256 and by Message-ID. Never throws for
 * a bad message: only a failure to store it (disk, database) rejects, so the sender retries.
 */
export class IntakeService {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly d: {
      db: Db;
      repo: IntakeRepository;
      storage: Storage;
      audit: AuditService;
      clock: Clock;
      requests: RequestsService;
      preservation: RequestPreservation;
      streets: StreetsService;
      log: Logger;
      settings: IntakeSettings;
    },
  ) {}

  /** One message at a time in this process: duplicates arriving together are seen as such. */
  ingest(raw: Buffer, source: string): Promise<IngestResult> {
    const run = this.chain.then(() => this.ingestOne(raw, source));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async ingestOne(raw: Buffer, source: string): Promise<IngestResult> {
    const now = this.d.clock.now();
    const sha256 = sha256Hex(raw);
    const day = new Date(now);
    const key = `requests/raw/${day.getUTCFullYear()}/${String(day.getUTCMonth() + 1).padStart(2, '0')}/${sha256}.eml`;
    if (!(await this.d.storage.exists(key))) {
      const stored = await this.d.storage.put(key, raw);
      if (stored.sha256 !== sha256)
        throw new Error(`stored message ${key} does not match its hash`);
    }
    const known = await this.d.repo.findBySha(sha256);
    if (known) return this.result(known, 'duplicate');
    const row: IntakeRow = {
      id: randomUUID(),
      sha256,
      message_id: null,
      storage_key: key,
      bytes: raw.length,
      source,
      sender: null,
      subject: null,
      status: 'processing',
      reason: null,
      problems: '[]',
      duplicate_of: null,
      request_id: null,
      attempts: 1,
      received_at: now,
      processed_at: null,
      discard_reason: null,
      discarded_by: null,
    };
    try {
      return await this.process(row, raw, { insert: true, force: false });
    } catch (err: unknown) {
      // A message that breaks the intake itself is quarantined, never lost, never fatal.
      this.d.log.error({ intakeId: row.id, error: errorMessage(err) }, 'intake failed');
      const existing = await this.d.repo.findById(row.id);
      if (!existing) {
        await this.d.repo.insert({
          ...row,
          status: 'quarantined',
          reason: 'parse_error',
          processed_at: now,
        });
      } else if (existing.status === 'processing') {
        await this.d.repo.update(row.id, {
          status: 'quarantined',
          reason: 'parse_error',
          processed_at: now,
        });
      }
      const after = await this.d.repo.findById(row.id);
      return this.result(after ?? row, after?.status === 'accepted' ? 'accepted' : 'quarantined');
    }
  }

  private async process(
    row: IntakeRow,
    raw: Buffer,
    opts: { insert: boolean; force: boolean; actor?: RequestActor },
  ): Promise<IngestResult> {
    const now = this.d.clock.now();
    const s = this.d.settings;
    const oversized = raw.length > s.maxBytes;
    const parsed: ParsedRequest | null = oversized
      ? null
      : await parseRequestMessage(raw, {
          ...s.parse,
          receivedAt: new Date(row.received_at),
          now: new Date(row.received_at),
        });
    const messageId = parsed ? parsed.messageId : rawHeader(raw, 'message-id');
    const sender = parsed
      ? (parsed.pec?.sender ?? parsed.requester.email)
      : (/<?([^<>\s]+@[^<>\s]+)>?/.exec(rawHeader(raw, 'from') ?? '')?.[1] ?? null);
    const subject = parsed ? parsed.subject : rawHeader(raw, 'subject');
    Object.assign(row, {
      message_id: messageId,
      sender,
      subject: subject?.slice(0, 500) ?? null,
      problems: toJson(parsed?.problems ?? ['oversized']) ?? '[]',
    });

    if (messageId && opts.insert) {
      const first = await this.d.repo.findByMessageId(messageId);
      if (first) return this.recordDuplicate(row, first);
    }

    let reason = quarantineReason({
      bytes: raw.length,
      problems: parsed?.problems ?? [],
      sender,
      settings: s,
    });
    if (opts.force) reason = null;

    if (reason || !parsed) {
      await this.d.db.transaction().execute(async (tx) => {
        const patch = { ...row, status: 'quarantined' as const, reason, processed_at: now };
        if (opts.insert) await this.d.repo.insert(patch, tx);
        else await this.d.repo.update(row.id, patch, tx);
        await this.d.audit.record(tx, opts.actor?.actor ?? SYSTEM_ACTOR, {
          action: 'intake.quarantine',
          objectType: 'intake_message',
          objectId: row.id,
          reason: QUARANTINE_REASONS[reason ?? 'parse_error'] ?? reason,
          details: { sha256: row.sha256, messageId, sender, source: row.source },
        });
      });
      this.d.log.warn({ intakeId: row.id, reason, sender }, 'message quarantined');
      return this.result({ ...row, status: 'quarantined', reason }, 'quarantined');
    }

    const fields = fieldsOf(parsed, sender);
    // The street register places a street the message names without coordinates.
    if (fields.place) fields.place = await this.d.streets.resolve(fields.place);
    let requestId = '';
    let number = '';
    try {
      await this.d.db.transaction().execute(async (tx) => {
        const accepted = { ...row, status: 'accepted' as const, reason: null, processed_at: now };
        if (opts.insert) await this.d.repo.insert(accepted, tx);
        else await this.d.repo.update(row.id, accepted, tx);
        const request = await this.d.requests.register(
          tx,
          opts.actor ?? SYSTEM_REQUEST_ACTOR,
          fields,
          {
            intakeId: row.id,
            sourceMessageId: messageId,
          },
        );
        await this.d.repo.update(row.id, { request_id: request.id }, tx);
        requestId = request.id;
        number = request.number;
      });
    } catch (err: unknown) {
      if (opts.insert && messageId && isUniqueViolation(err)) {
        const first = await this.d.repo.findByMessageId(messageId);
        if (first) return this.recordDuplicate(row, first);
      }
      throw err;
    }
    await this.d.preservation.preserve(requestId, { acknowledge: true });
    return {
      status: 'accepted',
      intakeId: row.id,
      requestId,
      requestNumber: number,
      reason: null,
    };
  }

  private async recordDuplicate(row: IntakeRow, first: IntakeRow): Promise<IngestResult> {
    const dup = {
      ...row,
      status: 'duplicate' as const,
      duplicate_of: first.id,
      request_id: first.request_id,
      processed_at: this.d.clock.now(),
    };
    await this.d.repo.insert(dup);
    return this.result(dup, 'duplicate');
  }

  private async result(row: IntakeRow, status: IngestResult['status']): Promise<IngestResult> {
    const number = row.request_id
      ? ((await this.d.requests.get(row.request_id).catch(() => null))?.number ?? null)
      : null;
    return {
      status,
      intakeId: row.id,
      requestId: row.request_id,
      requestNumber: number,
      reason: row.reason,
    };
  }

  async list(status?: IntakeRow['status']): Promise<IntakeMessage[]> {
    return (await this.d.repo.list({ status, limit: 500 })).map(toMessage);
  }

  async info(id: string): Promise<{ id: string; sha256: string; messageId: string | null } | null> {
    const r = await this.d.repo.findById(id);
    return r ? { id: r.id, sha256: r.sha256, messageId: r.message_id } : null;
  }

  /** The message as received, for a person to read (never rendered as HTML). */
  async raw(id: string): Promise<Buffer> {
    const r = await this.d.repo.findById(id);
    if (!r) throw new NotFound('messaggio', id);
    return readAll(await this.d.storage.get(r.storage_key));
  }

  /**
   * A person decides a quarantined message is not a request (spam, a receipt): it is kept, with
   * the reason and who decided, never deleted, and leaves the quarantine list. Audited.
   */
  async discard(by: RequestActor, id: string, reason: string): Promise<IntakeMessage> {
    const r = await this.d.repo.findById(id);
    if (!r) throw new NotFound('messaggio', id);
    if (r.status !== 'quarantined') throw new Conflict('il messaggio non è in quarantena');
    await this.d.db.transaction().execute(async (tx) => {
      await this.d.repo.update(
        id,
        {
          status: 'discarded',
          discard_reason: reason,
          discarded_by: by.name,
          processed_at: this.d.clock.now(),
        },
        tx,
      );
      await this.d.audit.record(tx, by.actor, {
        action: 'intake.discard',
        objectType: 'intake_message',
        objectId: id,
        reason,
        details: { sha256: r.sha256, sender: r.sender, previousReason: r.reason },
      });
    });
    return toMessage((await this.d.repo.findById(id)) as IntakeRow);
  }

  /**
   * Reads a quarantined message again (after a parser fix, or because a person decided it is a
   * request: `accept` overrides the reason). Audited with the reason.
   */
  async reprocess(
    by: RequestActor,
    id: string,
    input: { accept: boolean; reason: string },
  ): Promise<IngestResult> {
    const r = await this.d.repo.findById(id);
    if (!r) throw new NotFound('messaggio', id);
    if (r.status !== 'quarantined') throw new Conflict('il messaggio non è in quarantena');
    const raw = await readAll(await this.d.storage.get(r.storage_key));
    if (sha256Hex(raw) !== r.sha256)
      throw new Conflict('il messaggio conservato non corrisponde al suo hash');
    await this.d.db.transaction().execute(async (tx) => {
      await this.d.repo.update(id, { attempts: r.attempts + 1, status: 'processing' }, tx);
      await this.d.audit.record(tx, by.actor, {
        action: 'intake.reprocess',
        objectType: 'intake_message',
        objectId: id,
        reason: input.reason,
        details: { accept: input.accept, previousReason: r.reason },
      });
    });
    const run = this.chain.then(() =>
      this.process({ ...r, attempts: r.attempts + 1 }, raw, {
        insert: false,
        force: input.accept,
        actor: by,
      }),
    );
    this.chain = run.catch(() => undefined);
    return run;
  }
}

/** The parser's result as request fields. */
export function fieldsOf(p: ParsedRequest, sender: string | null): RequestFields {
  const w = p.window;
  return {
    channel: p.channel,
    subject: p.subject.slice(0, 300),
    description: '',
    eventType: p.eventType,
    window: w ? { from: Date.parse(w.from), to: Date.parse(w.to) } : null,
    place: p.place,
    references: p.references,
    requester: { ...p.requester, email: p.requester.email ?? sender },
    urgent: p.urgent,
    parse: {
      confidence: p.confidence,
      missing: p.missing,
      spans: p.spans,
      bodyText: p.bodyText,
    },
  };
}
