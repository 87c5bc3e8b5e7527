import { randomUUID } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { SecretBox } from '../../platform/crypto/secret-box.js';
import type { Db, Executor, Tx } from '../../platform/db/database.js';
import { fromJson, isoOrNull, toJson } from '../../platform/db/database.js';
import { Conflict, NotFound, ValidationFailed } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AuditActor } from '../audit/audit.types.js';
import { camerasFromCsv, camerasToCsv } from './camera-csv.js';
import type { CameraRepository, CameraRow, CameraWithStatusRow } from './camera.repository.js';
import type { Camera, CameraInput, CameraState } from './camera.schemas.js';
import { parseRtspUrl, RtspUrlError, withCredentials } from './rtsp-url.js';

/** Above this many days of retention a reason is mandatory (C1: 72 hours). */
export const RETENTION_REASON_THRESHOLD_DAYS = 3;

interface Deps {
  db: Db;
  repo: CameraRepository;
  audit: AuditService;
  secrets: SecretBox;
  clock: Clock;
  retentionMaxDays: number;
}

export interface StatusPatch {
  state?: CameraState;
  message?: string | null;
  lastSegmentAt?: number;
  codec?: string | null;
  width?: number | null;
  height?: number | null;
  bitrate?: number | null;
}

/** What the recorder needs to connect to a camera: the only place the password is opened. */
export interface RecordingTarget {
  id: string;
  code: string;
  name: string;
  url: string;
  subUrl: string | null;
  enabled: boolean;
  demo: boolean;
  retentionDays: number;
  /** Changes whenever anything the recorder uses changes. */
  revision: number;
}

export function toCamera(row: CameraWithStatusRow): Camera {
  const s = row.status;
  const state: CameraState = row.enabled ? ((s?.state as CameraState) ?? 'starting') : 'disabled';
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    address: row.address,
    latitude: row.latitude,
    longitude: row.longitude,
    mainUrl: row.main_url,
    subUrl: row.sub_url,
    username: row.username,
    hasPassword: row.password_enc !== null,
    purpose: row.purpose as Camera['purpose'],
    retentionDays: row.retention_days,
    retentionReason: row.retention_reason,
    enabled: row.enabled === 1,
    notes: row.notes,
    dpiaRef: row.dpia_ref,
    demo: row.is_demo === 1,
    groups: fromJson<string[]>(row.groups) ?? [],
    createdAt: isoOrNull(row.created_at) ?? '',
    updatedAt: isoOrNull(row.updated_at) ?? '',
    status: {
      state,
      message: row.enabled ? (s?.message ?? null) : 'Registrazione disattivata',
      since: isoOrNull(s?.since ?? null),
      lastSegmentAt: isoOrNull(s?.last_segment_at ?? null),
      codec: s?.codec ?? null,
      width: s?.width ?? null,
      height: s?.height ?? null,
      bitrate: s?.bitrate ?? null,
    },
  };
}

/** Who is looking: a user limited to camera groups, or anyone with no limit (null). */
export interface CameraViewer {
  cameraGroups: string[] | null;
}

/** Sees every camera: the system itself, CLI commands. */
export const ALL_CAMERAS: CameraViewer = { cameraGroups: null };

/** A user limited to groups sees a camera only when it belongs to one of them (C6). */
export function canSeeCamera(viewer: CameraViewer, camera: { groups: string[] }): boolean {
  return (
    viewer.cameraGroups === null || camera.groups.some((g) => viewer.cameraGroups?.includes(g))
  );
}

/** Fields of a camera that are compared and written, credentials excluded. */
const PLAIN_FIELDS = [
  'code',
  'name',
  'address',
  'latitude',
  'longitude',
  'main_url',
  'sub_url',
  'username',
  'purpose',
  'retention_days',
  'retention_reason',
  'enabled',
  'notes',
  'dpia_ref',
] as const;

