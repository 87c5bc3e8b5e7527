import { createHmac } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Clock } from '../../../platform/clock.js';
import { safeEqual } from '../../../platform/crypto/hash.js';
import type { Db } from '../../../platform/db/database.js';
import { fromJson, isoOrNull } from '../../../platform/db/database.js';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../../platform/errors.js';
import type { Logger } from '../../../platform/log/logger.js';
import type { Storage } from '../../../platform/storage/storage.js';
import type { AuditService } from '../../audit/audit.service.js';
import { SYSTEM_ACTOR, type AuditActor } from '../../audit/audit.types.js';
import { actorOf, type AuthContext } from '../../auth/auth-context.js';
import type { BodycamClipsTable, ClipFlag } from '../bodycams.tables.js';
import type { ComplianceLink } from '../compliance-link.js';
import type { DisciplinareService } from '../disciplinare/disciplinare.service.js';
import { isOverdue, retainUntilFor } from './clip-rules.js';
import type { ClipsRepository } from './clips.repository.js';
import type { Categorize, Clip, ClipListQuery, ViewRequest } from './clips.schemas.js';

/** A playback grant lasts long enough to watch a long clip with pauses. */
const GRANT_MS = 4 * 3_600_000;
const PURGE_BATCH = 200;

/** Clips: the officer's categorization, audited viewing by category (B5), retention (B4). */
export class ClipsService {
  constructor(
    private readonly d: {
      db: Db;
      repo: ClipsRepository;
      disciplinare: DisciplinareService;
      compliance: ComplianceLink;
      storage: Storage;
      audit: AuditService;
      clock: Clock;
      log: Logger;
      /** Signs playback grants (the installation's secret). */
      secret: Buffer;
    },
  ) {}

  private async toClip(r: BodycamClipsTable): Promise<Clip> {
    const version = await this.d.disciplinare.version(r.disciplinare_id);
    const cat = version.rules.categories.find((c) => c.code === r.category);
    return {
      id: r.id,
      serial: r.device_serial,
      officerId: r.officer_id,
      officerName: r.officer_name,
      partnerCommand: r.partner_command,
      commands: [this.d.compliance.ownCommand, ...(r.partner_command ? [r.partner_command] : [])],
      recordedStart: isoOrNull(r.recorded_start) ?? '',
      recordedEnd: isoOrNull(r.recorded_end) ?? '',
      timeSource: r.time_source,
      durationSeconds: r.duration_ms / 1000,
      codec: r.codec,
      width: r.width,
      height: r.height,
      bytes: r.bytes,
      sha256: r.sha256,
      originalName: r.original_name,
      gps: fromJson(r.gps),
      disciplinareId: r.disciplinare_id,
      disciplinareNumber: r.disciplinare_number,
      dpia: await this.d.compliance.bodycamDpiaAt(r.recorded_start),
      flags: fromJson<ClipFlag[]>(r.flags) ?? [],
      category: r.category,
      categoryLabel: cat?.label ?? null,
      activationReason: r.activation_reason,
      note: r.note,
      subjectsWarned: r.subjects_warned === null ? null : r.subjects_warned === 1,
      linkedRef: r.linked_ref,
      categorizedBy: r.categorized_by,
      categorizedAt: isoOrNull(r.categorized_at),
      categorizeDueAt: isoOrNull(r.categorize_due_at) ?? '',
      overdue: isOverdue(
        { category: r.category, categorizeDueAt: r.categorize_due_at },
        this.d.clock.now(),
      ),
      retainUntil: isoOrNull(r.retain_until),
      legalHold: r.legal_hold === 1,
      legalHoldReason: r.legal_hold_reason,
      notUsableForAdministrativeOffences: r.not_usable_admin === 1,
      ingestedAt: isoOrNull(r.ingested_at) ?? '',
      deletedAt: isoOrNull(r.deleted_at),
      deletedCause: r.deleted_cause,
    };
  }

  private async many(rows: BodycamClipsTable[]): Promise<Clip[]> {
    const out: Clip[] = [];
    for (const r of rows) out.push(await this.toClip(r));
    return out;
  }

