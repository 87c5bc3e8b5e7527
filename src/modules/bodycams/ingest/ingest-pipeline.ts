import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/database.js';
import { toJson } from '../../../platform/db/database.js';
import { errorMessage } from '../../../platform/errors.js';
import { copyWithHash, verifyStored } from '../../../platform/files/copy-with-hash.js';
import type { RecordingProbe } from '../../../platform/ffmpeg/probe-recording.js';
import type { Logger } from '../../../platform/log/logger.js';
import type { Storage } from '../../../platform/storage/storage.js';
import type { AuditService } from '../../audit/audit.service.js';
import { SYSTEM_ACTOR } from '../../audit/audit.types.js';
import type { BodycamClipsTable, IngestOutcome } from '../bodycams.tables.js';
import { clipFlags, HOUR_MS, uncategorizedRetentionHours } from '../clips/clip-rules.js';
import type { ClipsRepository } from '../clips/clips.repository.js';
import type { DisciplinareService } from '../disciplinare/disciplinare.service.js';
import type { FleetService } from '../fleet/fleet.service.js';
import { parseGpx, type GpsPoint } from './gpx.js';

/** Sidecars travel with their video (same base name) and are not ingested on their own. */
export const SIDECARS = new Set(['.gpx', '.srt', '.nmea']);
export const VIDEO = new Set(['.mp4', '.mov', '.avi', '.mkv', '.m4v', '.ts', '.mts', '.3gp']);

/**
 * One file to ingest, wherever it came from: a dock folder (`<dock>/<serial>/<name>`) or a
 * completed resumable upload (the upload's data file, with the name and serial it declared).
 */
export interface IngestSource {
  origin: 'dock' | 'upload';
  serial: string;
  /** The file's own name on the device (what the ingest log and the clip keep). */
  name: string;
  /** Where its bytes are now. */
  path: string;
  bytes: number;
  /** The file's time on the device: the last resort for the recording start. */
  mtimeMs: number;
  /** Folder to look in for a `.gpx` with the same base name (the dock's folder), or null. */
  sidecarDir: string | null;
  /** Removes the source (with its sidecars when asked): called only after verified storage. */
  remove(withSidecars: boolean): Promise<void>;
}

export interface IngestResult {
  file: string;
  serial: string;
  outcome: IngestOutcome | 'deferred';
  clipId: string | null;
  reason: string | null;
  /** The source was kept: try it again after this many milliseconds. */
  retryAfterMs?: number;
}

export interface PipelineDeps {
  db: Db;
  storage: Storage;
  clips: ClipsRepository;
  fleet: FleetService;
  disciplinare: DisciplinareService;
  audit: AuditService;
  clock: Clock;
  log: Logger;
  probe: (file: string) => Promise<RecordingProbe>;
  /** Work folder on the same disk as storage for partial copies (cleaned by its owner on start). */
  stagingDir: string;
  /** Copies of one file attempted when the stored copy fails verification. */
  copyAttempts: number;
}

class Unusable extends Error {}

/**
 * The per-file ingest (B3), shared by the dock folder and the resumable upload: copy into
 * storage hashing in the same pass, verify the stored copy by re-reading it while it is
 * fsynced, probe (while copying), register the clip (officer from the issuing register) in one
 * transaction with its audit entry, and only then remove the source. Duplicates (same hash)
 * and unusable files (quarantined, never dropped) are recognized; every outcome is written to
 * the ingest log.
 */
export class IngestPipeline {
  constructor(private readonly d: PipelineDeps) {}

  private staging(f: IngestSource): string {
    return path.join(
      this.d.stagingDir,
      `${f.serial}__${randomBytes(6).toString('hex')}__${f.name.replace(/[^\w.-]/g, '_')}.part`,
    );
  }

