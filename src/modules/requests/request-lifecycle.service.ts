import type { Clock } from '../../platform/clock.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { toFlag, toJson } from '../../platform/db/database.js';
import { Conflict, NotFound, ValidationFailed } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { permissionsOf } from '../auth/permissions.js';
import type { RequestPreservation } from './request-preservation.service.js';
import type { RequestNotices } from './request-notices.service.js';
import {
  STATE_LABEL,
  orderedId,
  placeColumns,
  placeOf,
  requesterColumns,
  toSummary,
  type RequestActor,
  type RequestJournal,
} from './request-record.js';
import type { RequestRow, RequestsRepository } from './requests.repository.js';
import {
  TRANSITIONS,
  type ChangeState,
  type RequestDetail,
  type RequestState,
  type UpdateFields,
} from './requests.schemas.js';
import type { RequestsService } from './requests.service.js';
import type { StreetsService } from './streets.service.js';

/** One corrected field, as the history and the audit show it. */
interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** The notice each final state sends to the requesters. */
const NOTICE_OF: Partial<Record<RequestState, 'fulfilled' | 'refused' | 'cancelled'>> = {
  evasa: 'fulfilled',
  negativa: 'refused',
  annullata: 'cancelled',
};

/** The accounts requests are assigned to. */
export interface RequestUsers {
  get(id: string): Promise<{ id: string; username: string; displayName: string }>;
  list(): Promise<
    Array<{ id: string; username: string; displayName: string; role: string; status: string }>
  >;
}

/** A request's life after it is registered: corrections, assignment, states, comments. */
export class RequestLifecycle {
  constructor(
    private readonly d: {
      db: Db;
      repo: RequestsRepository;
      journal: RequestJournal;
      audit: AuditService;
      clock: Clock;
      requests: RequestsService;
      preservation: RequestPreservation;
      notices: RequestNotices;
      streets: StreetsService;
      users: RequestUsers;
    },
  ) {}

