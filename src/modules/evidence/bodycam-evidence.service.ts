import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Clock } from '../../platform/clock.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { toJson } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import type { Logger } from '../../platform/log/logger.js';
import type { AuditService } from '../audit/audit.service.js';
import { SYSTEM_ACTOR } from '../audit/audit.types.js';
import type { Operator } from './acquisition.service.js';
import type { BodycamClipEntry } from './bodycam-manifest.js';
import { recordAcquisitionFailure } from './acquisition-failure.js';
import type { EvidenceRepository } from './evidence.repository.js';
import { orderedId } from './ordered-id.js';
import type { PackageBuilder } from './package-builder.js';
import { compactUtc } from './rome-time.js';

/** One bodycam clip to package: its stored file and what the manifest says of it. */
export interface BodycamEvidenceClip extends Omit<BodycamClipEntry, 'path'> {
  storageKey: string;
  bytes: number;
}

export interface BodycamEvidenceInput {
  operator: Operator;
  reason: string;
  caseRef: string;
  clips: BodycamEvidenceClip[];
  /**
   * Runs in the registration's transaction (the bodycams module puts the clips on legal hold
   * and audits them there): the item and the clips' state commit together or not at all.
   */
  inRegistration: (tx: Tx, evidence: { id: string; number: string }) => Promise<void>;
}

export interface RegisteredEvidence {
  id: string;
  number: string;
  manifestSha256: string;
  files: number;
  totalBytes: number;
}

/**
 * How an evidence item from bodycam clips is marked in the register: its camera_id (no fixed
 * camera) is this prefix and the devices' serials. Fixed cameras have UUIDs. The monthly report
 * counts the shares of bodycam evidence by it.
 */
export const BODYCAM_SOURCE_PREFIX = 'bodycam:';

const romeYear = (ms: number) =>
  Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Rome', year: 'numeric' }).format(ms));

/**
 * Bodycam clips exported as evidence (issue 8 §6) through the same signed package and register
 * as CCTV footage: numbered like every acquisition (AQ-YYYY-NNNNNN, so acquisitions and
 * registrations still match), the package built from the original files, and the item, its
 * files, custody, audit and the caller's own changes registered in one transaction.
 */
export class BodycamEvidenceService {
  constructor(
    private readonly d: {
      db: Db;
      repo: EvidenceRepository;
      audit: AuditService;
      clock: Clock;
      builder: PackageBuilder;
      log: Logger;
      version: string;
    },
  ) {}