  /** Ingests one file; every outcome is written to the ingest log. */
  async ingest(f: IngestSource): Promise<IngestResult> {
    const serial = f.serial;
    try {
      if (!VIDEO.has(path.extname(f.name).toLowerCase())) {
        throw new Unusable(
          `estensione ${path.extname(f.name) || '(nessuna)'} non riconosciuta come video`,
        );
      }
      if (f.bytes === 0) throw new Unusable('file vuoto');
      await mkdir(this.d.stagingDir, { recursive: true });
      for (let attempt = 1; ; attempt++) {
        const outcome = await this.copyVerifyRegister(f, attempt);
        if (outcome) return outcome;
        if (attempt >= this.d.copyAttempts) {
          const where = f.origin === 'dock' ? 'nel dock' : 'tra i caricamenti';
          const reason = `copia non verificata dopo ${attempt} tentativi: file conservato ${where}, nuovo tentativo più tardi`;
          this.d.log.error({ serial, file: f.name }, 'bodycam ingest: stored copy never verified');
          return {
            file: f.name,
            serial,
            outcome: 'hash_mismatch',
            clipId: null,
            reason,
            retryAfterMs: 60_000,
          };
        }
      }
    } catch (err: unknown) {
      if (err instanceof Unusable) return this.quarantine(f, err.message);
      const reason = errorMessage(err);
      this.d.log.error({ err, serial, file: f.name }, 'bodycam ingest failed; source kept');
      await this.logOutcome(f, 'failed', reason, null, null, null).catch(() => undefined);
      return {
        file: f.name,
        serial,
        outcome: 'failed',
        clipId: null,
        reason,
        retryAfterMs: 30_000,
      };
    }
  }

  /**
   * One attempt: copy with hash, then duplicate check, probe, store, verify, register, remove
   * the source. Returns null when the stored copy failed verification (the caller retries).
   */
  private async copyVerifyRegister(f: IngestSource, attempt: number): Promise<IngestResult | null> {
    const serial = f.serial;
    const tmp = this.staging(f);
    try {
      // ffprobe reads the source while it is copied (its header and index only): the copy's
      // hash proves the stored bytes are the same, and the probe's start-up time is hidden.
      const probing = this.d.probe(f.path).then(
        (p) => ({ probe: p, error: null }),
        (err: unknown) => ({ probe: null, error: err }),
      );
      // Not fsynced here: the stored copy is made durable while it is verified, below.
      const copied = await copyWithHash(f.path, tmp, { sync: false });
      const existing = await this.d.clips.bySha256(copied.sha256);
      if (existing) return await this.duplicate(f, copied.sha256, existing);

      const probed = await probing;
      const probe: RecordingProbe | null = probed.probe;
      if (!probe) {
        throw new Unusable(
          `ffprobe non legge il file: ${errorMessage(probed.error).split('\n').slice(-2).join(' ').trim()}`,
        );
      }
      if (!probe.codec) throw new Unusable('nessuna traccia video nel file');
      const gps = await this.sidecarGps(f);
      const key = `bodycams/clips/${serial}/${copied.sha256}${path.extname(f.name).toLowerCase()}`;
      await this.d.storage.adopt(key, tmp);
      // Re-read and fsynced at once: verified and durable before it is registered and the
      // source removed.
      const stored = await verifyStored(this.d.storage, key, { sync: true });
      if (stored.sha256 !== copied.sha256 || stored.bytes !== copied.bytes) {
        await this.d.storage.delete(key);
        await this.logOutcome(
          f,
          'hash_mismatch',
          `tentativo ${attempt}: la copia archiviata (${stored.sha256.slice(0, 12)}…) differisce dall’originale (${copied.sha256.slice(0, 12)}…): copia eliminata, file conservato`,
          copied.sha256,
          null,
          null,
        );
        this.d.log.warn(
          { serial, file: f.name, attempt },
          'bodycam ingest: hash mismatch, retrying',
        );
        return null;
      }
      const clipId = await this.register(f, key, copied, probe, gps);
      if (clipId === null) {
        // Registered meanwhile by a concurrent pass under the same hash: a duplicate.
        const again = await this.d.clips.bySha256(copied.sha256);
        if (again) return await this.duplicate(f, copied.sha256, again);
        throw new Error('registrazione non riuscita');
      }
      await f.remove(true);
      return { file: f.name, serial, outcome: 'ingested', clipId, reason: null };
    } finally {
      await rm(tmp, { force: true });
    }
  }

