import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { Forbidden, ValidationFailed } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AuditActor } from '../audit/audit.types.js';
import type { AuthContext } from '../auth/auth-context.js';
import type { ComplianceRepository } from './compliance.repository.js';
import type { CameraCompliance, CameraDpiaRow } from './compliance.schemas.js';
import { canManageCompliance, toRef, type ComplianceService } from './compliance.service.js';

/** The cameras as the compliance module needs them (the camera registry's service). */
export interface CameraDirectory {
  /** The cameras the viewer may see. */
  list(viewer: {
    cameraGroups: string[] | null;
  }): Promise<Array<{ id: string; code: string; name: string; dpiaRef: string }>>;
  /** A camera the viewer may not see does not exist for them. */
  get(
    id: string,
    viewer: { cameraGroups: string[] | null },
  ): Promise<{ id: string; dpiaRef: string }>;
}

/** Which DPIA covers each camera (G1): the CCTV DPIA in force, or one tied to the camera. */
export class CameraDpiaService {
  constructor(
    private readonly d: {
      db: Db;
      repo: ComplianceRepository;
      audit: AuditService;
      clock: Clock;
      records: ComplianceService;
      cameras: CameraDirectory;
    },
  ) {}

  /** The DPIA that covers a camera: one tied to it, or the CCTV DPIA in force. */
  async camera(auth: AuthContext, cameraId: string): Promise<CameraCompliance> {
    const camera = await this.d.cameras.get(cameraId, auth);
    const records = await this.d.records.inForce('cctv');
    const assigned = await this.d.repo.cameraDpia(camera.id);
    const row = assigned ? await this.d.repo.get(assigned.record_id) : undefined;
    return {
      cameraId: camera.id,
      dpia: row ? toRef(row) : records.dpia,
      source: row ? 'assigned' : records.dpia ? 'in_force' : 'none',
      legacyRef: camera.dpiaRef,
      records,
    };
  }

  /** Every camera the user may see with the DPIA covering it. */
  async list(auth: AuthContext): Promise<CameraDpiaRow[]> {
    const cameras = await this.d.cameras.list(auth);
    const inForce = (await this.d.records.inForce('cctv')).dpia;
    const assigned = new Map(
      (await this.d.repo.cameraDpias()).map((a) => [a.camera_id, a.record_id] as const),
    );
    const records = new Map(
      (await this.d.repo.list({ tool: 'cctv', kind: 'dpia' })).map((r) => [r.id, r]),
    );
    return cameras.map((c) => {
      const row = records.get(assigned.get(c.id) ?? '');
      return {
        cameraId: c.id,
        code: c.code,
        name: c.name,
        dpia: row ? toRef(row) : inForce,
        source: row ? 'assigned' : inForce ? 'in_force' : 'none',
        legacyRef: c.dpiaRef,
      };
    });
  }

  /** Ties a camera to a specific CCTV DPIA, or (null) back to the one in force. */
  async assign(
    auth: AuthContext,
    actor: AuditActor,
    cameraId: string,
    recordId: string | null,
  ): Promise<CameraCompliance> {
    if (!canManageCompliance(auth.permissions)) {
      throw new Forbidden('Solo il referente privacy collega una DPIA a una telecamera');
    }
    const camera = await this.d.cameras.get(cameraId, auth);
    await this.d.db.transaction().execute(async (tx) => {
      if (recordId !== null) {
        const record = await this.d.repo.get(recordId, tx);
        if (!record || record.tool !== 'cctv' || record.kind !== 'dpia') {
          throw new ValidationFailed(
            'Il documento indicato non è una DPIA della videosorveglianza',
            {
              fields: { recordId: 'scegliere una DPIA della videosorveglianza fissa' },
            },
          );
        }
      }
      const before = await this.d.repo.cameraDpia(camera.id, tx);
      await this.d.repo.setCameraDpia(
        recordId === null
          ? { camera_id: camera.id }
          : {
              camera_id: camera.id,
              record_id: recordId,
              assigned_by: actor.username ?? 'system',
              assigned_at: this.d.clock.now(),
            },
        tx,
      );
      await this.d.audit.record(tx, actor, {
        action: 'privacy.camera_dpia.assign',
        objectType: 'camera',
        objectId: camera.id,
        details: { from: before?.record_id ?? null, to: recordId },
      });
    });
    return this.camera(auth, camera.id);
  }
}