  /** The officer's own clips, newest first (uncategorized and overdue first to act on). */
  async mine(auth: AuthContext, q: ClipListQuery): Promise<Clip[]> {
    return this.list({ ...q, officerId: auth.userId });
  }

  async list(q: ClipListQuery): Promise<Clip[]> {
    return this.many(
      await this.d.repo.list({
        officerId: q.officerId,
        serial: q.serial,
        uncategorized: q.uncategorized === '1',
        overdueAt: q.overdue === '1' ? this.d.clock.now() : undefined,
        flagged: q.flagged === '1',
        limit: q.limit,
      }),
    );
  }

  private async require(id: string): Promise<BodycamClipsTable> {
    const row = await this.d.repo.get(id);
    if (!row) throw new NotFound('clip', id);
    return row;
  }

  private isOwner(auth: AuthContext, row: BodycamClipsTable): boolean {
    return auth.permissions.has('bodycam.own') && row.officer_id === auth.userId;
  }

  /** Metadata of one clip: its officer, bodycam viewers, or the privacy officer. */
  async get(auth: AuthContext, id: string): Promise<Clip> {
    const row = await this.require(id);
    if (
      !this.isOwner(auth, row) &&
      !auth.permissions.has('bodycam.view') &&
      !auth.permissions.has('privacy.manage')
    ) {
      throw new NotFound('clip', id);
    }
    return this.toClip(row);
  }

  /** The officer categorizes a clip under the disciplinare in force when it was recorded. */
  async categorize(auth: AuthContext, id: string, input: Categorize): Promise<Clip> {
    const row = await this.d.db.transaction().execute(async (tx) => {
      const row = await this.d.repo.get(id, tx);
      if (!row || row.deleted_at !== null) throw new NotFound('clip', id);
      if (!this.isOwner(auth, row) && !auth.permissions.has('bodycam.view')) {
        throw new Forbidden(
          'Solo l’agente che ha registrato la clip o il comando la categorizzano',
        );
      }
      const version = await this.d.disciplinare.version(row.disciplinare_id, tx);
      const cat = version.rules.categories.find((c) => c.code === input.category);
      if (!cat) {
        throw new ValidationFailed(
          `Categoria ${input.category} non prevista dal disciplinare v${version.number} (${version.rules.categories.map((c) => c.code).join(', ')})`,
        );
      }
      if (!version.rules.activationReasons.includes(input.activationReason)) {
        throw new ValidationFailed(
          `Motivo di attivazione non previsto dal disciplinare v${version.number}`,
        );
      }
      if (row.legal_hold === 1 && !cat.legalHold) {
        throw new Conflict('La clip è sotto blocco legale: la categoria si cambia dopo lo sblocco');
      }
      const holdByCategory = cat.legalHold;
      const patch: Partial<BodycamClipsTable> = {
        category: cat.code,
        activation_reason: input.activationReason,
        note: input.note,
        subjects_warned: input.subjectsWarned ? 1 : 0,
        linked_ref: input.linkedRef ?? null,
        categorized_by: auth.username,
        categorized_at: this.d.clock.now(),
        retain_until: holdByCategory ? null : retainUntilFor(cat, row.recorded_end),
        ...(holdByCategory && {
          legal_hold: 1,
          legal_hold_reason: row.legal_hold_reason ?? `Categoria «${cat.label}»`,
        }),
        // Once stamped by the disciplinare the flag stays; the officer may add it.
        not_usable_admin:
          row.not_usable_admin === 1 || input.notUsableForAdministrativeOffences === true ? 1 : 0,
      };
      await this.d.repo.update(row.id, patch, tx);
      await this.d.audit.record(tx, actorOf(auth), {
        action: 'bodycam.categorize',
        objectType: 'bodycam_clip',
        objectId: row.id,
        caseRef: input.linkedRef ?? null,
        details: {
          before: { category: row.category, activationReason: row.activation_reason },
          category: cat.code,
          activationReason: input.activationReason,
          subjectsWarned: input.subjectsWarned,
          retainUntil: isoOrNull(patch.retain_until ?? null),
        },
      });
      return { ...row, ...patch };
    });
    return this.toClip(row);
  }