  private async duplicate(
    f: IngestSource,
    sha256: string,
    existing: BodycamClipsTable,
  ): Promise<IngestResult> {
    const serial = f.serial;
    if (existing.deleted_at !== null) {
      return this.quarantine(
        f,
        `stesso contenuto della clip ${existing.id}, già cancellata per scadenza: file messo da parte`,
      );
    }
    let verified = false;
    try {
      verified = (await verifyStored(this.d.storage, existing.storage_key)).sha256 === sha256;
    } catch {
      verified = false;
    }
    if (!verified) {
      const reason = `duplicato della clip ${existing.id}, ma la copia archiviata non risulta integra: file conservato`;
      await this.logOutcome(f, 'duplicate', reason, sha256, existing.id, null);
      this.d.log.error(
        { serial, clipId: existing.id },
        'bodycam ingest: stored copy of a duplicate does not verify',
      );
      return {
        file: f.name,
        serial,
        outcome: 'duplicate',
        clipId: existing.id,
        reason,
        retryAfterMs: 10 * 60_000,
      };
    }
    const reason = `già acquisito come clip ${existing.id} (copia archiviata verificata identica): file rimosso`;
    await this.d.db.transaction().execute(async (tx) => {
      await this.logOutcome(f, 'duplicate', reason, sha256, existing.id, null, tx);
      await this.d.audit.record(tx, SYSTEM_ACTOR, {
        action: 'bodycam.ingest.duplicate',
        objectType: 'bodycam_clip',
        objectId: existing.id,
        details: { serial, file: f.name, sha256, origin: f.origin },
      });
    });
    await f.remove(true);
    return { file: f.name, serial, outcome: 'duplicate', clipId: existing.id, reason };
  }

  /** Moves an unusable file into storage (never dropped), with the reason. */
  private async quarantine(f: IngestSource, reason: string): Promise<IngestResult> {
    const serial = f.serial;
    const tmp = this.staging(f);
    try {
      await mkdir(this.d.stagingDir, { recursive: true });
      const copied = await copyWithHash(f.path, tmp);
      const key = `bodycams/quarantine/${serial}/${copied.sha256.slice(0, 16)}-${f.name.replace(/[^\w.-]/g, '_')}`;
      await this.d.storage.adopt(key, tmp);
      const stored = await verifyStored(this.d.storage, key);
      if (stored.sha256 !== copied.sha256) {
        await this.d.storage.delete(key);
        return {
          file: f.name,
          serial,
          outcome: 'hash_mismatch',
          clipId: null,
          reason: 'copia in quarantena non verificata: file conservato',
          retryAfterMs: 60_000,
        };
      }
      await this.d.db.transaction().execute(async (tx) => {
        await this.logOutcome(f, 'quarantined', reason, copied.sha256, null, key, tx);
        await this.d.audit.record(tx, SYSTEM_ACTOR, {
          action: 'bodycam.ingest.quarantine',
          objectType: 'bodycam_file',
          objectId: key,
          reason,
          details: {
            serial,
            file: f.name,
            bytes: copied.bytes,
            sha256: copied.sha256,
            origin: f.origin,
          },
        });
      });
      await f.remove(false);
      this.d.log.warn({ serial, file: f.name, reason }, 'bodycam ingest: file quarantined');
      return { file: f.name, serial, outcome: 'quarantined', clipId: null, reason };
    } finally {
      await rm(tmp, { force: true });
    }
  }

