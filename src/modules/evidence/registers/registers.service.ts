import type { Clock } from '../../../platform/clock.js';
import { fromFlag, fromJson } from '../../../platform/db/database.js';
import { AppError, Forbidden, ValidationFailed } from '../../../platform/errors.js';
import type { AuditService } from '../../audit/audit.service.js';
import type { AuditActor } from '../../audit/audit.types.js';
import type { Permission } from '../../auth/permissions.js';
import type { CameraViewer, CamerasService } from '../../cameras/cameras.service.js';
import {
  MAX_REGISTER_DAYS,
  MAX_REGISTER_ROWS,
  type ExtractionEntry,
  type RegisterKind,
  type RegisterMeta,
  type RegisterQuery,
  type ViewingEntry,
  type ViewingKind,
} from './registers.schemas.js';
import type { RegistersRepository } from './registers.repository.js';
import { registerCsv } from './registers-csv.js';
import { renderRegisterPdf } from './registers-pdf.js';
import { rangeLabel } from './registers-format.js';

const DAY = 86_400_000;

/**
 * Who may print which register. The register of extractions lists what the evidence register
 * already shows: `evidence.read`. The register of accesses says who looked at which footage and
 * why, an extract of the audit log (L2: reading it is restricted): it needs `audit.read` too,
 * so the commander and the privacy officer print it, operators do not see their colleagues'.
 */
export const REGISTER_PERMISSIONS: Record<RegisterKind, readonly Permission[]> = {
  extractions: ['evidence.read'],
  viewings: ['evidence.read', 'audit.read'],
};

export class RegisterTooLarge extends AppError {
  constructor(rows: number) {
    super(
      'register_too_large',
      422,
      `Il periodo contiene più di ${rows} righe: restringere il periodo`,
    );
  }
}

export interface RegisterReader {
  actor: AuditActor;
  viewer: CameraViewer;
  permissions: ReadonlySet<Permission>;
  displayName: string;
}

export interface RegisterFile {
  body: Buffer;
  contentType: string;
  fileName: string;
  rows: number;
}

/** Audit actions of bodycam clip viewings (B5), in the register of accesses too. */
const BODYCAM_VIEWINGS = ['bodycam.view', 'bodycam.download'];

const KIND_OF: Record<string, ViewingKind> = {
  view: 'evidence_view',
  'recording.playback': 'playback',
};

/**
 * The printable registers (E4): the register of extractions (every acquisition, registered or
 * not, with its files, hashes, status and retention) and the register of accesses (every view
 * and download of evidence, every playback session of recorded footage and every viewing of a
 * bodycam clip), for a period, as
 * PDF or CSV. Printing a register is itself audited, before any byte is sent.
 */
export class RegistersService {
  constructor(
    private readonly d: {
      repo: RegistersRepository;
      audit: AuditService;
      cameras: CamerasService;
      clock: Clock;
    },
  ) {}

  async print(who: RegisterReader, kind: RegisterKind, q: RegisterQuery): Promise<RegisterFile> {
    const missing = REGISTER_PERMISSIONS[kind].filter((p) => !who.permissions.has(p));
    if (missing.length > 0) throw new Forbidden(`Permesso negato: serve ${missing.join(' e ')}`);
    const from = Date.parse(q.from);
    const to = Date.parse(q.to);
    if (!(to > from)) throw new ValidationFailed('la fine del periodo deve seguire l’inizio');
    if (to - from > MAX_REGISTER_DAYS * DAY)
      throw new ValidationFailed(`un registro copre al massimo ${MAX_REGISTER_DAYS} giorni`);
    const rows =
      kind === 'extractions'
        ? await this.extractions(who.viewer, from, to)
        : await this.viewings(who.viewer, from, to);
    const meta: RegisterMeta = {
      from,
      to,
      generatedAt: this.d.clock.now(),
      generatedBy: `${who.displayName} (${who.actor.username ?? '—'})`,
    };
    await this.d.audit.recordAlone(who.actor, {
      action: 'evidence.register_print',
      objectType: 'register',
      objectId: kind,
      details: {
        register: kind,
        format: q.format,
        from: q.from,
        to: q.to,
        period: rangeLabel(from, to),
        rows: rows.length,
      },
    });
    const base = `registro-${kind === 'extractions' ? 'estrazioni' : 'accessi'}_${stamp(from)}_${stamp(to)}`;
    if (q.format === 'csv') {
      return {
        body: Buffer.from(registerCsv(kind, rows), 'utf8'),
        contentType: 'text/csv; charset=utf-8',
        fileName: `${base}.csv`,
        rows: rows.length,
      };
    }
    return {
      body: await renderRegisterPdf(kind, rows, meta),
      contentType: 'application/pdf',
      fileName: `${base}.pdf`,
      rows: rows.length,
    };
  }

