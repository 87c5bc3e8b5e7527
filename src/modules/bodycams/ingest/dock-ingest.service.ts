import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/database.js';
import { toJson } from '../../../platform/db/database.js';
import { errorMessage } from '../../../platform/errors.js';
import { copyWithHash, hashStream } from '../../../platform/files/copy-with-hash.js';
import { StableFileScanner, type StableFile } from '../../../platform/files/stable-files.js';
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
const SIDECARS = new Set(['.gpx', '.srt', '.nmea']);
const VIDEO = new Set(['.mp4', '.mov', '.avi', '.mkv', '.m4v', '.ts', '.mts', '.3gp']);

export interface IngestSettings {
  dockDir: string;
  /** Work folder on the same disk as storage: partial copies, removed on every start. */
  stagingDir: string;
  stableMs: number;
  pollMs: number;
  /** Copies of one file attempted in one pass when the stored copy fails verification. */
  copyAttempts: number;
  /** Files processed at once (hashing is CPU-bound: two cores, two files). */
  concurrency: number;
}

export interface IngestResult {
  file: string;
  serial: string;
  outcome: IngestOutcome | 'deferred';
  clipId: string | null;
  reason: string | null;
}

interface Deps {
  db: Db;
  storage: Storage;
  clips: ClipsRepository;
  fleet: FleetService;
  disciplinare: DisciplinareService;
  audit: AuditService;
  clock: Clock;
  log: Logger;
  probe: (file: string) => Promise<RecordingProbe>;
  settings: IngestSettings;
}

class Unusable extends Error {}

/**
 * The docking-station ingest (B3): takes each stable file from `<dock>/<serial>/`, copies it into
 * storage hashing in the same pass, verifies the stored copy by re-reading it, probes it,
 * registers the clip (officer from the issuing register) in one transaction, and only then
 * deletes the source: the device is wiped only after a verified transfer.
 */
export class DockIngestService {
  private readonly scanner: StableFileScanner;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<IngestResult[]> | null = null;
  /** Files to leave alone until a time (after a failed verification or a kept duplicate). */
  private readonly deferred = new Map<string, { until: number; bytes: number; mtimeMs: number }>();
  private started = false;

  constructor(private readonly d: Deps) {
    this.scanner = new StableFileScanner(d.settings.dockDir, d.settings.stableMs);
  }

  /** Removes partial copies left by an interrupted ingest, then watches the dock folder. */
  async start(): Promise<void> {
    await this.recover();
    this.started = true;
    const tick = () => {
      void this.runOnce().catch((err: unknown) =>
        this.d.log.error({ err }, 'bodycam dock ingest pass failed'),
      );
    };
    this.timer = setInterval(tick, this.d.settings.pollMs);
    this.timer.unref();
    tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Cleans the staging folder: a copy interrupted by a crash is discarded and redone. */
  async recover(): Promise<number> {
    await mkdir(this.d.settings.stagingDir, { recursive: true });
    await mkdir(this.d.settings.dockDir, { recursive: true });
    let removed = 0;
    for (const name of await readdir(this.d.settings.stagingDir)) {
      await rm(path.join(this.d.settings.stagingDir, name), { force: true, recursive: true });
      removed++;
      await this.d.clips.log({
        id: randomUUID(),
        at: this.d.clock.now(),
        device_serial: name.split('__')[0] ?? '',
        file_name: name,
        bytes: null,
        sha256: null,
        outcome: 'interrupted_cleanup',
        reason:
          'copia parziale di un’acquisizione interrotta rimossa: il file resta nel dock e viene ripreso',
        clip_id: null,
        storage_key: null,
      });
    }
    if (removed > 0)
      this.d.log.warn(
        { removed },
        'bodycam ingest: partial copies of an interrupted ingest removed',
      );
    return removed;
  }

  /** One pass over the dock folder (also called by tests and the CLI). Passes never overlap. */
  runOnce(): Promise<IngestResult[]> {
    if (this.running) return this.running;
    this.running = this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<IngestResult[]> {
    if (!this.started) await this.recover().then(() => (this.started = true));
    await this.d.disciplinare.ensureSeeded();
    const now = Date.now();
    const files = (await this.scanner.scan()).filter((f) => {
      const ext = path.extname(f.name).toLowerCase();
      if (SIDECARS.has(ext)) return false;
      const d = this.deferred.get(f.path);
      if (d && d.until > now && d.bytes === f.bytes && d.mtimeMs === f.mtimeMs) return false;
      return true;
    });
    const results: IngestResult[] = [];
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const f = files[next++] as StableFile;
        results.push(await this.ingestFile(f));
      }
    };
    await Promise.all(
      Array.from({ length: Math.max(1, this.d.settings.concurrency) }, () => worker()),
    );
    return results;
  }