  private async sidecarGps(
    f: IngestSource,
  ): Promise<{ points: GpsPoint[]; source: string } | null> {
    if (!f.sidecarDir) return null;
    const base = f.name.slice(0, f.name.length - path.extname(f.name).length);
    for (const ext of ['.gpx', '.GPX']) {
      try {
        const xml = await readFile(path.join(f.sidecarDir, base + ext), 'utf8');
        return { points: parseGpx(xml), source: 'gpx' };
      } catch (err: unknown) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    return null;
  }

  /** Registers the clip, its log entry and the audit entry together; null on a hash already registered. */
  private async register(
    f: IngestSource,
    key: string,
    copied: { bytes: number; sha256: string },
    probe: RecordingProbe,
    gps: { points: GpsPoint[]; source: string } | null,
  ): Promise<string | null> {
    const serial = f.serial;
    const now = this.d.clock.now();
    const durationMs = Math.round((probe.durationSeconds ?? 0) * 1000);
    const firstGpsTime = gps?.points.find((p) => p.t !== null)?.t ?? null;
    const [start, timeSource] =
      probe.creationTime !== null
        ? [probe.creationTime, 'metadata' as const]
        : firstGpsTime !== null
          ? [firstGpsTime, 'gps' as const]
          : [Math.round(f.mtimeMs) - durationMs, 'file' as const];
    const end = start + durationMs;
    const points = gps?.points ?? (probe.location ? [{ ...probe.location, t: null }] : []);
    const id = randomUUID();
    try {
      await this.d.db.transaction().execute(async (tx) => {
        const device = await this.d.fleet.deviceBySerial(serial, tx);
        const issue = await this.d.fleet.issueAt(serial, start, tx);
        const version = await this.d.disciplinare.inForceAt(start, tx);
        const flags = clipFlags({
          durationMs,
          recordedStart: start,
          recordedEnd: end,
          deviceKnown: device !== undefined,
          issue: issue ? { issuedAt: issue.issued_at, returnedAt: issue.returned_at } : null,
          maxClipMinutes: version.rules.maxClipMinutes,
          now,
        });
        const row: BodycamClipsTable = {
          id,
          sha256: copied.sha256,
          bytes: copied.bytes,
          storage_key: key,
          original_name: f.name,
          source: f.origin,
          device_id: device?.id ?? null,
          device_serial: serial,
          officer_id: issue?.officer_id ?? null,
          officer_name: issue?.officer_name ?? null,
          issue_id: issue?.id ?? null,
          partner_command: issue?.partner_command ?? null,
          recorded_start: start,
          recorded_end: end,
          time_source: timeSource,
          duration_ms: durationMs,
          codec: probe.codec,
          width: probe.width,
          height: probe.height,
          gps: points.length ? toJson(points) : null,
          gps_points: points.length,
          first_lat: points[0]?.lat ?? null,
          first_lon: points[0]?.lon ?? null,
          disciplinare_id: version.id,
          disciplinare_number: version.number,
          flags: JSON.stringify(flags),
          category: null,
          activation_reason: null,
          note: null,
          subjects_warned: null,
          linked_ref: null,
          categorized_by: null,
          categorized_at: null,
          categorize_due_at: now + version.rules.categorizeWithinHours * HOUR_MS,
          retain_until: end + uncategorizedRetentionHours(version.rules) * HOUR_MS,
          legal_hold: 0,
          legal_hold_reason: null,
          not_usable_admin: version.rules.notUsableForAdministrativeOffences ? 1 : 0,
          ingested_at: now,
          deleted_at: null,
          deleted_cause: null,
        };
        await this.d.clips.insert(row, tx);
        await this.logOutcome(f, 'ingested', null, copied.sha256, id, key, tx);
        await this.d.audit.record(tx, SYSTEM_ACTOR, {
          action: 'bodycam.ingest',
          objectType: 'bodycam_clip',
          objectId: id,
          details: {
            serial,
            file: f.name,
            origin: f.origin,
            bytes: copied.bytes,
            sha256: copied.sha256,
            officerId: row.officer_id,
            recordedStart: new Date(start).toISOString(),
            durationMs,
            disciplinare: version.number,
            flags,
          },
        });
      });
    } catch (err: unknown) {
      if (await this.d.clips.bySha256(copied.sha256)) return null;
      throw err;
    }
    return id;
  }

  async logOutcome(
    f: Pick<IngestSource, 'serial' | 'name' | 'bytes'>,
    outcome: IngestOutcome,
    reason: string | null,
    sha256: string | null,
    clipId: string | null,
    key: string | null,
    ex?: Parameters<ClipsRepository['log']>[1],
  ): Promise<void> {
    await this.d.clips.log(
      {
        id: randomUUID(),
        at: this.d.clock.now(),
        device_serial: f.serial,
        file_name: f.name,
        bytes: f.bytes,
        sha256,
        outcome,
        reason,
        clip_id: clipId,
        storage_key: key,
      },
      ex,
    );
  }
}
