import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { isoOrNull } from '../../platform/db/database.js';
import { Conflict, NotFound, ValidationFailed } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AuditActor } from '../audit/audit.types.js';
import type { CameraViewer, CamerasService } from '../cameras/cameras.service.js';
import type { HoldRepository, HoldWithCameras } from './hold.repository.js';
import { DAY_MS, isHoldActive } from './retention.js';

const iso = z.iso.datetime({ offset: true });

export const NewHoldSchema = z
  .object({
    cameraIds: z.array(z.uuid()).min(1).max(200),
    from: iso,
    to: iso,
    reason: z.string().trim().min(5).max(2000),
    caseRef: z.string().trim().max(200).nullable().default(null),
    expiresAt: iso.nullable().default(null),
  })
  .strict();
export type NewHold = z.infer<typeof NewHoldSchema>;

export const ReleaseHoldSchema = z.object({ reason: z.string().trim().min(5).max(2000) }).strict();

export const HoldSchema = z.object({
  id: z.uuid(),
  cameras: z.array(
    z.object({ id: z.string(), code: z.string().nullable(), name: z.string().nullable() }),
  ),
  from: z.string(),
  to: z.string(),
  reason: z.string(),
  caseRef: z.string().nullable(),
  requestId: z.string().nullable(),
  placedBy: z.string(),
  placedAt: z.string(),
  expiresAt: z.string().nullable(),
  releasedAt: z.string().nullable(),
  releasedBy: z.string().nullable(),
  releaseReason: z.string().nullable(),
  state: z.enum(['active', 'released', 'expired']),
});
export type Hold = z.infer<typeof HoldSchema>;

/** The longest window one hold may cover. */
export const MAX_HOLD_WINDOW_DAYS = 31;

/** Preservation holds (C2): footage that retention and the free-space guard must not delete. */
export class HoldsService {
  constructor(
    private readonly d: {
      db: Db;
      repo: HoldRepository;
      cameras: CamerasService;
      audit: AuditService;
      clock: Clock;
    },
  ) {}

  /** Holds on cameras the viewer may see. */
  async list(opts: { includeEnded: boolean; viewer?: CameraViewer }): Promise<Hold[]> {
    const rows = await this.d.repo.list({ includeEnded: opts.includeEnded, limit: 500 });
    const visible = new Set((await this.d.cameras.list(opts.viewer)).map((c) => c.id));
    return this.present(rows.filter((h) => h.cameraIds.some((id) => visible.has(id))));
  }

  /** The holds placed for one footage request (all of them, ended ones included). */
  async listByRequest(requestId: string): Promise<Hold[]> {
    return this.present(await this.d.repo.listByRequest(requestId));
  }

  async get(id: string): Promise<Hold> {
    const row = await this.d.repo.findById(id);
    if (!row) throw new NotFound('blocco', id);
    return (await this.present([row]))[0] as Hold;
  }

  /** Places a hold; `requestId` links it to a footage request when the intake places it. */
  async place(
    actor: AuditActor,
    input: NewHold,
    opts: { requestId?: string; viewer?: CameraViewer } = {},
  ): Promise<Hold> {
    const from = Date.parse(input.from);
    const to = Date.parse(input.to);
    const now = this.d.clock.now();
    if (!(to > from)) throw new ValidationFailed('la fine del periodo deve seguire l’inizio');
    if (to - from > MAX_HOLD_WINDOW_DAYS * DAY_MS) {
      throw new ValidationFailed(`un blocco copre al massimo ${MAX_HOLD_WINDOW_DAYS} giorni`);
    }
    const expiresAt = input.expiresAt ? Date.parse(input.expiresAt) : null;
    if (expiresAt !== null && expiresAt <= now) {
      throw new ValidationFailed('la scadenza del blocco è già passata');
    }
    const cameraIds = [...new Set(input.cameraIds)];
    const known = new Map((await this.d.cameras.list(opts.viewer)).map((c) => [c.id, c]));
    const missing = cameraIds.filter((id) => !known.has(id));
    if (missing.length > 0) throw new NotFound('telecamera', missing.join(', '));
    const id = randomUUID();
    await this.d.db.transaction().execute(async (tx) => {
      await this.d.repo.insert(
        {
          id,
          start_ms: from,
          end_ms: to,
          reason: input.reason,
          case_ref: input.caseRef,
          request_id: opts.requestId ?? null,
          placed_by: actor.username ?? 'system',
          placed_at: now,
          expires_at: expiresAt,
          released_at: null,
          released_by: null,
          release_reason: null,
        },
        cameraIds,
        tx,
      );
      await this.d.audit.record(tx, actor, {
        action: 'hold.place',
        objectType: 'hold',
        objectId: id,
        reason: input.reason,
        caseRef: input.caseRef,
        details: {
          cameras: cameraIds.map((c) => known.get(c)?.code ?? c),
          from: input.from,
          to: input.to,
          expiresAt: input.expiresAt,
          requestId: opts.requestId ?? null,
        },
      });
    });
    return this.get(id);
  }

  /** Releases a hold after review (C2); the footage then follows retention again. */
  async release(
    actor: AuditActor,
    id: string,
    reason: string,
    viewer?: CameraViewer,
  ): Promise<Hold> {
    if (viewer?.cameraGroups) {
      // A hold on cameras the user may not see does not exist for them.
      const hold = await this.d.repo.findById(id);
      const visible = new Set((await this.d.cameras.list(viewer)).map((c) => c.id));
      if (!hold?.cameraIds.some((c) => visible.has(c))) throw new NotFound('blocco', id);
    }
    await this.d.db.transaction().execute(async (tx) => {
      const row = await this.d.repo.findById(id, tx);
      if (!row) throw new NotFound('blocco', id);
      if (row.released_at !== null) throw new Conflict('il blocco è già stato rimosso');
      const now = this.d.clock.now();
      await this.d.repo.update(
        id,
        { released_at: now, released_by: actor.username ?? 'system', release_reason: reason },
        tx,
      );
      await this.d.audit.record(tx, actor, {
        action: 'hold.release',
        objectType: 'hold',
        objectId: id,
        reason,
        caseRef: row.case_ref,
        details: {
          from: isoOrNull(row.start_ms),
          to: isoOrNull(row.end_ms),
          cameras: row.cameraIds,
        },
      });
    });
    return this.get(id);
  }

  /** Holds in force now, for retention and the free-space guard. */
  active(): Promise<HoldWithCameras[]> {
    return this.d.repo.active(this.d.clock.now());
  }

  private async present(rows: HoldWithCameras[]): Promise<Hold[]> {
    const cameras = new Map((await this.d.cameras.list()).map((c) => [c.id, c]));
    const now = this.d.clock.now();
    return rows.map((r) => ({
      id: r.id,
      cameras: r.cameraIds.map((id) => ({
        id,
        code: cameras.get(id)?.code ?? null,
        name: cameras.get(id)?.name ?? null,
      })),
      from: isoOrNull(r.start_ms) ?? '',
      to: isoOrNull(r.end_ms) ?? '',
      reason: r.reason,
      caseRef: r.case_ref,
      requestId: r.request_id,
      placedBy: r.placed_by,
      placedAt: isoOrNull(r.placed_at) ?? '',
      expiresAt: isoOrNull(r.expires_at),
      releasedAt: isoOrNull(r.released_at),
      releasedBy: r.released_by,
      releaseReason: r.release_reason,
      state:
        r.released_at !== null
          ? 'released'
          : isHoldActive({ releasedAt: r.released_at, expiresAt: r.expires_at }, now)
            ? 'active'
            : 'expired',
    }));
  }
}
