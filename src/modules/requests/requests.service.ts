import { randomUUID } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { fromJson, isoOrNull, toFlag, toJson } from '../../platform/db/database.js';
import { Conflict, NotFound, ValidationFailed, errorMessage } from '../../platform/errors.js';
import type { Outbox } from '../../platform/mail/outbox.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AuditActor } from '../audit/audit.types.js';
import { SYSTEM_ACTOR } from '../audit/audit.types.js';
import type { CamerasService } from '../cameras/cameras.service.js';
import type { HoldsService } from '../recording/holds.service.js';
import { acknowledgementText } from './acknowledgement.js';
import { matchCameras } from './camera-match.js';
import type { Reference, Requester, Span } from './intake/parsed-request.schema.js';
import type { RequestRow, RequestsRepository } from './requests.repository.js';
import {
  TRANSITIONS,
  type ChangeState,
  type Channel,
  type NewRequest,
  type RequestDetail,
  type RequestListQuery,
  type RequestState,
  type RequestSummary,
  type UpdateFields,
} from './requests.schemas.js';

const MINUTE = 60_000;
let idSeq = 0;
/** Ids that sort in insertion order even when the clock stands still (history, comments). */
const orderedId = (now: number) =>
  `${String(now).padStart(15, '0')}-${String(idSeq++ % 1_000_000).padStart(6, '0')}-${randomUUID().slice(0, 8)}`;
const DAY = 24 * 60 * MINUTE;

export interface ParseInfo {
  confidence: Record<string, number>;
  missing: string[];
  spans: Span[];
  bodyText: string;
}

/** A request's fields, from whichever channel. */
export interface RequestFields {
  channel: Channel;
  subject: string;
  description: string;
  eventType: string | null;
  window: { from: number; to: number } | null;
  place: {
    text: string | null;
    street: string | null;
    number: string | null;
    crossStreet: string | null;
    landmark: string | null;
    lat: number | null;
    lon: number | null;
  } | null;
  references: Reference[];
  requester: Requester;
  urgent: boolean;
  parse: ParseInfo | null;
}

export interface RequestSettings {
  holdMarginBeforeMinutes: number;
  holdMarginAfterMinutes: number;
  /** Retention assumed when no camera is known (the installation's default). */
  defaultRetentionDays: number;
  matchMeters: number;
  publicUrl: string | null;
}

interface Deps {
  db: Db;
  repo: RequestsRepository;
  audit: AuditService;
  clock: Clock;
  holds: HoldsService;
  cameras: CamerasService;
  users: { get(id: string): Promise<{ id: string; username: string; displayName: string }> };
  outbox: Outbox;
  intakeInfo: (intakeId: string) => Promise<RequestDetail['intake']>;
  settings: RequestSettings;
}

/** Who acts on a request: the audit actor and a name for the history. */
export interface RequestActor {
  actor: AuditActor;
  userId: string | null;
  name: string;
}

export const SYSTEM_REQUEST_ACTOR: RequestActor = {
  actor: SYSTEM_ACTOR,
  userId: null,
  name: 'Vedetta',
};

const STATE_LABEL: Record<RequestState, string> = {
  ricevuta: 'ricevuta',
  in_lavorazione: 'in lavorazione',
  evasa: 'evasa',
  negativa: 'negativa',
  annullata: 'annullata',
  unita: 'unita',
};

/** The register of footage requests and its lifecycle (issue 6 §4, §5). */
export class RequestsService {
  constructor(private readonly d: Deps) {}

