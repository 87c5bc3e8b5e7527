import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { Conflict, NotFound, ValidationFailed } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { HoldsService } from '../recording/holds.service.js';
import { distanceMeters, streetKey } from './camera-match.js';
import type { RequestLifecycle } from './request-lifecycle.service.js';
import { MINUTE, toSummary, type RequestActor, type RequestJournal } from './request-record.js';
import type { RequestRow, RequestsRepository } from './requests.repository.js';
import type { RequestsService } from './requests.service.js';
import { OPEN_STATES, type RequestDetail, type RequestSummary } from './requests.schemas.js';

export interface DuplicateProposal {
  request: RequestSummary;
  /** Italian, for the operator: why the two look like the same event. */
  reasons: string[];
}

/** Windows closer than this still count as the same event (times are often approximate). */
const TIME_SLACK = 30 * MINUTE;

const pair = (a: string, b: string): [string, string] => (a < b ? [a, b] : [b, a]);

/**
 * Duplicates (issue 6 §6): open requests that overlap in time and in place (a camera held for
 * both, the same street, or coordinates close together) are proposed for merging. The operator
 * merges one into the other (it becomes "unita"; every requester gets the outcome) or dismisses
 * the proposal, which is not made again.
 */
export class RequestDuplicates {
  constructor(
    private readonly d: {
      db: Db;
      repo: RequestsRepository;
      journal: RequestJournal;
      audit: AuditService;
      clock: Clock;
      holds: HoldsService;
      lifecycle: RequestLifecycle;
      requests: RequestsService;
      matchMeters: number;
    },
  ) {}

  private async heldCameras(requestId: string): Promise<Set<string>> {
    const holds = await this.d.holds.listByRequest(requestId);
    return new Set(
      holds.filter((h) => h.state === 'active').flatMap((h) => h.cameras.map((c) => c.id)),
    );
  }

  /** Why `a` and `b` look like one event, or [] when they do not. */
  private async overlap(a: RequestRow, b: RequestRow, aCameras: Set<string>): Promise<string[]> {
    if (a.window_from === null || a.window_to === null) return [];
    if (b.window_from === null || b.window_to === null) return [];
    if (a.window_from > b.window_to + TIME_SLACK || b.window_from > a.window_to + TIME_SLACK) {
      return [];
    }
    const reasons: string[] = [];
    const shared = [...(await this.heldCameras(b.id))].filter((c) => aCameras.has(c));
    if (shared.length > 0) reasons.push(`stesse telecamere bloccate (${shared.length})`);
    if (
      a.place_street &&
      b.place_street &&
      streetKey(a.place_street) === streetKey(b.place_street)
    ) {
      reasons.push(`stessa via (${b.place_street})`);
    }
    if (
      a.place_lat !== null &&
      a.place_lon !== null &&
      b.place_lat !== null &&
      b.place_lon !== null
    ) {
      const m = distanceMeters(a.place_lat, a.place_lon, b.place_lat, b.place_lon);
      if (m <= this.d.matchMeters * 2) reasons.push(`luoghi a ${Math.round(m)} m`);
    }
    if (reasons.length > 0) reasons.unshift('orari sovrapposti');
    return reasons;
  }

  /** The open requests that may be the same event as this one (dismissed pairs left out). */
  async candidates(idOrNumber: string): Promise<DuplicateProposal[]> {
    const r = await this.d.repo.findByIdOrNumber(idOrNumber);
    if (!r) throw new NotFound('richiesta', idOrNumber);
    if (!OPEN_STATES.includes(r.state as (typeof OPEN_STATES)[number])) return [];
    const [open, dismissed, cameras] = await Promise.all([
      this.d.repo.queue(1000),
      this.d.repo.dismissedWith(r.id),
      this.heldCameras(r.id),
    ]);
    const now = this.d.clock.now();
    const out: DuplicateProposal[] = [];
    for (const other of open) {
      if (other.id === r.id || dismissed.has(other.id)) continue;
      const reasons = await this.overlap(r, other, cameras);
      if (reasons.length > 0) out.push({ request: toSummary(other, now), reasons });
    }
    return out;
  }

  /** Merges `sourceId` into `targetId`: the source becomes "unita", its requester is kept. */
  async merge(
    by: RequestActor,
    targetId: string,
    sourceId: string,
    reason: string,
  ): Promise<RequestDetail> {
    const target = await this.d.repo.findByIdOrNumber(targetId);
    if (!target) throw new NotFound('richiesta', targetId);
    await this.d.lifecycle.changeState(by, sourceId, {
      state: 'unita',
      mergedInto: target.id,
      reason,
    });
    return this.d.requests.get(target.id);
  }

  /** "Not the same event": the pair is not proposed again. Audited with the reason. */
  async dismiss(by: RequestActor, aId: string, bId: string, reason: string): Promise<void> {
    const [a, b] = await Promise.all([
      this.d.repo.findByIdOrNumber(aId),
      this.d.repo.findByIdOrNumber(bId),
    ]);
    if (!a) throw new NotFound('richiesta', aId);
    if (!b) throw new NotFound('richiesta', bId);
    if (a.id === b.id) throw new ValidationFailed('una richiesta non è duplicato di sé stessa');
    const [first, second] = pair(a.id, b.id);
    await this.d.db.transaction().execute(async (tx) => {
      if (await this.d.repo.isDismissed(first, second, tx)) {
        throw new Conflict('proposta già scartata');
      }
      await this.d.repo.addDismissal(
        {
          request_a: first,
          request_b: second,
          reason,
          dismissed_by: by.name,
          dismissed_at: this.d.clock.now(),
        },
        tx,
      );
      for (const [self, other] of [
        [a, b],
        [b, a],
      ] as const) {
        await this.d.journal.write(tx, self.id, by, 'non_duplicato', {
          reason,
          details: { other: other.number },
        });
      }
      await this.d.audit.record(tx, by.actor, {
        action: 'request.duplicate_dismiss',
        objectType: 'request',
        objectId: a.id,
        caseRef: a.number,
        reason,
        details: { other: b.number },
      });
    });
  }
}
