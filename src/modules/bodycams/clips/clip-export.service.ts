import type { Clock } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/database.js';
import { fromJson, isoOrNull } from '../../../platform/db/database.js';
import { AppError, Conflict, NotFound, ValidationFailed } from '../../../platform/errors.js';
import type { AuditService } from '../../audit/audit.service.js';
import { actorOf, type AuthContext } from '../../auth/auth-context.js';
import { operatorOf } from '../../evidence/acquisition.service.js';
import type {
  BodycamEvidenceClip,
  BodycamEvidenceService,
} from '../../evidence/bodycam-evidence.service.js';
import type { BodycamClipsTable } from '../bodycams.tables.js';
import type { DisciplinareService } from '../disciplinare/disciplinare.service.js';
import {
  EXPORT_EVENT_SPAN_HOURS,
  type ClipExportRequest,
  type ClipExportResult,
} from './clip-export.schemas.js';
import type { ClipsRepository } from './clips.repository.js';
import type { ClipsService } from './clips.service.js';

/** What the clip export needs of the evidence module (wired in app.ts). */
export type ClipEvidenceLink = Pick<BodycamEvidenceService, 'register'>;

/** The reason a clip is kept while it is evidence. */
const holdReason = (number: string) => `Acquisita come prova: reperto ${number}`;

/**
 * Export of bodycam clips as evidence (issue 8 §6): a user who may view each clip's category
 * gives a reason and a case; the clips (one event) become one evidence item with the signed
 * package of CCTV exports, flagged "non utilizzabile per illeciti amministrativi" where the
 * disciplinare says so; in the same transaction as the registration each clip is put on legal
 * hold ("acquisita come prova") and the export is audited against it.
 */
export class ClipExportService {
  constructor(
    private readonly d: {
      db: Db;
      repo: ClipsRepository;
      clips: ClipsService;
      disciplinare: DisciplinareService;
      audit: AuditService;
      clock: Clock;
      evidence: ClipEvidenceLink | null;
    },
  ) {}

  async export(auth: AuthContext, input: ClipExportRequest): Promise<ClipExportResult> {
    const evidence = this.d.evidence;
    if (!evidence) {
      throw new AppError('not_available', 503, 'Registro dei reperti non disponibile');
    }
    const ids = [...new Set(input.clipIds)];
    const rows: BodycamClipsTable[] = [];
    for (const id of ids) {
      const row = await this.d.repo.get(id);
      if (!row) throw new NotFound('clip', id);
      if (row.deleted_at !== null) {
        throw new Conflict(`La clip ${id} è stata cancellata (${row.deleted_cause ?? ''})`);
      }
      // Only who may view the clip's category may export it (B5).
      await this.d.clips.assertMayView(auth, row);
      rows.push(row);
    }
    rows.sort((a, b) => a.recorded_start - b.recorded_start);
    const from = Math.min(...rows.map((r) => r.recorded_start));
    const to = Math.max(...rows.map((r) => r.recorded_end));
    if (to - from > EXPORT_EVENT_SPAN_HOURS * 3_600_000) {
      throw new ValidationFailed(
        `Le clip di un reperto devono riguardare un solo evento (entro ${EXPORT_EVENT_SPAN_HOURS} ore): esportarle separatamente`,
      );
    }
    const clips: BodycamEvidenceClip[] = [];
    for (const r of rows) clips.push(await this.entry(r));
    const notUsable = clips.some((c) => c.notUsableForAdministrativeOffences);
    const registered = await evidence.register({
      operator: operatorOf(auth),
      reason: input.reason,
      caseRef: input.caseRef,
      clips,
      inRegistration: async (tx, ev) => {
        for (const r of rows) {
          const fresh = await this.d.repo.get(r.id, tx);
          if (!fresh || fresh.deleted_at !== null) {
            throw new Conflict(`La clip ${r.id} è stata cancellata durante l’esportazione`);
          }
          const reason =
            fresh.legal_hold === 1 && fresh.legal_hold_reason
              ? `${fresh.legal_hold_reason}; ${holdReason(ev.number)}`.slice(0, 2000)
              : holdReason(ev.number);
          await this.d.repo.update(r.id, { legal_hold: 1, legal_hold_reason: reason }, tx);
          await this.d.audit.record(tx, actorOf(auth), {
            action: 'bodycam.export',
            objectType: 'bodycam_clip',
            objectId: r.id,
            reason: input.reason,
            caseRef: input.caseRef,
            details: {
              evidenceId: ev.id,
              evidenceNumber: ev.number,
              serial: r.device_serial,
              officerId: r.officer_id,
              category: r.category,
              sha256: r.sha256,
              recordedStart: isoOrNull(r.recorded_start),
              notUsableForAdministrativeOffences: r.not_usable_admin === 1,
              legalHold: true,
            },
          });
        }
      },
    });
    return {
      evidenceId: registered.id,
      number: registered.number,
      manifestSha256: registered.manifestSha256,
      files: registered.files,
      totalBytes: registered.totalBytes,
      clipIds: rows.map((r) => r.id),
      notUsableForAdministrativeOffences: notUsable,
    };
  }

  private async entry(r: BodycamClipsTable): Promise<BodycamEvidenceClip> {
    const version = await this.d.disciplinare.version(r.disciplinare_id);
    const cat = version.rules.categories.find((c) => c.code === r.category);
    return {
      clipId: r.id,
      storageKey: r.storage_key,
      bytes: Number(r.bytes),
      sha256: r.sha256,
      originalName: r.original_name,
      deviceSerial: r.device_serial,
      officer: { id: r.officer_id, name: r.officer_name },
      partnerCommand: r.partner_command,
      recordedStart: Number(r.recorded_start),
      recordedEnd: Number(r.recorded_end),
      timeSource: r.time_source,
      durationSeconds: Number(r.duration_ms) / 1000,
      gps: fromJson<Array<{ lat: number; lon: number; t: number | null }>>(r.gps) ?? [],
      category: cat ? { code: cat.code, label: cat.label } : null,
      activationReason: r.activation_reason,
      subjectsWarned: r.subjects_warned === null ? null : r.subjects_warned === 1,
      linkedRef: r.linked_ref,
      disciplinare: { id: version.id, number: version.number },
      notUsableForAdministrativeOffences: r.not_usable_admin === 1,
    };
  }
}
