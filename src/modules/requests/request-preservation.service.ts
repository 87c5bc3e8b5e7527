import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { toFlag, toJson } from '../../platform/db/database.js';
import { NotFound, errorMessage } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { SYSTEM_ACTOR } from '../audit/audit.types.js';
import type { CamerasService } from '../cameras/cameras.service.js';
import type { HoldsService } from '../recording/holds.service.js';
import { HOLD_RADIUS_METERS, matchCameras } from './camera-match.js';
import type { RequestNotices } from './request-notices.service.js';
import {
  DAY,
  MINUTE,
  SYSTEM_REQUEST_ACTOR,
  toSummary,
  type RequestJournal,
  type RequestSettings,
} from './request-record.js';
import type { RequestRow, RequestsRepository } from './requests.repository.js';
import type { RequestSummary } from './requests.schemas.js';

/**
 * Preserve at once (C2, issue 6 §5): a hold on the cameras near the place (the ones the search
 * opened from the request offers: within its radius, or on the streets named) for the window plus
 * margins, the expiry instant for the queue, "da smistare" with the reasons when something is
 * missing, then the acknowledgement.
 */
export class RequestPreservation {
  constructor(
    private readonly d: {
      db: Db;
      repo: RequestsRepository;
      journal: RequestJournal;
      audit: AuditService;
      clock: Clock;
      holds: HoldsService;
      cameras: CamerasService;
      notices: RequestNotices;
      settings: RequestSettings;
    },
  ) {}

  /** Safe to repeat (a crash, or fields corrected): an existing hold covering it all is reused. */
  async preserve(requestId: string, opts: { acknowledge: boolean }): Promise<RequestSummary> {
    const r = await this.d.repo.findById(requestId);
    if (!r) throw new NotFound('richiesta', requestId);
    const notes: string[] = [];
    const s = this.d.settings;
    const cameras = await this.d.cameras.list();
    const hasPlace =
      r.place_street !== null ||
      r.place_cross !== null ||
      r.place_text !== null ||
      r.place_landmark !== null ||
      r.place_lat !== null;
    if (r.window_from === null || r.window_to === null) {
      notes.push('orario dell’evento non individuato');
    }
    const match = hasPlace
      ? matchCameras(
          {
            text: r.place_text,
            street: r.place_street,
            crossStreet: r.place_cross,
            landmark: r.place_landmark,
            lat: r.place_lat,
            lon: r.place_lon,
          },
          cameras,
          HOLD_RADIUS_METERS,
        )
      : { cameraIds: [], explanation: 'luogo dell’evento non individuato' };
    if (match.cameraIds.length === 0) notes.push(match.explanation);
    const matched = cameras.filter((c) => match.cameraIds.includes(c.id));
    let holdId: string | null = null;
    let holdCameras: string[] = [];
    if (r.window_from !== null && r.window_to !== null && matched.length > 0) {
      const from = r.window_from - s.holdMarginBeforeMinutes * MINUTE;
      const to = r.window_to + s.holdMarginAfterMinutes * MINUTE;
      const existing = (await this.d.holds.listByRequest(r.id)).find(
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
      await this.d.journal.write(
        tx,
        r.id,
        SYSTEM_REQUEST_ACTOR,
        holdId ? 'blocco' : 'da_smistare',
        {
          reason: holdId ? `Blocco automatico su ${holdCameras.join(', ')}` : notes.join('; '),
          details,
        },
      );
      await this.d.audit.record(tx, SYSTEM_ACTOR, {
        action: 'request.preserve',
        objectType: 'request',
        objectId: r.id,
        caseRef: r.number,
        reason: holdId ? 'Blocco automatico' : notes.join('; '),
        details,
      });
      if (opts.acknowledge && r.requester_email) {
        const summary = toSummary(
          {
            ...r,
            due_at: dueAt,
            da_smistare: toFlag(daSmistare),
            triage_notes: toJson(notes) ?? '[]',
          },
          now,
        );
        await this.d.notices.acknowledge(tx, r, summary, holdCameras);
      }
    });
    return toSummary((await this.d.repo.findById(r.id)) as RequestRow, this.d.clock.now());
  }

  /** Requests whose preservation was interrupted (a crash between the steps): done again. */
  async preservePending(): Promise<number> {
    const ids = await this.d.repo.unpreserved();
    for (const id of ids) await this.preserve(id, { acknowledge: true });
    return ids.length;
  }
}