  toSummary(r: RequestRow, now = this.d.clock.now()): RequestSummary {
    return {
      id: r.id,
      number: r.number,
      channel: r.channel as Channel,
      state: r.state as RequestState,
      negativeReason: r.negative_reason as RequestSummary['negativeReason'],
      stateReason: r.state_reason,
      mergedInto: r.merged_into,
      subject: r.subject,
      eventType: r.event_type as RequestSummary['eventType'],
      window:
        r.window_from !== null && r.window_to !== null
          ? { from: isoOrNull(r.window_from) ?? '', to: isoOrNull(r.window_to) ?? '' }
          : null,
      place: {
        text: r.place_text,
        street: r.place_street,
        number: r.place_number,
        crossStreet: r.place_cross,
        landmark: r.place_landmark,
        lat: r.place_lat,
        lon: r.place_lon,
      },
      requester: {
        name: r.requester_name,
        email: r.requester_email,
        rank: r.requester_rank,
        badge: r.requester_badge,
        unit: r.requester_unit,
        phone: r.requester_phone,
        type: r.requester_type as Requester['type'],
      },
      references: fromJson<Reference[]>(r.refs) ?? [],
      urgent: r.urgent === 1,
      daSmistare: r.da_smistare === 1,
      triageNotes: fromJson<string[]>(r.triage_notes) ?? [],
      dueAt: isoOrNull(r.due_at),
      msLeft: r.due_at === null ? null : r.due_at - now,
      assignedTo: r.assigned_to,
      assignedName: r.assigned_name,
      createdAt: isoOrNull(r.created_at) ?? '',
      updatedAt: isoOrNull(r.updated_at) ?? '',
      closedAt: isoOrNull(r.closed_at),
    };
  }

  /** The server's instant, for the countdowns. */
  now(): string {
    return new Date(this.d.clock.now()).toISOString();
  }

  async list(query: RequestListQuery): Promise<RequestSummary[]> {
    const now = this.d.clock.now();
    return (await this.d.repo.list(query)).map((r) => this.toSummary(r, now));
  }

  /** The operators' queue: open requests, "da smistare" first, then by time left. */
  async queue(limit = 200): Promise<RequestSummary[]> {
    const now = this.d.clock.now();
    return (await this.d.repo.queue(limit)).map((r) => this.toSummary(r, now));
  }