  /**
   * Corrects fields (what the parser missed or misread), each change recorded old → new in the
   * history and the audit, then preserves again: a request "da smistare" gets its hold as soon
   * as place and time are known.
   */
  async updateFields(by: RequestActor, id: string, input: UpdateFields): Promise<RequestDetail> {
    const from = input.window ? Date.parse(input.window.from) : null;
    const to = input.window ? Date.parse(input.window.to) : null;
    if (from !== null && to !== null && !(to > from)) {
      throw new ValidationFailed('la fine del periodo deve seguire l’inizio');
    }
    const place = input.place
      ? await this.d.streets.resolve({ ...input.place })
      : (input.place ?? undefined);
    const outcome = await this.d.db.transaction().execute(async (tx) => {
      const r = await this.open(tx, id);
      const before = toSummary(r, this.d.clock.now());
      const patch: Partial<RequestRow> = {};
      const changes: FieldChange[] = [];
      const note = (field: string, old: unknown, now: unknown) => {
        if (JSON.stringify(old) !== JSON.stringify(now))
          changes.push({ field, from: old, to: now });
      };
      if (input.eventType !== undefined) {
        patch.event_type = input.eventType;
        note('eventType', before.eventType, input.eventType);
      }
      if (input.window !== undefined) {
        patch.window_from = from;
        patch.window_to = to;
        note(
          'window',
          before.window,
          from !== null && to !== null
            ? {
                from: new Date(from).toISOString(),
                to: new Date(to).toISOString(),
              }
            : null,
        );
      }
      if (place !== undefined) {
        Object.assign(patch, placeColumns(place));
        note('place', before.place, placeOf({ ...r, ...placeColumns(place) }));
      }
      if (input.references !== undefined) {
        patch.refs = toJson(input.references) ?? '[]';
        note('references', before.references, input.references);
      }
      if (input.requester !== undefined) {
        Object.assign(patch, requesterColumns(input.requester));
        note('requester', before.requester, input.requester);
      }
      if (input.urgent !== undefined) {
        patch.urgent = toFlag(input.urgent);
        note('urgent', before.urgent, input.urgent);
      }
      if (input.subject !== undefined) {
        patch.subject = input.subject;
        note('subject', r.subject, input.subject);
      }
      if (input.description !== undefined) {
        patch.description = input.description;
        note('description', r.description, input.description);
      }
      if (changes.length === 0) return { id: r.id, changed: false };
      await this.d.repo.update(r.id, { ...patch, updated_at: this.d.clock.now() }, tx);
      const details = { changes };
      await this.d.journal.write(tx, r.id, by, 'campi', { reason: input.reason, details });
      await this.d.audit.record(tx, by.actor, {
        action: 'request.update',
        objectType: 'request',
        objectId: r.id,
        caseRef: r.number,
        reason: input.reason,
        details,
      });
      return { id: r.id, changed: true };
    });
    if (outcome.changed) await this.d.preservation.preserve(outcome.id, { acknowledge: false });
    return this.d.requests.get(outcome.id);
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
      await this.d.journal.write(tx, r.id, by, 'presa_in_carico', {
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
    return this.d.requests.get(id);
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
      await this.d.journal.write(tx, r.id, by, 'assegnata', {
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
    return this.d.requests.get(id);
  }

  /** Moves a request along its lifecycle; refusals, cancellations and merges need their reason. */
  async changeState(
    by: RequestActor,
    id: string,
    input: ChangeState,
    opts: { fromReceived?: boolean } = {},
  ): Promise<RequestDetail> {
    await this.d.db.transaction().execute(async (tx) => {
      const r = await this.d.repo.findByIdOrNumber(id, tx);
      if (!r) throw new NotFound('richiesta', id);
      const from = r.state as RequestState;
      const to = input.state;
      const acquired = opts.fromReceived === true && from === 'ricevuta' && to === 'evasa';
      if (!TRANSITIONS[from].includes(to) && !acquired) {
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
      const patch = {
        state: to,
        negative_reason: to === 'negativa' ? (input.negativeReason ?? null) : null,
        state_reason: input.reason ?? null,
        merged_into: mergedInto?.id ?? null,
        closed_at: final ? now : null,
        updated_at: now,
        evidence_id: to === 'evasa' ? (input.evidenceId ?? r.evidence_id) : r.evidence_id,
      };
      await this.d.repo.update(r.id, patch, tx);
      const notice = NOTICE_OF[to];
      const notified = notice
        ? await this.d.notices.outcome(
            tx,
            notice,
            { ...r, ...patch },
            {
              reason: input.reason ?? null,
              evidence: patch.evidence_id,
            },
          )
        : [];
      const details = {
        negativeReason: input.negativeReason ?? null,
        mergedInto: mergedInto?.number ?? null,
        ...(to === 'evasa' ? { evidenceId: patch.evidence_id } : {}),
        ...(notice ? { notified } : {}),
      };
      await this.d.journal.write(tx, r.id, by, 'stato', {
        from,
        to,
        reason: input.reason,
        details,
      });
      if (mergedInto) {
        await this.d.journal.write(tx, mergedInto.id, by, 'unione', {
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
    return this.d.requests.get(id);
  }

  /**
   * The request is fulfilled by an acquisition (called by the evidence module when the
   * acquisition made for a request is registered): evasa, linked to the evidence, requesters
   * notified. Accepted from ricevuta too (an acquisition needs no "take"). On a request already
   * evasa a further acquisition is only added to the history.
   */
  async markFulfilled(
    by: RequestActor,
    requestId: string,
    input: { evidenceId: string; reason?: string },
  ): Promise<RequestDetail> {
    const r = await this.d.repo.findByIdOrNumber(requestId);
    if (!r) throw new NotFound('richiesta', requestId);
    if (r.state === 'evasa') {
      await this.d.db.transaction().execute(async (tx) => {
        await this.d.journal.write(tx, r.id, by, 'acquisizione', {
          reason: input.reason ?? null,
          details: { evidenceId: input.evidenceId },
        });
        await this.d.audit.record(tx, by.actor, {
          action: 'request.evidence',
          objectType: 'request',
          objectId: r.id,
          caseRef: r.number,
          details: { evidenceId: input.evidenceId },
        });
      });
      return this.d.requests.get(r.id);
    }
    return this.changeState(
      by,
      r.id,
      {
        state: 'evasa',
        evidenceId: input.evidenceId,
        ...(input.reason ? { reason: input.reason } : {}),
      },
      { fromReceived: true },
    );
  }

  /** Active accounts that may process requests, for the assignment list. */
  async assignees(): Promise<Array<{ id: string; name: string; username: string }>> {
    const users = await this.d.users.list();
    return users
      .filter((u) => u.status === 'active' && permissionsOf(u.role).includes('request.process'))
      .map((u) => ({ id: u.id, name: u.displayName, username: u.username }))
      .sort((a, b) => a.name.localeCompare(b.name, 'it'));
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
    return this.d.requests.get(id);
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
}