  private defer(f: StableFile, ms: number) {
    this.deferred.set(f.path, { until: Date.now() + ms, bytes: f.bytes, mtimeMs: f.mtimeMs });
  }

  private staging(f: StableFile): string {
    return path.join(
      this.d.settings.stagingDir,
      `${f.folder}__${randomBytes(6).toString('hex')}__${f.name.replace(/[^\w.-]/g, '_')}.part`,
    );
  }

  /** Ingests one file; every outcome is written to the ingest log. */
  async ingestFile(f: StableFile): Promise<IngestResult> {
    const serial = f.folder;
    const result = (
      outcome: IngestResult['outcome'],
      clipId: string | null,
      reason: string | null,
    ) => ({
      file: f.name,
      serial,
      outcome,
      clipId,
      reason,
    });
    try {
      if (!VIDEO.has(path.extname(f.name).toLowerCase())) {
        throw new Unusable(
          `estensione ${path.extname(f.name) || '(nessuna)'} non riconosciuta come video`,
        );
      }
      if (f.bytes === 0) throw new Unusable('file vuoto');
      for (let attempt = 1; ; attempt++) {
        const outcome = await this.copyVerifyRegister(f, attempt);
        if (outcome) return outcome;
        if (attempt >= this.d.settings.copyAttempts) {
          const reason = `copia non verificata dopo ${attempt} tentativi: file conservato nel dock, nuovo tentativo più tardi`;
          this.defer(f, 60_000);
          this.d.log.error({ serial, file: f.name }, 'bodycam ingest: stored copy never verified');
          return result('hash_mismatch', null, reason);
        }
      }
    } catch (err: unknown) {
      if (err instanceof Unusable) return this.quarantine(f, err.message);
      this.defer(f, 30_000);
      const reason = errorMessage(err);
      this.d.log.error({ err, serial, file: f.name }, 'bodycam ingest failed; source kept');
      await this.logOutcome(f, 'failed', reason, null, null, null).catch(() => undefined);
      return result('failed', null, reason);
    }
  }

  /**
   * One attempt: copy with hash, then duplicate check, probe, store, verify, register, delete
   * the source. Returns null when the stored copy failed verification (the caller retries).
   */
  private async copyVerifyRegister(f: StableFile, attempt: number): Promise<IngestResult | null> {
    const serial = f.folder;
    const tmp = this.staging(f);
    try {
      const copied = await copyWithHash(f.path, tmp);
      const existing = await this.d.clips.bySha256(copied.sha256);
      if (existing) return await this.duplicate(f, copied.sha256, existing);

      let probe: RecordingProbe;
      try {
        probe = await this.d.probe(tmp);
      } catch (err: unknown) {
        throw new Unusable(
          `ffprobe non legge il file: ${errorMessage(err).split('\n').slice(-2).join(' ').trim()}`,
        );
      }
      if (!probe.codec) throw new Unusable('nessuna traccia video nel file');
      const gps = await this.sidecarGps(f);
      const key = `bodycams/clips/${serial}/${copied.sha256}${path.extname(f.name).toLowerCase()}`;
      await this.d.storage.adopt(key, tmp);
      const stored = await hashStream(await this.d.storage.get(key));
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
      await this.removeSource(f);
      return { file: f.name, serial, outcome: 'ingested', clipId, reason: null };
    } finally {
      await rm(tmp, { force: true });
    }
  }