  async get(idOrNumber: string): Promise<RequestDetail> {
    const r = await this.d.repo.findByIdOrNumber(idOrNumber);
    if (!r) throw new NotFound('richiesta', idOrNumber);
    const [comments, history, holds, intake] = await Promise.all([
      this.d.repo.comments(r.id),
      this.d.repo.history(r.id),
      this.holdsOf(r.id),
      r.intake_id ? this.d.intakeInfo(r.intake_id) : Promise.resolve(null),
    ]);
    const parse = fromJson<ParseInfo>(r.parse_info);
    return {
      ...this.toSummary(r),
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

  private async holdsOf(requestId: string) {
    return (await this.d.holds.list({ includeEnded: true })).filter(
      (h) => h.requestId === requestId,
    );
  }

  /**
   * Registers a request inside the caller's transaction: number, row, history, audit. The
   * preservation follows at once with `preserve`, outside it (holds have their own).
   */
  async register(
    tx: Tx,
    by: RequestActor,
    f: RequestFields,
    opts: { intakeId?: string | null; sourceMessageId?: string | null } = {},
  ): Promise<RequestRow> {
    const now = this.d.clock.now();
    const year = Number(
      new Intl.DateTimeFormat('en', { timeZone: 'Europe/Rome', year: 'numeric' }).format(now),
    );
    const seq = await this.d.repo.nextNumber(tx, year);
    const number = `VS-${year}-${String(seq).padStart(6, '0')}`;
    const p = f.place;
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
      place_text: p?.text ?? null,
      place_street: p?.street ?? null,
      place_number: p?.number ?? null,
      place_cross: p?.crossStreet ?? null,
      place_landmark: p?.landmark ?? null,
      place_lat: p?.lat ?? null,
      place_lon: p?.lon ?? null,
      refs: toJson(f.references) ?? '[]',
      requester_name: f.requester.name,
      requester_email: f.requester.email,
      requester_rank: f.requester.rank,
      requester_badge: f.requester.badge,
      requester_unit: f.requester.unit,
      requester_phone: f.requester.phone,
      requester_type: f.requester.type,
      urgent: toFlag(f.urgent),
      da_smistare: toFlag(f.window === null || p === null),
      triage_notes: '[]',
      due_at: null,
      assigned_to: null,
      assigned_name: null,
      intake_id: opts.intakeId ?? null,
      source_message_id: opts.sourceMessageId ?? null,
      parse_info: toJson(f.parse),
      preserved_at: null,
      created_by: by.userId,
      created_at: now,
      updated_at: now,
      closed_at: null,
    };
    await this.d.repo.insert(row, tx);
    await this.history(tx, row.id, by, 'creata', {
      to: 'ricevuta',
      details: { channel: f.channel },
    });
    await this.d.audit.record(tx, by.actor, {
      action: 'request.create',
      objectType: 'request',
      objectId: row.id,
      caseRef: number,
      details: { number, channel: f.channel, intakeId: opts.intakeId ?? null },
    });
    return row;
  }

  /**
   * Preserves at once (C2): a hold on the cameras near the place for the window plus margins,
   * the expiry instant for the queue, and "da smistare" with the reasons when something is
   * missing. Then the acknowledgement is queued. Safe to repeat: an existing hold is reused.
   */
  async preserve(requestId: string, opts: { acknowledge: boolean }): Promise<RequestSummary> {
    const r = await this.d.repo.findById(requestId);
    if (!r) throw new NotFound('richiesta', requestId);
    const notes: string[] = [];
    const s = this.d.settings;
    const cameras = await this.d.cameras.list();
    const hasPlace = r.place_street !== null || r.place_landmark !== null || r.place_lat !== null;
    if (r.window_from === null || r.window_to === null) {
      notes.push('orario dell’evento non individuato');
    }
    const match = hasPlace
      ? matchCameras(
          {
            street: r.place_street,
            crossStreet: r.place_cross,
            landmark: r.place_landmark,
            lat: r.place_lat,
            lon: r.place_lon,
          },
          cameras,
          s.matchMeters,
        )
      : { cameraIds: [], explanation: 'luogo dell’evento non individuato' };
    if (match.cameraIds.length === 0) notes.push(match.explanation);
    const matched = cameras.filter((c) => match.cameraIds.includes(c.id));
    let holdId: string | null = null;
    let holdCameras: string[] = [];
    if (r.window_from !== null && r.window_to !== null && matched.length > 0) {
      const from = r.window_from - s.holdMarginBeforeMinutes * MINUTE;
      const to = r.window_to + s.holdMarginAfterMinutes * MINUTE;
      // Repeated (a crash, or fields corrected): a hold already covering it all is enough.
      const existing = (await this.holdsOf(r.id)).find(
        (h) =>
          h.state === 'active' &&
          Date.parse(h.from) <= from &&
          Date.parse(h.to) >= to &&
          matched.every((c) => h.cameras.some((hc) => hc.id === c.id)),
      );
      if (existing) {
        holdId = existing.id;
        holdCameras = existing.cameras.map((c) => c.code ?? c.id);
      } else {
        try {
          const hold = await this.d.holds.place(
            SYSTEM_ACTOR,
            {
              cameraIds: matched.map((c) => c.id),
              from: new Date(from).toISOString(),
              to: new Date(to).toISOString(),
              reason: `Blocco automatico richiesta ${r.number}`,
              caseRef: r.number,
              expiresAt: null,
            },
            { requestId: r.id },
          );
          holdId = hold.id;
          holdCameras = hold.cameras.map((c) => c.code ?? c.id);
        } catch (err: unknown) {
          notes.push(`blocco non posto: ${errorMessage(err)}`);
        }
      }
    }
    const retentionDays =
      matched.length > 0
        ? Math.min(...matched.map((c) => c.retentionDays))
        : s.defaultRetentionDays;
    const dueAt = r.window_from === null ? null : r.window_from + retentionDays * DAY;
    const now = this.d.clock.now();
    if (dueAt !== null && dueAt <= now && holdId === null) {
      notes.push('le immagini potrebbero essere già state cancellate');
    }
    const daSmistare = holdId === null;
    await this.d.db.transaction().execute(async (tx) => {
      await this.d.repo.update(
        r.id,
        {
          due_at: dueAt,
          da_smistare: toFlag(daSmistare),
          triage_notes: toJson(notes) ?? '[]',
          preserved_at: now,
          updated_at: now,
        },
        tx,
      );
      const details = { holdId, cameras: holdCameras, match: match.explanation, notes };
      await this.history(tx, r.id, SYSTEM_REQUEST_ACTOR, holdId ? 'blocco' : 'da_smistare', {
        reason: holdId ? `Blocco automatico su ${holdCameras.join(', ')}` : notes.join('; '),
        details,
      });
      await this.d.audit.record(tx, SYSTEM_ACTOR, {
        action: 'request.preserve',
        objectType: 'request',
        objectId: r.id,
        caseRef: r.number,
        reason: holdId ? 'Blocco automatico' : notes.join('; '),
        details,
      });
      if (opts.acknowledge && r.requester_email) {
        const summary = this.toSummary(
          {
            ...r,
            due_at: dueAt,
            da_smistare: toFlag(daSmistare),
            triage_notes: toJson(notes) ?? '[]',
          },
          now,
        );
        const link = s.publicUrl ? `${s.publicUrl.replace(/\/$/, '')}/richieste/${r.id}` : null;
        const ack = acknowledgementText(summary, { holdCameras, link });
        await this.d.outbox.add(
          {
            to: r.requester_email,
            subject: ack.subject,
            text: ack.text,
            kind: 'request.ack',
            inReplyTo: r.source_message_id,
            related: { type: 'request', id: r.id },
          },
          tx,
        );
      }
    });
    return this.toSummary((await this.d.repo.findById(r.id)) as RequestRow);
  }

  /** Requests whose preservation was interrupted (a crash between the steps): done again. */
  async preservePending(): Promise<number> {
    const rows = await this.d.db
      .selectFrom('requests')
      .select('id')
      .where('preserved_at', 'is', null)
      .execute();
    for (const { id } of rows) await this.preserve(id, { acknowledge: true });
    return rows.length;
  }

  /** An officer's form or a request received the previous way, entered by hand. */
  async create(by: RequestActor, input: NewRequest): Promise<RequestDetail> {
    const from = input.window ? Date.parse(input.window.from) : null;
    const to = input.window ? Date.parse(input.window.to) : null;
    if (from !== null && to !== null && !(to > from)) {
      throw new ValidationFailed('la fine del periodo deve seguire l’inizio');
    }
    const place = input.place;
    const hasPlace = place && (place.street || place.landmark || place.text || place.lat !== null);
    const row = await this.d.db.transaction().execute((tx) =>
      this.register(tx, by, {
        channel: input.channel,
        subject: input.subject,
        description: input.description,
        eventType: input.eventType,
        window: from !== null && to !== null ? { from, to } : null,
        place: hasPlace ? place : null,
        references: input.references,
        requester: input.requester ?? {
          name: null,
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
    await this.preserve(row.id, { acknowledge: input.channel === 'form' });
    return this.get(row.id);
  }

  /**
   * Corrects fields (what the parser missed or misread), then preserves again: a request
   * "da smistare" gets its hold as soon as place and time are known.
   */
  async updateFields(by: RequestActor, id: string, input: UpdateFields): Promise<RequestDetail> {
    const from = input.window ? Date.parse(input.window.from) : null;
    const to = input.window ? Date.parse(input.window.to) : null;
    if (from !== null && to !== null && !(to > from)) {
      throw new ValidationFailed('la fine del periodo deve seguire l’inizio');
    }
    const requestId = await this.d.db.transaction().execute(async (tx) => {
      const r = await this.open(tx, id);
      const patch: Partial<RequestRow> = { updated_at: this.d.clock.now() };
      const changed: string[] = [];
      if (input.eventType !== undefined) {
        patch.event_type = input.eventType;
        changed.push('eventType');
      }
      if (input.window !== undefined) {
        patch.window_from = from;
        patch.window_to = to;
        changed.push('window');
      }
      if (input.place !== undefined) {
        const p = input.place;
        Object.assign(patch, {
          place_text: p?.text ?? null,
          place_street: p?.street ?? null,
          place_number: p?.number ?? null,
          place_cross: p?.crossStreet ?? null,
          place_landmark: p?.landmark ?? null,
          place_lat: p?.lat ?? null,
          place_lon: p?.lon ?? null,
        });
        changed.push('place');
      }
      if (input.references !== undefined) {
        patch.refs = toJson(input.references) ?? '[]';
        changed.push('references');
      }
      await this.d.repo.update(r.id, patch, tx);
      const details = {
        changed,
        before: {
          eventType: r.event_type,
          window: [isoOrNull(r.window_from), isoOrNull(r.window_to)],
          place: r.place_text ?? r.place_street,
        },
      };
      await this.history(tx, r.id, by, 'campi', { reason: input.reason, details });
      await this.d.audit.record(tx, by.actor, {
        action: 'request.update',
        objectType: 'request',
        objectId: r.id,
        caseRef: r.number,
        reason: input.reason,
        details,
      });
      return r.id;
    });
    await this.preserve(requestId, { acknowledge: false });
    return this.get(requestId);
  }

  /** The operator takes the request: assigned to them, and in progress. */
  async take(by: RequestActor, id: string): Promise<RequestDetail> {
    if (!by.userId) throw new ValidationFailed('serve un operatore');
    await this.d.db.transaction().execute(async (tx) => {
      const r = await this.open(tx, id);
      const now = this.d.clock.now();
      const to: RequestState =
        r.state === 'ricevuta' ? 'in_lavorazione' : (r.state as RequestState);
      await this.d.repo.update(
        r.id,
        { assigned_to: by.userId, assigned_name: by.name, state: to, updated_at: now },
        tx,
      );
      await this.history(tx, r.id, by, 'presa_in_carico', {
        from: r.state,
        to,
        details: { previous: r.assigned_name },
      });
      await this.d.audit.record(tx, by.actor, {
        action: 'request.take',
        objectType: 'request',
        objectId: r.id,
        caseRef: r.number,
        details: { from: r.state, to, previousAssignee: r.assigned_name },
      });
    });
    return this.get(id);
  }

  async assign(by: RequestActor, id: string, userId: string | null): Promise<RequestDetail> {
    const user = userId ? await this.d.users.get(userId) : null;
    await this.d.db.transaction().execute(async (tx) => {
      const r = await this.open(tx, id);
      await this.d.repo.update(
        r.id,
        {
          assigned_to: user?.id ?? null,
          assigned_name: user?.displayName ?? null,
          updated_at: this.d.clock.now(),
        },
        tx,
      );
      await this.history(tx, r.id, by, 'assegnata', {
        details: { to: user?.username ?? null, previous: r.assigned_name },
      });
      await this.d.audit.record(tx, by.actor, {
        action: 'request.assign',
        objectType: 'request',
        objectId: r.id,
        caseRef: r.number,
        details: { assignee: user?.username ?? null, previous: r.assigned_name },
      });
    });
    return this.get(id);
  }

  /** Moves a request along its lifecycle; refusals, cancellations and merges need their reason. */
  async changeState(by: RequestActor, id: string, input: ChangeState): Promise<RequestDetail> {
    await this.d.db.transaction().execute(async (tx) => {
      const r = await this.d.repo.findByIdOrNumber(id, tx);
      if (!r) throw new NotFound('richiesta', id);
      const from = r.state as RequestState;
      const to = input.state;
      if (!TRANSITIONS[from].includes(to)) {
        throw new Conflict(
          `una richiesta ${STATE_LABEL[from]} non può diventare ${STATE_LABEL[to]}`,
          'invalid_transition',
          { from, to, allowed: TRANSITIONS[from] },
        );
      }
      if (to === 'negativa' && !input.negativeReason) {
        throw new ValidationFailed('indicare il motivo dell’esito negativo', {
          field: 'negativeReason',
        });
      }
      if (
        (to === 'annullata' || (to === 'negativa' && input.negativeReason === 'other')) &&
        !input.reason
      ) {
        throw new ValidationFailed('indicare la motivazione', { field: 'reason' });
      }
      let mergedInto: RequestRow | undefined;
      if (to === 'unita') {
        if (!input.mergedInto) throw new ValidationFailed('indicare la richiesta in cui unirla');
        mergedInto = await this.d.repo.findByIdOrNumber(input.mergedInto, tx);
        if (!mergedInto) throw new NotFound('richiesta', input.mergedInto);
        if (mergedInto.id === r.id)
          throw new ValidationFailed('una richiesta non si unisce a sé stessa');
        if (!TRANSITIONS[mergedInto.state as RequestState].length) {
          throw new Conflict(`la richiesta ${mergedInto.number} è già chiusa`);
        }
      }
      const now = this.d.clock.now();
      const final = TRANSITIONS[to].length === 0;
      await this.d.repo.update(
        r.id,
        {
          state: to,
          negative_reason: to === 'negativa' ? (input.negativeReason ?? null) : null,
          state_reason: input.reason ?? null,
          merged_into: mergedInto?.id ?? null,
          closed_at: final ? now : null,
          updated_at: now,
        },
        tx,
      );
      const details = {
        negativeReason: input.negativeReason ?? null,
        mergedInto: mergedInto?.number ?? null,
      };
      await this.history(tx, r.id, by, 'stato', { from, to, reason: input.reason, details });
      if (mergedInto) {
        await this.history(tx, mergedInto.id, by, 'unione', {
          reason: input.reason,
          details: { merged: r.number },
        });
      }
      await this.d.audit.record(tx, by.actor, {
        action: 'request.state',
        objectType: 'request',
        objectId: r.id,
        caseRef: r.number,
        reason: input.reason ?? null,
        details: { from, to, ...details },
      });
    });
    return this.get(id);
  }

  async comment(by: RequestActor, id: string, text: string): Promise<RequestDetail> {
    await this.d.db.transaction().execute(async (tx) => {
      const r = await this.d.repo.findByIdOrNumber(id, tx);
      if (!r) throw new NotFound('richiesta', id);
      const commentId = orderedId(this.d.clock.now());
      await this.d.repo.addComment(
        {
          id: commentId,
          request_id: r.id,
          author_id: by.userId,
          author_name: by.name,
          text,
          created_at: this.d.clock.now(),
        },
        tx,
      );
      await this.d.repo.update(r.id, { updated_at: this.d.clock.now() }, tx);
      await this.d.audit.record(tx, by.actor, {
        action: 'request.comment',
        objectType: 'request',
        objectId: r.id,
        caseRef: r.number,
        details: { commentId, length: text.length },
      });
    });
    return this.get(id);
  }

  private async open(tx: Tx, id: string): Promise<RequestRow> {
    const r = await this.d.repo.findByIdOrNumber(id, tx);
    if (!r) throw new NotFound('richiesta', id);
    if (TRANSITIONS[r.state as RequestState].length === 0) {
      throw new Conflict(
        `la richiesta ${r.number} è chiusa (${STATE_LABEL[r.state as RequestState]})`,
      );
    }
    return r;
  }

  private async history(
    tx: Tx,
    requestId: string,
    by: RequestActor,
    action: string,
    e: { from?: string; to?: string; reason?: string | null; details?: Record<string, unknown> },
  ): Promise<void> {
    await this.d.repo.addHistory(
      {
        id: orderedId(this.d.clock.now()),
        request_id: requestId,
        at: this.d.clock.now(),
        actor: by.name,
        action,
        from_state: e.from ?? null,
        to_state: e.to ?? null,
        reason: e.reason ?? null,
        details: toJson(e.details ?? null),
      },
      tx,
    );
  }
}
