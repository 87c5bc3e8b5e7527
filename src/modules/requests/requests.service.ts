import { randomUUID } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { fromJson, isoOrNull, toFlag, toJson } from '../../platform/db/database.js';
import { NotFound, ValidationFailed } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { HoldsService } from '../recording/holds.service.js';
import { eventWindowProblems } from './event-window.js';
import type { RequestPreservation } from './request-preservation.service.js';
import {
  placeColumns,
  requesterColumns,
  requesterOf,
  toSummary,
  type ParseInfo,
  type RequestActor,
  type RequestFields,
  type RequestJournal,
} from './request-record.js';
import type { RequestRow, RequestsRepository } from './requests.repository.js';
import type { StreetsService } from './streets.service.js';
import type {
  NewRequest,
  RequestDetail,
  RequestListQuery,
  RequestSummary,
} from './requests.schemas.js';

export {
  SYSTEM_REQUEST_ACTOR,
  type ParseInfo,
  type RequestActor,
  type RequestFields,
  type RequestSettings,
} from './request-record.js';

/** The register of footage requests: reading it and entering requests (issue 6 §4, §8). */
export class RequestsService {
  constructor(
    private readonly d: {
      db: Db;
      repo: RequestsRepository;
      journal: RequestJournal;
      audit: AuditService;
      clock: Clock;
      holds: HoldsService;
      preservation: RequestPreservation;
      streets: StreetsService;
      intakeInfo: (intakeId: string) => Promise<RequestDetail['intake']>;
      /** The longest event window a person may enter (config `requestMaxWindowHours`). */
      maxWindowHours: number;
    },
  ) {}

  toSummary(r: RequestRow, now = this.d.clock.now()): RequestSummary {
    return toSummary(r, now);
  }

  /** The server's instant, for the countdowns. */
  now(): string {
    return new Date(this.d.clock.now()).toISOString();
  }

  async list(query: RequestListQuery): Promise<RequestSummary[]> {
    const now = this.d.clock.now();
    return (await this.d.repo.list(query)).map((r) => toSummary(r, now));
  }

  /** The operators' queue: open requests, "da smistare" first, then by time left. */
  async queue(limit = 200): Promise<RequestSummary[]> {
    const now = this.d.clock.now();
    return (await this.d.repo.queue(limit)).map((r) => toSummary(r, now));
  }

  async get(idOrNumber: string): Promise<RequestDetail> {
    const r = await this.d.repo.findByIdOrNumber(idOrNumber);
    if (!r) throw new NotFound('richiesta', idOrNumber);
    const [comments, history, holds, intake, merged] = await Promise.all([
      this.d.repo.comments(r.id),
      this.d.repo.history(r.id),
      this.d.holds.listByRequest(r.id),
      r.intake_id ? this.d.intakeInfo(r.intake_id) : Promise.resolve(null),
      this.d.repo.mergedInto(r.id),
    ]);
    const parse = fromJson<ParseInfo>(r.parse_info);
    return {
      ...toSummary(r, this.d.clock.now()),
      description: r.description,
      parse,
      intake,
      holds: holds.map((h) => ({
        id: h.id,
        cameras: h.cameras,
        from: h.from,
        to: h.to,
        state: h.state,
      })),
      merged: merged.map((m) => ({ id: m.id, number: m.number, requester: requesterOf(m) })),
      comments: comments.map((c) => ({
        id: c.id,
        author: c.author_name,
        text: c.text,
        createdAt: isoOrNull(c.created_at) ?? '',
      })),
      history: history.map((h) => ({
        at: isoOrNull(h.at) ?? '',
        actor: h.actor,
        action: h.action,
        fromState: h.from_state,
        toState: h.to_state,
        reason: h.reason,
        details: fromJson<Record<string, unknown>>(h.details),
      })),
    };
  }

