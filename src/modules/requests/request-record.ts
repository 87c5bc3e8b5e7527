import { randomUUID } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Tx } from '../../platform/db/database.js';
import { fromJson, isoOrNull, toJson } from '../../platform/db/database.js';
import type { AuditActor } from '../audit/audit.types.js';
import { SYSTEM_ACTOR } from '../audit/audit.types.js';
import type { Reference, Requester, Span } from './intake/parsed-request.schema.js';
import type { RequestRow, RequestsRepository } from './requests.repository.js';
import type { Channel, RequestState, RequestSummary } from './requests.schemas.js';

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

let idSeq = 0;
/** Ids that sort in insertion order even when the clock stands still (history, comments). */
export const orderedId = (now: number) =>
  `${String(now).padStart(15, '0')}-${String(idSeq++ % 1_000_000).padStart(6, '0')}-${randomUUID().slice(0, 8)}`;

export interface ParseInfo {
  confidence: Record<string, number>;
  missing: string[];
  spans: Span[];
  bodyText: string;
}

export interface RequestPlace {
  text: string | null;
  street: string | null;
  number: string | null;
  crossStreet: string | null;
  landmark: string | null;
  lat: number | null;
  lon: number | null;
}

/** A request's fields, from whichever channel. */
export interface RequestFields {
  channel: Channel;
  subject: string;
  description: string;
  eventType: string | null;
  window: { from: number; to: number } | null;
  place: RequestPlace | null;
  references: Reference[];
  requester: Requester;
  urgent: boolean;
  parse: ParseInfo | null;
}

export interface RequestSettings {
  holdMarginBeforeMinutes: number;
  holdMarginAfterMinutes: number;
  /** The longest event window of a request entered by hand or with the form. */
  maxWindowHours: number;
  /** Retention assumed when no camera is known (the installation's default). */
  defaultRetentionDays: number;
  /**
   * Two requests whose places are within twice this distance may be duplicates. Which cameras a
   * request holds is not this setting's: see HOLD_RADIUS_METERS in camera-match.ts.
   */
  matchMeters: number;
  publicUrl: string | null;
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

export const STATE_LABEL: Record<RequestState, string> = {
  ricevuta: 'ricevuta',
  in_lavorazione: 'in lavorazione',
  evasa: 'evasa',
  negativa: 'negativa',
  annullata: 'annullata',
  unita: 'unita',
};

/** The place columns of a row as one object. */
export function placeOf(r: RequestRow): RequestPlace {
  return {
    text: r.place_text,
    street: r.place_street,
    number: r.place_number,
    crossStreet: r.place_cross,
    landmark: r.place_landmark,
    lat: r.place_lat,
    lon: r.place_lon,
  };
}

/** The place as row columns (null: no place). */
export function placeColumns(p: RequestPlace | null) {
  return {
    place_text: p?.text ?? null,
    place_street: p?.street ?? null,
    place_number: p?.number ?? null,
    place_cross: p?.crossStreet ?? null,
    place_landmark: p?.landmark ?? null,
    place_lat: p?.lat ?? null,
    place_lon: p?.lon ?? null,
  };
}

export function requesterOf(r: RequestRow): Requester {
  return {
    name: r.requester_name,
    email: r.requester_email,
    rank: r.requester_rank,
    badge: r.requester_badge,
    unit: r.requester_unit,
    phone: r.requester_phone,
    type: r.requester_type as Requester['type'],
  };
}

export function requesterColumns(q: Requester) {
  return {
    requester_name: q.name,
    requester_email: q.email,
    requester_rank: q.rank,
    requester_badge: q.badge,
    requester_unit: q.unit,
    requester_phone: q.phone,
    requester_type: q.type,
  };
}

/** A row as the API's summary; `msLeft` counts from `now`. */
export function toSummary(r: RequestRow, now: number): RequestSummary {
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
    place: placeOf(r),
    requester: requesterOf(r),
    references: fromJson<Reference[]>(r.refs) ?? [],
    urgent: r.urgent === 1,
    daSmistare: r.da_smistare === 1,
    triageNotes: fromJson<string[]>(r.triage_notes) ?? [],
    dueAt: isoOrNull(r.due_at),
    msLeft: r.due_at === null ? null : r.due_at - now,
    assignedTo: r.assigned_to,
    assignedName: r.assigned_name,
    evidenceId: r.evidence_id,
    legacyNumber: r.legacy_number,
    createdAt: isoOrNull(r.created_at) ?? '',
    updatedAt: isoOrNull(r.updated_at) ?? '',
    closedAt: isoOrNull(r.closed_at),
  };
}

/** The request's own history, written in the caller's transaction. */
export class RequestJournal {
  constructor(
    private readonly repo: RequestsRepository,
    private readonly clock: Clock,
  ) {}

  async write(
    tx: Tx,
    requestId: string,
    by: RequestActor,
    action: string,
    e: { from?: string; to?: string; reason?: string | null; details?: Record<string, unknown> },
  ): Promise<void> {
    const now = this.clock.now();
    await this.repo.addHistory(
      {
        id: orderedId(now),
        request_id: requestId,
        at: now,
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
