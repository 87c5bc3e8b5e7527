import type { Clock } from '../../platform/clock.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { isoOrNull, toJson } from '../../platform/db/database.js';
import { Conflict, NotFound, ValidationFailed } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { RequestPreservation } from './request-preservation.service.js';
import {
  STATE_LABEL,
  orderedId,
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
      users: { get(id: string): Promise<{ id: string; username: string; displayName: string }> };
    },
  ) {}

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
      await this.d.journal.write(tx, r.id, by, 'campi', { reason: input.reason, details });
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
    await this.d.preservation.preserve(requestId, { acknowledge: false });
    return this.d.requests.get(requestId);
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