  /** Every acquisition of the period, registered or not (nr acquisizioni = nr registrazioni). */
  async extractions(viewer: CameraViewer, from: number, to: number): Promise<ExtractionEntry[]> {
    // A reader limited to some cameras gets their rows only, filtered by the query, so the
    // row limit counts what they would print.
    const cameras = await this.cameraNames(viewer);
    const limited = viewer.cameraGroups === null ? null : [...cameras.keys()];
    const visible = await this.d.repo.extractions(from, to, MAX_REGISTER_ROWS + 1, limited);
    if (visible.length > MAX_REGISTER_ROWS) throw new RegisterTooLarge(MAX_REGISTER_ROWS);
    const counts = await this.d.repo.fileCounts(
      visible.filter((r) => r.status === 'done').map((r) => r.id),
    );
    const byItem = new Map<string, { clips: number; originals: number; documents: number }>();
    for (const c of counts) {
      const e = byItem.get(c.evidence_id) ?? { clips: 0, originals: 0, documents: 0 };
      if (c.kind === 'clip') e.clips += c.files;
      else if (c.kind === 'original') e.originals += c.files;
      else e.documents += c.files;
      byItem.set(c.evidence_id, e);
    }
    return visible.map((r) => {
      const files = byItem.get(r.id) ?? { clips: 0, originals: 0, documents: 0 };
      return {
        number: r.number,
        createdAt: r.created_at,
        cameraCode: r.camera_code,
        cameraName: r.camera_name ?? cameras.get(r.camera_id) ?? '',
        from: r.from_ms,
        to: r.to_ms,
        actualFrom: r.actual_from_ms,
        actualTo: r.actual_to_ms,
        operatorName: r.operator_name,
        operatorUsername: r.operator_username,
        reason: r.reason,
        requestNumber: r.request_number,
        caseRef: r.case_ref,
        status: r.status,
        error: r.error,
        attempts: r.attempts,
        ...files,
        totalBytes: Number(r.total_bytes ?? 0),
        manifestSha256: r.manifest_sha256,
        retainUntil: r.retain_until,
        legalHold: fromFlag(r.legal_hold),
        legalHoldReason: r.legal_hold_reason,
      };
    });
  }

  /** Views and downloads of evidence and playback sessions of footage, oldest first. */
  async viewings(viewer: CameraViewer, from: number, to: number): Promise<ViewingEntry[]> {
    const cameras = await this.cameraNames(viewer);
    const limited = viewer.cameraGroups === null ? null : [...cameras.keys()];
    const [custody, playbacks] = await Promise.all([
      // Evidence accesses are filtered by the query (the row limit counts what is printed);
      // playbacks come from the audit log and are filtered below.
      this.d.repo.evidenceViewings(from, to, MAX_REGISTER_ROWS + 1, limited),
      this.d.audit.entriesOf(
        ['recording.playback', ...BODYCAM_VIEWINGS],
        from,
        to,
        MAX_REGISTER_ROWS + 1,
      ),
    ]);
    if (custody.length + playbacks.length > MAX_REGISTER_ROWS)
      throw new RegisterTooLarge(MAX_REGISTER_ROWS);
    const seen = (cameraId: string | null) =>
      viewer.cameraGroups === null || (cameraId !== null && cameras.has(cameraId));
    const out: ViewingEntry[] = [];
    for (const c of custody) {
      if (!seen(c.camera_id)) continue;
      const details = fromJson<Record<string, unknown>>(c.details) ?? {};
      const what = [
        typeof details.path === 'string' ? details.path : null,
        typeof details.format === 'string' ? `formato ${details.format}` : null,
        c.recipient ? `destinatario ${c.recipient}` : null,
      ].filter((x): x is string => x !== null);
      out.push({
        at: c.at,
        kind: KIND_OF[c.action] ?? 'evidence_download',
        action: c.action,
        username: c.actor_username ?? '—',
        ip: c.ip,
        evidenceNumber: c.number,
        cameraCode: c.camera_code,
        cameraName: c.camera_name,
        from: c.actual_from_ms,
        to: c.actual_to_ms,
        reason: c.reason,
        caseRef: c.case_ref ?? c.request_number,
        detail: what.length > 0 ? what.join(', ') : null,
      });
    }
    for (const p of playbacks) {
      const d = p.details ?? {};
      if (p.action !== 'recording.playback') {
        // Bodycam clips belong to no camera: readers limited to some cameras do not see them.
        if (viewer.cameraGroups !== null) continue;
        const recorded = typeof d.recordedStart === 'string' ? Date.parse(d.recordedStart) : NaN;
        out.push({
          at: Date.parse(p.at),
          kind: p.action === 'bodycam.download' ? 'bodycam_download' : 'bodycam_view',
          action: p.action,
          username: p.actorUsername ?? '—',
          ip: p.ip,
          evidenceNumber: null,
          cameraCode: `bodycam ${typeof d.serial === 'string' ? d.serial : '—'}`,
          cameraName: typeof d.category === 'string' ? `categoria ${d.category}` : '',
          from: Number.isFinite(recorded) ? recorded : null,
          to: null,
          reason: p.reason,
          caseRef: p.caseRef,
          detail: p.objectId ? `clip ${p.objectId.slice(0, 8)}` : null,
        });
        continue;
      }
      if (!seen(p.objectId)) continue;
      const fromIso = typeof d.from === 'string' ? Date.parse(d.from) : NaN;
      const toIso = typeof d.to === 'string' ? Date.parse(d.to) : NaN;
      out.push({
        at: Date.parse(p.at),
        kind: 'playback',
        action: p.action,
        username: p.actorUsername ?? '—',
        ip: p.ip,
        evidenceNumber: null,
        cameraCode: typeof d.code === 'string' ? d.code : (p.objectId ?? '—'),
        cameraName: (p.objectId && cameras.get(p.objectId)) ?? '',
        from: Number.isFinite(fromIso) ? fromIso : null,
        to: Number.isFinite(toIso) ? toIso : null,
        reason: p.reason,
        caseRef: p.caseRef,
        detail: null,
      });
    }
    return out.sort((a, b) => a.at - b.at);
  }

  /** Names of the cameras this reader sees, by id. */
  private async cameraNames(viewer: CameraViewer): Promise<Map<string, string>> {
    return new Map((await this.d.cameras.list(viewer)).map((c) => [c.id, c.name]));
  }
}

/** `20261101` in Rome, for file names. */
function stamp(ms: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(ms).replace(/-/g, '');
}