  /**
   * Registers a request inside the caller's transaction: number, row, history, audit. The
   * preservation follows at once with `preservation.preserve`, outside it (holds have their own).
   */
  async register(
    tx: Tx,
    by: RequestActor,
    f: RequestFields,
    opts: {
      intakeId?: string | null;
      sourceMessageId?: string | null;
      /** The instant it was received (legacy register); now when absent. */
      receivedAt?: number;
      legacyNumber?: string | null;
    } = {},
  ): Promise<RequestRow> {
    const now = this.d.clock.now();
    const receivedAt = opts.receivedAt ?? now;
    const year = Number(
      new Intl.DateTimeFormat('en', { timeZone: 'Europe/Rome', year: 'numeric' }).format(
        receivedAt,
      ),
    );
    const seq = await this.d.repo.nextNumber(tx, year);
    const number = `VS-${year}-${String(seq).padStart(6, '0')}`;
    const row: RequestRow = {
      id: randomUUID(),
      number,
      channel: f.channel,
      state: 'ricevuta',
      negative_reason: null,
      state_reason: null,
      merged_into: null,
      subject: f.subject,
      description: f.description,
      event_type: f.eventType,
      window_from: f.window?.from ?? null,
      window_to: f.window?.to ?? null,
      ...placeColumns(f.place),
      refs: toJson(f.references) ?? '[]',
      ...requesterColumns(f.requester),
      urgent: toFlag(f.urgent),
      da_smistare: toFlag(f.window === null || f.place === null),
      triage_notes: '[]',
      due_at: null,
      assigned_to: null,
      assigned_name: null,
      intake_id: opts.intakeId ?? null,
      source_message_id: opts.sourceMessageId ?? null,
      parse_info: toJson(f.parse),
      preserved_at: null,
      created_by: by.userId,
      created_at: receivedAt,
      updated_at: now,
      closed_at: null,
      evidence_id: null,
      legacy_number: opts.legacyNumber ?? null,
    };
    await this.d.repo.insert(row, tx);
    await this.d.journal.write(tx, row.id, by, 'creata', {
      to: 'ricevuta',
      details: { channel: f.channel },
    });
    await this.d.audit.record(tx, by.actor, {
      action: 'request.create',
      objectType: 'request',
      objectId: row.id,
      caseRef: number,
      details: {
        number,
        channel: f.channel,
        intakeId: opts.intakeId ?? null,
        ...(opts.legacyNumber ? { legacyNumber: opts.legacyNumber } : {}),
      },
    });
    return row;
  }

  /**
   * An officer's form or a request received the previous way, entered by hand: registered,
   * preserved at once and acknowledged like a mailed one (when an address is known).
   * `selfService`: an officer asking for themselves (no request.process): only the web form,
   * and the requester is the officer unless named.
   */
  async create(
    by: RequestActor,
    input: NewRequest,
    opts: { selfService?: boolean } = {},
  ): Promise<RequestDetail> {
    const window = { from: Date.parse(input.window.from), to: Date.parse(input.window.to) };
    const fields = eventWindowProblems(window, this.d.clock.now(), this.d.maxWindowHours);
    if (opts.selfService && input.channel !== 'form') {
      fields.channel = 'Un agente inserisce le richieste dal modulo web';
    }
    // An officer asks for themselves; an operator records someone else's request.
    if (!opts.selfService && !input.requester) {
      fields['requester.name'] = 'Indicare nome e cognome del richiedente';
    }
    if (Object.keys(fields).length > 0) {
      throw new ValidationFailed(`Richiesta non registrata: ${Object.values(fields).join('; ')}`, {
        fields,
      });
    }
    const resolved = await this.d.streets.resolve(input.place);
    const row = await this.d.db.transaction().execute((tx) =>
      this.register(tx, by, {
        channel: input.channel,
        subject: input.subject,
        description: input.description,
        eventType: input.eventType,
        window,
        place: resolved,
        references: input.references,
        // Without a requester (refused above unless self-service) the officer asks for themselves.
        requester: input.requester ?? {
          name: by.name,
          email: null,
          rank: null,
          badge: null,
          unit: null,
          phone: null,
          type: 'officer',
        },
        urgent: input.urgent,
        parse: null,
      }),
    );
    await this.d.preservation.preserve(row.id, { acknowledge: true });
    return this.get(row.id);
  }
}