  private async duplicate(
    f: StableFile,
    sha256: string,
    existing: BodycamClipsTable,
  ): Promise<IngestResult> {
    const serial = f.folder;
    if (existing.deleted_at !== null) {
      return this.quarantine(
        f,
        `stesso contenuto della clip ${existing.id}, già cancellata per scadenza: file messo da parte`,
      );
    }
    let verified = false;
    try {
      const stored = await hashStream(await this.d.storage.get(existing.storage_key));
      verified = stored.sha256 === sha256;
    } catch {
      verified = false;
    }
    if (!verified) {
      const reason = `duplicato della clip ${existing.id}, ma la copia archiviata non risulta integra: file conservato nel dock`;
      await this.logOutcome(f, 'duplicate', reason, sha256, existing.id, null);
      this.defer(f, 10 * 60_000);
      this.d.log.error(
        { serial, clipId: existing.id },
        'bodycam ingest: stored copy of a duplicate does not verify',
      );
      return { file: f.name, serial, outcome: 'duplicate', clipId: existing.id, reason };
    }
    const reason = `già acquisito come clip ${existing.id} (copia archiviata verificata identica): file rimosso dal dock`;
    await this.d.db.transaction().execute(async (tx) => {
      await this.logOutcome(f, 'duplicate', reason, sha256, existing.id, null, tx);
      await this.d.audit.record(tx, SYSTEM_ACTOR, {
        action: 'bodycam.ingest.duplicate',
        objectType: 'bodycam_clip',
        objectId: existing.id,
        details: { serial, file: f.name, sha256 },
      });
    });
    await this.removeSource(f);
    return { file: f.name, serial, outcome: 'duplicate', clipId: existing.id, reason };
  }

  /** Moves an unusable file out of the dock into storage (never dropped), with the reason. */
  private async quarantine(f: StableFile, reason: string): Promise<IngestResult> {
    const serial = f.folder;
    const tmp = this.staging(f);
    try {
      const copied = await copyWithHash(f.path, tmp);
      const key = `bodycams/quarantine/${serial}/${copied.sha256.slice(0, 16)}-${f.name.replace(/[^\w.-]/g, '_')}`;
      await this.d.storage.adopt(key, tmp);
      const stored = await hashStream(await this.d.storage.get(key));
      if (stored.sha256 !== copied.sha256) {
        await this.d.storage.delete(key);
        this.defer(f, 60_000);
        return {
          file: f.name,
          serial,
          outcome: 'hash_mismatch',
          clipId: null,
          reason: 'copia in quarantena non verificata: file conservato',
        };
      }
      await this.d.db.transaction().execute(async (tx) => {
        await this.logOutcome(f, 'quarantined', reason, copied.sha256, null, key, tx);
        await this.d.audit.record(tx, SYSTEM_ACTOR, {
          action: 'bodycam.ingest.quarantine',
          objectType: 'bodycam_file',
          objectId: key,
          reason,
          details: { serial, file: f.name, bytes: copied.bytes, sha256: copied.sha256 },
        });
      });
      await this.removeSource(f, false);
      this.d.log.warn({ serial, file: f.name, reason }, 'bodycam ingest: file quarantined');
      return { file: f.name, serial, outcome: 'quarantined', clipId: null, reason };
    } finally {
      await rm(tmp, { force: true });
    }
  }

  private async sidecarGps(f: StableFile): Promise<{ points: GpsPoint[]; source: string } | null> {
    const base = f.name.slice(0, f.name.length - path.extname(f.name).length);
    for (const ext of ['.gpx', '.GPX']) {
      try {
        const xml = await readFile(path.join(path.dirname(f.path), base + ext), 'utf8');
        return { points: parseGpx(xml), source: 'gpx' };
      } catch (err: unknown) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    return null;
  }

  /** Registers the clip, its log entry and the audit entry together; null on a hash already registered. */
  private async register(
    f: StableFile,
    key: string,
    copied: { bytes: number; sha256: string },
    probe: RecordingProbe,
    gps: { points: GpsPoint[]; source: string } | null,
  ): Promise<string | null> {
    const serial = f.folder;
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
          source: 'dock',
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

  private async logOutcome(
    f: StableFile,
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
        device_serial: f.folder,
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

  /** The source (and its sidecars) leaves the dock only after a verified, registered copy. */
  private async removeSource(f: StableFile, withSidecars = true): Promise<void> {
    this.scanner.forget(f.path);
    this.deferred.delete(f.path);
    await unlink(f.path).catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    });
    if (!withSidecars) return;
    const base = f.path.slice(0, f.path.length - path.extname(f.path).length);
    for (const ext of SIDECARS) {
      for (const e of [ext, ext.toUpperCase()]) await rm(base + e, { force: true });
    }
  }
}