  /** May this user view the footage? Only roles the clip's category permits (B5). */
  async assertMayView(auth: AuthContext, row: BodycamClipsTable): Promise<void> {
    const version = await this.d.disciplinare.version(row.disciplinare_id);
    const cat = version.rules.categories.find((c) => c.code === row.category);
    const owner = this.isOwner(auth, row);
    const viewer = auth.permissions.has('bodycam.view');
    if (!owner && !viewer) throw new NotFound('clip', row.id);
    if (!cat) {
      // Not yet categorized: its officer (to categorize it) and the designated viewers.
      return;
    }
    if (!cat.viewRoles.includes(auth.role)) {
      throw new Forbidden(
        `Il disciplinare v${version.number} non consente al ruolo ${auth.role} di visionare le clip «${cat.label}»`,
        'category_forbidden',
      );
    }
    if (auth.role === 'officer' && !owner) throw new NotFound('clip', row.id);
  }

  /**
   * Grants playback or download after the viewer states a reason and a case reference; the
   * viewing is audited (L1, B5). Returns a signed URL bound to the user and the clip.
   */
  async requestView(auth: AuthContext, id: string, input: ViewRequest) {
    const row = await this.require(id);
    if (row.deleted_at !== null)
      throw new Conflict(`La clip ${id} è stata cancellata (${row.deleted_cause})`);
    await this.assertMayView(auth, row);
    const expires = this.d.clock.now() + GRANT_MS;
    const download = input.purpose === 'download';
    await this.d.audit.recordAlone(actorOf(auth), {
      action: download ? 'bodycam.download' : 'bodycam.view',
      objectType: 'bodycam_clip',
      objectId: id,
      reason: input.reason,
      caseRef: input.caseRef,
      details: {
        serial: row.device_serial,
        officerId: row.officer_id,
        category: row.category,
        recordedStart: isoOrNull(row.recorded_start),
        notUsableForAdministrativeOffences: row.not_usable_admin === 1,
      },
    });
    const token = this.sign(auth.userId, id, expires, download);
    return {
      url: `/api/bodycams/clips/${id}/video?grant=${token}`,
      expiresAt: isoOrNull(expires) ?? '',
      notUsableForAdministrativeOffences: row.not_usable_admin === 1,
    };
  }

  private sign(userId: string, clipId: string, expires: number, download: boolean): string {
    const body = `${expires}.${download ? 'd' : 'p'}`;
    const mac = createHmac('sha256', this.d.secret)
      .update(`bodycam-view|${userId}|${clipId}|${body}`)
      .digest('base64url');
    return `${body}.${mac}`;
  }

  /** Opens the footage for a grant issued to this user for this clip. */
  async open(
    auth: AuthContext,
    id: string,
    grant: string,
    range: { start: number; end: number } | null,
  ): Promise<{
    stream: Readable;
    bytes: number;
    total: number;
    download: boolean;
    fileName: string;
    notUsable: boolean;
  }> {
    const [exp, kind] = grant.split('.');
    const expires = Number(exp);
    if (
      !Number.isFinite(expires) ||
      expires < this.d.clock.now() ||
      (kind !== 'd' && kind !== 'p') ||
      !safeEqual(grant, this.sign(auth.userId, id, expires, kind === 'd'))
    ) {
      throw new Forbidden(
        'Autorizzazione alla visione scaduta o non valida: indicare di nuovo motivo e riferimento',
        'view_grant_invalid',
      );
    }
    const row = await this.require(id);
    if (row.deleted_at !== null) throw new NotFound('clip', id);
    await this.assertMayView(auth, row);
    const file = this.d.storage.localPath(row.storage_key);
    let stream: Readable;
    let bytes = row.bytes;
    if (range && file) {
      const { createReadStream } = await import('node:fs');
      const end = Math.min(range.end, row.bytes - 1);
      stream = createReadStream(file, { start: range.start, end });
      bytes = end - range.start + 1;
    } else {
      stream = await this.d.storage.get(row.storage_key);
    }
    return {
      stream,
      bytes,
      total: row.bytes,
      download: kind === 'd',
      fileName: `bodycam-${row.device_serial}-${new Date(row.recorded_start).toISOString().replace(/[:.]/g, '-')}${row.storage_key.slice(row.storage_key.lastIndexOf('.'))}`,
      notUsable: row.not_usable_admin === 1,
    };
  }

