import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/database.js';
import { StableFileScanner, type StableFile } from '../../../platform/files/stable-files.js';
import type { RecordingProbe } from '../../../platform/ffmpeg/probe-recording.js';
import type { Logger } from '../../../platform/log/logger.js';
import type { Storage } from '../../../platform/storage/storage.js';
import type { AuditService } from '../../audit/audit.service.js';
import type { ClipsRepository } from '../clips/clips.repository.js';
import type { DisciplinareService } from '../disciplinare/disciplinare.service.js';
import type { FleetService } from '../fleet/fleet.service.js';
import { IngestPipeline, SIDECARS, type IngestResult } from './ingest-pipeline.js';

export type { IngestResult } from './ingest-pipeline.js';

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

/**
 * The docking-station ingest (B3): takes each stable file from `<dock>/<serial>/` and hands it
 * to the shared per-file pipeline (copy hashing in the same pass, verified re-read, probe,
 * registration, source deleted last): the device is wiped only after a verified transfer.
 */
export class DockIngestService {
  private readonly scanner: StableFileScanner;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<IngestResult[]> | null = null;
  /** Files to leave alone until a time (after a failed verification or a kept duplicate). */
  private readonly deferred = new Map<string, { until: number; bytes: number; mtimeMs: number }>();
  private started = false;
  /** The per-file ingest, shared with the resumable upload. */
  readonly pipeline: IngestPipeline;

  constructor(private readonly d: Deps) {
    this.scanner = new StableFileScanner(d.settings.dockDir, d.settings.stableMs);
    this.pipeline = new IngestPipeline({
      ...d,
      stagingDir: d.settings.stagingDir,
      copyAttempts: d.settings.copyAttempts,
    });
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

  /** Ingests one dock file through the shared pipeline; a kept source is deferred. */
  async ingestFile(f: StableFile): Promise<IngestResult> {
    const result = await this.pipeline.ingest({
      origin: 'dock',
      serial: f.folder,
      name: f.name,
      path: f.path,
      bytes: f.bytes,
      mtimeMs: f.mtimeMs,
      sidecarDir: path.dirname(f.path),
      remove: (withSidecars) => this.removeSource(f, withSidecars),
    });
    if (result.retryAfterMs !== undefined) this.defer(f, result.retryAfterMs);
    return result;
  }

  /** The source (and its sidecars) leaves the dock only after a verified, registered copy. */
  private async removeSource(f: StableFile, withSidecars: boolean): Promise<void> {
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