/** The camera registry (C1, G1): addresses, credentials apart, purpose and retention. */
export class CamerasService {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly d: Deps) {}

  /** Called after any change of the registry (the recorder resyncs at once). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  /** The cameras the viewer may see. */
  async list(viewer: CameraViewer = ALL_CAMERAS): Promise<Camera[]> {
    return (await this.d.repo.list()).map(toCamera).filter((c) => canSeeCamera(viewer, c));
  }

  /** One camera; one the viewer may not see does not exist for them (404, not 403). */
  async get(id: string, viewer: CameraViewer = ALL_CAMERAS): Promise<Camera> {
    const row = await this.d.repo.findById(id);
    if (!row) throw new NotFound('telecamera', id);
    const camera = toCamera(row);
    if (!canSeeCamera(viewer, camera)) throw new NotFound('telecamera', id);
    return camera;
  }

  async getByCode(code: string): Promise<Camera> {
    const row = await this.d.repo.findByCode(code.trim().toUpperCase());
    if (!row) throw new NotFound('telecamera', code);
    return this.get(row.id);
  }

  async create(actor: AuditActor, input: CameraInput, opts: { demo?: boolean } = {}) {
    const id = await this.d.db.transaction().execute(async (tx) => {
      const row = await this.insertRow(tx, actor, input, opts.demo ?? false);
      return row.id;
    });
    this.changed();
    return this.get(id);
  }

  async update(actor: AuditActor, id: string, input: CameraInput): Promise<Camera> {
    await this.d.db.transaction().execute(async (tx) => {
      const current = await this.d.repo.findById(id, tx);
      if (!current) throw new NotFound('telecamera', id);
      await this.updateRow(tx, actor, current, input);
    });
    this.changed();
    return this.get(id);
  }

  async remove(actor: AuditActor, id: string): Promise<void> {
    await this.d.db.transaction().execute(async (tx) => {
      const current = await this.d.repo.findById(id, tx);
      if (!current) throw new NotFound('telecamera', id);
      await this.d.repo.delete(id, tx);
      await this.d.audit.record(tx, actor, {
        action: 'camera.delete',
        objectType: 'camera',
        objectId: id,
        details: { code: current.code, name: current.name },
      });
    });
    this.changed();
  }

  async exportCsv(viewer: CameraViewer = ALL_CAMERAS): Promise<string> {
    return camerasToCsv(await this.list(viewer));
  }

  /** Creates or updates (by code) every camera of the file, all or nothing. */
  async importCsv(actor: AuditActor, text: string) {
    const inputs = camerasFromCsv(text, this.d.retentionMaxDays);
    const result = await this.d.db.transaction().execute(async (tx) => {
      let created = 0;
      let updated = 0;
      const ids: string[] = [];
      for (const { input, line } of inputs) {
        try {
          const current = await this.d.repo.findByCode(input.code, tx);
          if (current) {
            const full = await this.d.repo.findById(current.id, tx);
            if (full) await this.updateRow(tx, actor, full, input);
            ids.push(current.id);
            updated++;
          } else {
            ids.push((await this.insertRow(tx, actor, input, false)).id);
            created++;
          }
        } catch (err: unknown) {
          if (err instanceof ValidationFailed || err instanceof Conflict) {
            throw new ValidationFailed(`riga ${line}: ${err.message}`, { line });
          }
          throw err;
        }
      }
      await this.d.audit.record(tx, actor, {
        action: 'camera.import',
        objectType: 'camera',
        details: { created, updated },
      });
      return { created, updated, ids };
    });
    this.changed();
    const all = await this.list();
    const wanted = new Set(result.ids);
    return {
      created: result.created,
      updated: result.updated,
      items: all.filter((c) => wanted.has(c.id)),
    };
  }

  /** Cameras as the recorder needs them, with credentials opened. Never sent to a client. */
  async recordingTargets(): Promise<RecordingTarget[]> {
    return (await this.d.repo.list()).map((r) => this.toTarget(r));
  }

  private toTarget(r: CameraRow): RecordingTarget {
    const password = r.password_enc ? this.d.secrets.open(r.password_enc) : null;
    return {
      id: r.id,
      code: r.code,
      name: r.name,
      url: withCredentials(r.main_url, r.username, password),
      subUrl: r.sub_url ? withCredentials(r.sub_url, r.username, password) : null,
      enabled: r.enabled === 1,
      demo: r.is_demo === 1,
      retentionDays: r.retention_days,
      revision: r.updated_at,
    };
  }

  /** The recorder's report on a camera: state, last segment, what ffprobe saw. */
  async setStatus(cameraId: string, patch: StatusPatch, ex: Executor = this.d.db): Promise<void> {
    const now = this.d.clock.now();
    // The common case, once a segment: still online, only the last segment time moves.
    if (
      patch.state === 'online' &&
      patch.message === null &&
      patch.lastSegmentAt !== undefined &&
      patch.codec === undefined &&
      patch.width === undefined &&
      patch.height === undefined &&
      patch.bitrate === undefined &&
      (await this.d.repo.touchOnline(cameraId, patch.lastSegmentAt, now, ex))
    ) {
      return;
    }
    const current = await this.d.repo.findStatus(cameraId, ex);
    const state = patch.state ?? current?.state ?? 'starting';
    await this.d.repo.upsertStatus(
      {
        camera_id: cameraId,
        state,
        message: patch.message !== undefined ? patch.message : (current?.message ?? null),
        since: current && current.state === state ? current.since : now,
        last_segment_at: patch.lastSegmentAt ?? current?.last_segment_at ?? null,
        codec: patch.codec ?? current?.codec ?? null,
        width: patch.width ?? current?.width ?? null,
        height: patch.height ?? current?.height ?? null,
        bitrate: patch.bitrate ?? current?.bitrate ?? null,
        updated_at: now,
      },
      ex,
    );
  }

  /** One camera's recording target (credentials opened); for the recorder and live view only. */
  async recordingTarget(id: string): Promise<RecordingTarget> {
    const row = await this.d.repo.findById(id);
    if (!row) throw new NotFound('telecamera', id);
    return this.toTarget(row);
  }

  countNonDemo(): Promise<number> {
    return this.d.repo.countNonDemo();
  }

  /** Points the demo cameras at the simulator's current port (not audited: no person acts). */
  async setDemoUrls(urls: Map<string, string>): Promise<void> {
    const now = this.d.clock.now();
    for (const row of await this.d.repo.list()) {
      const url = urls.get(row.code);
      if (row.is_demo === 1 && url && row.main_url !== url) {
        await this.d.repo.update(row.id, { main_url: url, updated_at: now });
      }
    }
    this.changed();
  }

  private validate(input: CameraInput): Omit<
    CameraRow,
    'id' | 'created_at' | 'updated_at' | 'is_demo' | 'password_enc' | 'groups'
  > & {
    password: string | null | undefined;
  } {
    const problems: Record<string, string> = {};
    let main: ReturnType<typeof parseRtspUrl> | null = null;
    let sub: ReturnType<typeof parseRtspUrl> | null = null;
    try {
      main = parseRtspUrl(input.mainUrl);
    } catch (err: unknown) {
      if (!(err instanceof RtspUrlError)) throw err;
      problems.mainUrl = err.message;
    }
    if (input.subUrl) {
      try {
        sub = parseRtspUrl(input.subUrl);
      } catch (err: unknown) {
        if (!(err instanceof RtspUrlError)) throw err;
        problems.subUrl = err.message;
      }
    }
    if (input.retentionDays > this.d.retentionMaxDays) {
      problems.retentionDays = `la conservazione massima consentita è di ${this.d.retentionMaxDays} giorni`;
    }
    if (
      input.retentionDays > RETENTION_REASON_THRESHOLD_DAYS &&
      (input.retentionReason ?? '').trim().length < 5
    ) {
      problems.retentionReason = `oltre ${RETENTION_REASON_THRESHOLD_DAYS} giorni (72 ore) di conservazione serve una motivazione`;
    }
    if ((input.latitude === null) !== (input.longitude === null)) {
      problems.latitude = 'latitudine e longitudine vanno indicate insieme';
    }
    if (!main || Object.keys(problems).length > 0) {
      throw new ValidationFailed(Object.values(problems).join('; '), { fields: problems });
    }
    // Credentials typed into the URL win over the separate fields only when those are absent.
    const username = input.username !== undefined ? input.username || null : main.username;
    const password = input.password !== undefined ? input.password : (main.password ?? undefined);
    return {
      code: input.code,
      name: input.name,
      address: input.address,
      latitude: input.latitude,
      longitude: input.longitude,
      main_url: main.url,
      sub_url: sub?.url ?? null,
      username: username ?? sub?.username ?? null,
      password: password === undefined && sub?.password ? sub.password : password,
      purpose: input.purpose,
      retention_days: input.retentionDays,
      retention_reason:
        input.retentionDays > RETENTION_REASON_THRESHOLD_DAYS
          ? input.retentionReason
          : input.retentionReason || null,
      enabled: input.enabled ? 1 : 0,
      notes: input.notes,
      dpia_ref: input.dpiaRef,
    };
  }

  private async insertRow(tx: Tx, actor: AuditActor, input: CameraInput, demo: boolean) {
    const { password, ...fields } = this.validate(input);
    if (await this.d.repo.findByCode(fields.code, tx)) {
      throw new Conflict(`esiste già una telecamera con codice ${fields.code}`);
    }
    const now = this.d.clock.now();
    const row: CameraRow = {
      id: randomUUID(),
      ...fields,
      password_enc: password ? this.d.secrets.seal(password) : null,
      is_demo: demo ? 1 : 0,
      groups: toJson([...new Set(input.groups ?? [])]) ?? '[]',
      created_at: now,
      updated_at: now,
    };
    await this.d.repo.insert(row, tx);
    await this.d.audit.record(tx, actor, {
      action: 'camera.create',
      objectType: 'camera',
      objectId: row.id,
      reason: row.retention_reason,
      details: {
        code: row.code,
        name: row.name,
        purpose: row.purpose,
        retentionDays: row.retention_days,
        hasPassword: row.password_enc !== null,
        demo,
      },
    });
    return row;
  }

  private async updateRow(tx: Tx, actor: AuditActor, current: CameraRow, input: CameraInput) {
    const { password, ...fields } = this.validate(input);
    if (fields.code !== current.code && (await this.d.repo.findByCode(fields.code, tx))) {
      throw new Conflict(`esiste già una telecamera con codice ${fields.code}`);
    }
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of PLAIN_FIELDS) {
      if (fields[key] !== current[key]) changes[key] = { from: current[key], to: fields[key] };
    }
    const patch: Partial<CameraRow> = { ...fields, updated_at: this.d.clock.now() };
    if (input.groups !== undefined) {
      const groups = toJson([...new Set(input.groups)]) ?? '[]';
      if (groups !== current.groups) {
        changes.groups = { from: fromJson(current.groups), to: fromJson(groups) };
        patch.groups = groups;
      }
    }
    let passwordChanged = false;
    if (password !== undefined) {
      patch.password_enc = password ? this.d.secrets.seal(password) : null;
      passwordChanged = true;
    }
    if (Object.keys(changes).length === 0 && !passwordChanged) return;
    await this.d.repo.update(current.id, patch, tx);
    await this.d.audit.record(tx, actor, {
      action: 'camera.update',
      objectType: 'camera',
      objectId: current.id,
      reason: 'retention_days' in changes ? fields.retention_reason : null,
      // Never the password itself: only that it changed.
      details: { code: fields.code, changes, ...(passwordChanged && { passwordChanged }) },
    });
  }
}