  async register(input: BodycamEvidenceInput): Promise<RegisteredEvidence> {
    const { operator: who } = input;
    const first = input.clips[0];
    if (!first) throw new AppError('no_footage', 422, 'Nessuna clip da esportare');
    const from = Math.min(...input.clips.map((c) => c.recordedStart));
    const to = Math.max(...input.clips.map((c) => c.recordedEnd));
    const serials = [...new Set(input.clips.map((c) => c.deviceSerial))];
    const source = {
      id: `${BODYCAM_SOURCE_PREFIX}${serials.join('+')}`.slice(0, 200),
      code: serials.join('+').slice(0, 100),
      name: `Bodycam ${serials.join(', ')}`.slice(0, 200),
    };
    const now = this.d.clock.now();
    const id = randomUUID();
    const number = await this.d.db.transaction().execute(async (tx) => {
      const year = romeYear(now);
      const n = await this.d.repo.nextNumber(year, tx);
      const number = `AQ-${year}-${String(n).padStart(6, '0')}`;
      await this.d.repo.insertAcquisition(
        {
          id,
          number,
          camera_id: source.id,
          camera_code: source.code,
          from_ms: from,
          to_ms: to,
          reason: input.reason,
          request_id: null,
          request_number: null,
          case_ref: input.caseRef,
          operator_id: who.userId,
          operator_username: who.username,
          operator_name: who.name,
          operator_ip: who.actor.ip,
          status: 'running',
          progress: 0,
          stage: 'clip',
          error_code: null,
          error: null,
          attempts: 1,
          hold_id: null,
          job_id: null,
          created_at: now,
          started_at: now,
          finished_at: null,
          updated_at: now,
        },
        tx,
      );
      await this.d.audit.record(tx, who.actor, {
        action: 'evidence.acquire',
        objectType: 'acquisition',
        objectId: id,
        reason: input.reason,
        caseRef: input.caseRef,
        details: {
          number,
          source: 'bodycam',
          clips: input.clips.map((c) => c.clipId),
          devices: serials,
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
        },
      });
      return number;
    });

    const names = new Set<string>();
    const entries = input.clips.map((c, i) => {
      const ext = path.extname(c.storageKey).toLowerCase() || '.mp4';
      let rel = `clip/${c.deviceSerial}_${compactUtc(c.recordedStart)}${ext}`;
      if (names.has(rel)) rel = rel.replace(ext, `_${String(i + 1).padStart(2, '0')}${ext}`);
      names.add(rel);
      return { clip: c, path: rel };
    });
    try {
      const built = await this.d.builder.buildFromFiles({
        id,
        number,
        createdAt: now,
        softwareVersion: this.d.version,
        camera: null,
        bodycam: {
          clips: entries.map(({ clip, path: rel }) => {
            const { storageKey: _k, bytes: _b, ...entry } = clip;
            return { ...entry, path: rel };
          }),
        },
        requested: { from, to },
        operator: { userId: who.userId, username: who.username, name: who.name },
        request: null,
        caseRef: input.caseRef,
        reason: input.reason,
        files: entries.map(({ clip, path: rel }) => ({
          storageKey: clip.storageKey,
          path: rel,
          bytes: clip.bytes,
          sha256: clip.sha256,
          mediaType: rel.endsWith('.mp4') ? 'video/mp4' : 'application/octet-stream',
          from: clip.recordedStart,
          to: clip.recordedEnd,
        })),
      });
      const at = this.d.clock.now();
      try {
        await this.d.db.transaction().execute(async (tx) => {
          await this.d.repo.insertItem(
            {
              id,
              number,
              acquisition_id: id,
              camera_id: source.id,
              camera_code: source.code,
              camera_name: source.name,
              requested_from_ms: from,
              requested_to_ms: to,
              actual_from_ms: built.actual.from,
              actual_to_ms: built.actual.to,
              reason: input.reason,
              request_id: null,
              request_number: null,
              case_ref: input.caseRef,
              operator_id: who.userId,
              operator_username: who.username,
              operator_name: who.name,
              storage_prefix: built.prefix,
              manifest_sha256: built.manifestSha256,
              key_fingerprint: this.d.builder.fingerprint,
              total_bytes: built.totalBytes,
              gaps: '[]',
              retain_until: null,
              legal_hold: 0,
              legal_hold_reason: null,
              created_at: at,
            },
            built.files.map((f, i) => ({
              evidence_id: id,
              path: f.path,
              kind: f.kind,
              bytes: f.bytes,
              sha256: f.sha256,
              storage_key: f.storageKey,
              media_type: f.mediaType,
              position: i,
            })),
            tx,
          );
          await this.d.repo.updateAcquisition(
            id,
            { status: 'done', progress: 1, stage: null, finished_at: at, updated_at: at },
            tx,
          );
          await this.d.repo.addCustody(
            {
              id: orderedId(at),
              evidence_id: id,
              at,
              action: 'register',
              actor_id: who.userId,
              actor_username: who.username,
              ip: who.actor.ip,
              reason: input.reason,
              recipient: null,
              details: toJson({
                source: 'bodycam',
                clips: input.clips.map((c) => c.clipId),
                manifestSha256: built.manifestSha256,
                files: built.files.length,
                bytes: built.totalBytes,
              }),
            },
            tx,
          );
          await this.d.audit.record(tx, SYSTEM_ACTOR, {
            action: 'evidence.register',
            objectType: 'evidence',
            objectId: id,
            reason: input.reason,
            caseRef: input.caseRef,
            details: {
              number,
              source: 'bodycam',
              devices: serials,
              operator: who.username,
              manifestSha256: built.manifestSha256,
              files: built.files.length,
              bytes: built.totalBytes,
            },
          });
          await input.inRegistration(tx, { id, number });
        });
      } catch (err: unknown) {
        await this.d.builder.discard(built);
        throw err;
      }
      return {
        id,
        number,
        manifestSha256: built.manifestSha256,
        files: built.files.length,
        totalBytes: built.totalBytes,
      };
    } catch (err: unknown) {
      await this.failed(id, number, input, err);
      throw err;
    }
  }

  /** A failed export stays numbered and visible, with its error (nothing registered). */
  private async failed(
    id: string,
    number: string,
    input: BodycamEvidenceInput,
    err: unknown,
  ): Promise<void> {
    try {
      await recordAcquisitionFailure(this.d, id, err, {
        number,
        reason: input.reason,
        caseRef: input.caseRef,
        source: 'bodycam',
      });
    } catch (e: unknown) {
      this.d.log.error({ err: e, acquisition: number }, 'failed bodycam export not recorded');
    }
    this.d.log.warn({ acquisition: number, err }, 'bodycam export failed');
  }
}