  /** Places a legal hold (AG/PG, defence request): the clip is kept until released. */
  async hold(actor: AuditActor, id: string, reason: string): Promise<Clip> {
    return this.setHold(actor, id, reason, true);
  }

  async release(actor: AuditActor, id: string, reason: string): Promise<Clip> {
    return this.setHold(actor, id, reason, false);
  }

  private async setHold(actor: AuditActor, id: string, reason: string, on: boolean): Promise<Clip> {
    const row = await this.d.db.transaction().execute(async (tx) => {
      const row = await this.d.repo.get(id, tx);
      if (!row || row.deleted_at !== null) throw new NotFound('clip', id);
      if ((row.legal_hold === 1) === on) {
        throw new Conflict(
          on ? 'La clip è già sotto blocco legale' : 'La clip non è sotto blocco legale',
        );
      }
      let retain = row.retain_until;
      if (!on) {
        const version = await this.d.disciplinare.version(row.disciplinare_id, tx);
        const cat = version.rules.categories.find((c) => c.code === row.category);
        // Released: the category's retention applies again (at least 24 h from now to review).
        const base = cat && !cat.legalHold ? retainUntilFor(cat, row.recorded_end) : null;
        retain = Math.max(base ?? 0, this.d.clock.now() + 24 * 3_600_000);
      }
      const patch = {
        legal_hold: on ? 1 : 0,
        legal_hold_reason: on ? reason : null,
        retain_until: on ? row.retain_until : retain,
      };
      await this.d.repo.update(id, patch, tx);
      await this.d.audit.record(tx, actor, {
        action: on ? 'bodycam.hold' : 'bodycam.release',
        objectType: 'bodycam_clip',
        objectId: id,
        reason,
        details: { retainUntil: isoOrNull(patch.retain_until) },
      });
      return { ...row, ...patch };
    });
    return this.toClip(row);
  }

  /**
   * Retention by category (B4): deletes every clip whose retention has passed and that no legal
   * hold protects; the file goes first, then the row is marked deleted with an audit entry.
   */
  async purge(): Promise<{ clips: number; bytes: number }> {
    const now = this.d.clock.now();
    let clips = 0;
    let bytes = 0;
    for (;;) {
      const batch = await this.d.repo.expired(now, PURGE_BATCH);
      for (const row of batch) {
        // Checked again inside the transaction: a hold placed meanwhile wins. The file goes
        // after the commit, so a held clip never loses its file.
        const gone = await this.d.db.transaction().execute(async (tx) => {
          const fresh = await this.d.repo.get(row.id, tx);
          if (
            !fresh ||
            fresh.deleted_at !== null ||
            fresh.legal_hold === 1 ||
            fresh.retain_until === null ||
            fresh.retain_until > now
          ) {
            return false;
          }
          await this.d.repo.update(row.id, { deleted_at: now, deleted_cause: 'retention' }, tx);
          await this.d.audit.record(tx, SYSTEM_ACTOR, {
            action: 'bodycam.clip.delete',
            objectType: 'bodycam_clip',
            objectId: row.id,
            reason: 'conservazione scaduta',
            details: {
              serial: row.device_serial,
              officerId: row.officer_id,
              category: row.category,
              retainUntil: isoOrNull(row.retain_until),
              bytes: row.bytes,
              sha256: row.sha256,
            },
          });
          return true;
        });
        if (!gone) continue;
        await this.d.storage.delete(row.storage_key);
        clips++;
        bytes += row.bytes;
      }
      if (batch.length < PURGE_BATCH) break;
    }
    if (clips > 0) this.d.log.info({ clips, bytes }, 'bodycam retention purge');
    return { clips, bytes };
  }

  async ingestLog(limit: number, outcome?: string) {
    return (await this.d.repo.ingestLog(limit, outcome)).map((r) => ({
      id: r.id,
      at: isoOrNull(r.at) ?? '',
      serial: r.device_serial,
      fileName: r.file_name,
      bytes: r.bytes,
      sha256: r.sha256,
      outcome: r.outcome,
      reason: r.reason,
      clipId: r.clip_id,
      storageKey: r.storage_key,
    }));
  }
}
