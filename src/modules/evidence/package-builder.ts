import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import type { SigningKey } from '../../platform/crypto/signing.js';
import { AppError } from '../../platform/errors.js';
import {
  buildConcatScript,
  buildExportArgs,
  buildKeyframeProbeArgs,
  keyframeAtOrBefore,
  parseKeyframes,
  parseProgressTime,
  type ConcatEntry,
} from '../../platform/ffmpeg/export-args.js';
import { probeMedia } from '../../platform/ffmpeg/probe.js';
import { runFfmpeg, runFfprobe, ToolFailed } from '../../platform/ffmpeg/run-tool.js';
import { planFaststart } from '../../platform/mp4/faststart.js';
import type { Storage } from '../../platform/storage/storage.js';
import {
  findGaps,
  planRuns,
  type ClipRun,
  type ExportSegment,
  type WindowGap,
} from './clip-plan.js';
import type { ManifestInput, PackageFile } from './manifest.js';
import { compactUtc } from './rome-time.js';
import { hashAndSync, linkInto, moovReservation, probeFrameRate } from './package-files.js';
import { writePackageDocuments } from './package-documents.js';

export interface BuildInput extends Omit<
  ManifestInput,
  'actual' | 'files' | 'gaps' | 'publicKeyFingerprint' | 'camera'
> {
  camera: NonNullable<ManifestInput['camera']>;
  segments: ExportSegment[];
  /** Gaps and deletions the recorder logged in the window (to name the cause of each hole). */
  knownGaps: WindowGap[];
}

/** Stored files packaged whole (bodycam clips), each with the hash it was registered with. */
export interface FilesBuildInput extends Omit<
  ManifestInput,
  'actual' | 'files' | 'gaps' | 'publicKeyFingerprint'
> {
  files: Array<{
    storageKey: string;
    path: string;
    bytes: number;
    sha256: string;
    mediaType: string;
    from: number;
    to: number;
  }>;
}

export interface StoredPackageFile extends PackageFile {
  storageKey: string;
}

export interface BuiltPackage {
  prefix: string;
  files: StoredPackageFile[];
  manifestSha256: string;
  actual: { from: number; to: number };
  gaps: WindowGap[];
  totalBytes: number;
}

export interface BuildOptions {
  signal?: AbortSignal;
  /** Called with the fraction done (0..1) and the stage, at most a few times a second. */
  onProgress?: (fraction: number, stage: string) => void;
}

/** The disk filled up while exporting: nothing is registered, and retrying after freeing space works. */
export class DiskFull extends AppError {
  constructor() {
    super(
      'disk_full',
      507,
      'Spazio su disco esaurito durante l’esportazione: nessun reperto è stato registrato e i file parziali sono stati rimossi. Liberare spazio e riprovare.',
    );
  }
}

function isNoSpace(err: unknown): boolean {
  if (err instanceof ToolFailed) return err.noSpace;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/** Counts bytes flowing through, for progress. */
function meter(onBytes: (n: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      onBytes(chunk.length);
      cb(null, chunk);
    },
  });
}

function through(source: Readable, t: Transform): Readable {
  source.once('error', (err) => t.destroy(err));
  return source.pipe(t);
}

/**
 * Builds an evidence package in storage under `evidence/<number>/`: the clips (stream copy,
 * trimmed on keyframes, moov first), the original segments, the verbale, the manifest and its
 * signature, the public key, LEGGIMI.txt and SHA256SUMS. Each byte is written once: on local
 * storage ffmpeg writes the clip in place with its index reserved at the front, the originals
 * are hard links to the recorded segments; both are hashed right after (from the page cache)
 * and fsynced once. Other files are hashed by the write that stores them (Storage.put). On any failure every file written so far is
 * removed and the error is rethrown (ENOSPC as DiskFull).
 */
export class PackageBuilder {
  constructor(
    private readonly d: {
      storage: Storage;
      signing: SigningKey;
      /** Scratch space for ffmpeg's output before it is moved into the package. */
      tmpRoot: string;
      gapToleranceMs: number;
    },
  ) {}

  /** The fingerprint of the key that signs the manifests. */
  get fingerprint(): string {
    return this.d.signing.fingerprint;
  }

  /** Removes a built package that could not be registered. */
  async discard(built: BuiltPackage): Promise<void> {
    await Promise.allSettled(built.files.map((f) => this.d.storage.delete(f.storageKey)));
    await this.removePrefix(built.prefix);
  }

  /**
   * Removes whatever an unfinished export of this number left: its partial package folder and
   * its scratch folders (an export given up after its worker died). Only for numbers that have
   * no registered evidence item.
   */
  async removeLeftovers(number: string): Promise<void> {
    await this.removePrefix(`evidence/${number}`);
    await this.removeScratch(number);
  }

  async build(input: BuildInput, opts: BuildOptions = {}): Promise<BuiltPackage> {
    const prefix = `evidence/${input.number}`;
    const tmp = path.join(this.d.tmpRoot, `${input.number}-${process.pid}-${Date.now()}`);
    const written: string[] = [];
    const abort = new AbortController();
    const onOuterAbort = () => abort.abort();
    opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
    await this.removePrefix(prefix);
    await this.removeScratch(input.number);
    try {
      await mkdir(tmp, { recursive: true });
      return await this.buildInto(input, prefix, tmp, written, abort.signal, opts);
    } catch (err: unknown) {
      abort.abort();
      await Promise.allSettled(written.map((k) => this.d.storage.delete(k)));
      await this.removePrefix(prefix);
      throw isNoSpace(err) ? new DiskFull() : err;
    } finally {
      opts.signal?.removeEventListener('abort', onOuterAbort);
      await rm(tmp, { recursive: true, force: true });
    }
  }

  /**
   * A package of stored files taken whole, as they are (bodycam clips, issue 8 §6): each is
   * hard-linked on local storage (copied elsewhere), hashed and checked against the hash it was
   * registered with, then the same documents as an export. On failure nothing is left.
   */
  async buildFromFiles(input: FilesBuildInput, opts: BuildOptions = {}): Promise<BuiltPackage> {
    const prefix = `evidence/${input.number}`;
    const written: string[] = [];
    const signal = opts.signal ?? new AbortController().signal;
    await this.removePrefix(prefix);
    try {
      const total = Math.max(
        1,
        input.files.reduce((n, f) => n + f.bytes, 0),
      );
      let done = 0;
      const add = (n: number) => {
        done += n;
        opts.onProgress?.(Math.min(0.97, (done / total) * 0.97), 'clip');
      };
      const put = async (key: string, source: Readable | Buffer, counted: boolean) => {
        written.push(key);
        return this.d.storage.put(
          key,
          Buffer.isBuffer(source) || !counted ? source : through(source, meter(add)),
        );
      };
      const media: StoredPackageFile[] = [];
      for (const f of input.files) {
        const key = `${prefix}/${f.path}`;
        const stored = await this.storeOriginal(f.storageKey, key, written, add, signal, put);
        if (stored.sha256 !== f.sha256 || stored.bytes !== f.bytes) {
          throw new AppError(
            'source_altered',
            409,
            `Il file ${f.path} non corrisponde più all’impronta registrata all’acquisizione (${f.sha256.slice(0, 12)}…): esportazione annullata`,
          );
        }
        media.push({
          path: f.path,
          kind: 'clip',
          bytes: stored.bytes,
          sha256: stored.sha256,
          mediaType: f.mediaType,
          from: f.from,
          to: f.to,
          storageKey: key,
        });
      }
      if (media.length === 0) throw new AppError('no_footage', 422, 'Nessun file da esportare');
      const actual = {
        from: Math.min(...media.map((c) => c.from ?? Infinity)),
        to: Math.max(...media.map((c) => c.to ?? -Infinity)),
      };
      return await writePackageDocuments(this.d, input, prefix, actual, [], media, put, opts);
    } catch (err: unknown) {
      await Promise.allSettled(written.map((k) => this.d.storage.delete(k)));
      await this.removePrefix(prefix);
      throw isNoSpace(err) ? new DiskFull() : err;
    }
  }

  /** Removes the scratch folders of earlier attempts at this number (a worker that died). */
  private async removeScratch(number: string): Promise<void> {
    const names = await readdir(this.d.tmpRoot).catch(() => [] as string[]);
    await Promise.all(
      names
        .filter((n) => n.startsWith(`${number}-`))
        .map((n) => rm(path.join(this.d.tmpRoot, n), { recursive: true, force: true })),
    );
  }

  /** Removes a leftover package folder (a crashed earlier attempt) in local storage. */
  private async removePrefix(prefix: string): Promise<void> {
    const probe = this.d.storage.localPath(`${prefix}/x`);
    if (probe) await rm(path.dirname(probe), { recursive: true, force: true });
  }

  private async buildInto(
    input: BuildInput,
    prefix: string,
    tmp: string,
    written: string[],
    signal: AbortSignal,
    opts: BuildOptions,
  ): Promise<BuiltPackage> {
    const { storage } = this.d;
    const from = input.requested.from;
    const to = input.requested.to;
    const runs = planRuns(input.segments, from, to, this.d.gapToleranceMs);
    if (runs.length === 0)
      throw new AppError('no_footage', 422, 'Nessuna registrazione nel periodo richiesto');
    const gaps = findGaps(runs, from, to, input.knownGaps);
    const code = input.camera.code;

    // Progress by bytes: originals copied, clip bytes muxed by ffmpeg, clip bytes stored.
    const segBytes = input.segments.reduce((n, s) => n + s.bytes, 0);
    const clipBytes = runs.reduce((n, r) => n + r.segments.reduce((m, s) => m + s.bytes, 0), 0);
    const total = Math.max(1, segBytes + 2 * clipBytes);
    let done = 0;
    let stage = 'clip';
    let lastReport = 0;
    const report = (force = false) => {
      const now = Date.now();
      if (!force && now - lastReport < 250) return;
      lastReport = now;
      opts.onProgress?.(Math.min(0.97, (done / total) * 0.97), stage);
    };
    const add = (n: number) => {
      done += n;
      report();
    };

    const put = async (key: string, source: Readable | Buffer, counted: boolean) => {
      written.push(key);
      const body = Buffer.isBuffer(source)
        ? source
        : counted
          ? through(source, meter(add))
          : source;
      return storage.put(key, body);
    };

    // The originals are stored while ffmpeg builds the clips (two cores: one each). On local
    // storage each is a hard link to the recorded segment (immutable once indexed; retention
    // deletes by unlink, so the evidence keeps the data), hashed from the page cache and fsynced
    // once; elsewhere, or across filesystems, it is copied and hashed by the write.
    const originals = (async () => {
      const out: StoredPackageFile[] = [];
      for (const seg of input.segments) {
        if (signal.aborted) throw new Error('interrotto');
        const rel = `originali/${code}_${compactUtc(seg.startMs)}_${seg.id.slice(0, 8)}.mp4`;
        const key = `${prefix}/${rel}`;
        const stored = await this.storeOriginal(seg.storageKey, key, written, add, signal, put);
        out.push({
          path: rel,
          kind: 'original',
          bytes: stored.bytes,
          sha256: stored.sha256,
          mediaType: 'video/mp4',
          from: seg.startMs,
          to: seg.endMs,
          storageKey: key,
        });
      }
      return out;
    })();

    const clipsTask = (async () => {
      const out: StoredPackageFile[] = [];
      let index = 0;
      for (const run of runs) {
        index++;
        out.push(
          await this.clip(run, index, runs.length, input, prefix, tmp, signal, put, add, written),
        );
      }
      return out;
    })();

    const [clips, originalFiles] = await Promise.all([clipsTask, originals]).catch(
      async (err: unknown) => {
        // Let the other branch stop before cleaning up under it.
        await Promise.allSettled([clipsTask, originals]);
        throw err;
      },
    );
    stage = 'documenti';
    report(true);

    const actual = {
      from: Math.min(...clips.map((c) => c.from ?? Infinity)),
      to: Math.max(...clips.map((c) => c.to ?? -Infinity)),
    };
    return writePackageDocuments(
      this.d,
      input,
      prefix,
      actual,
      gaps,
      [...clips, ...originalFiles],
      put,
      opts,
    );
  }

  /** One original segment: hard-linked and hashed on local storage, else copied through `put`. */
  private async storeOriginal(
    sourceKey: string,
    key: string,
    written: string[],
    add: (n: number) => void,
    signal: AbortSignal,
    put: (
      key: string,
      source: Readable,
      counted: boolean,
    ) => Promise<{ bytes: number; sha256: string }>,
  ): Promise<{ bytes: number; sha256: string }> {
    const { storage } = this.d;
    const source = storage.localPath(sourceKey);
    const target = storage.localPath(key);
    if (source && target) {
      await mkdir(path.dirname(target), { recursive: true });
      written.push(key);
      if (await linkInto(source, target)) return hashAndSync(target, add, signal);
    }
    return put(key, await storage.get(sourceKey), true);
  }

  /** One clip: ffmpeg joins and trims the run into a scratch MP4, then it is stored moov-first. */
  private async clip(
    run: ClipRun,
    index: number,
    count: number,
    input: BuildInput,
    prefix: string,
    tmp: string,
    signal: AbortSignal,
    put: (
      key: string,
      source: Readable,
      counted: boolean,
    ) => Promise<{ bytes: number; sha256: string }>,
    add: (n: number) => void,
    written: string[],
  ): Promise<StoredPackageFile> {
    const local = (key: string) => {
      const p = this.d.storage.localPath(key);
      if (!p) throw new Error('l’esportazione richiede i segmenti su disco locale');
      return p;
    };
    const first = run.segments[0];
    const last = run.segments[run.segments.length - 1];
    if (!first || !last) throw new Error('sequenza vuota');
    const entries: ConcatEntry[] = run.segments.map((s) => ({ file: local(s.storageKey) }));
    let actualFrom = first.startMs;
    // Both probes (frame rate for the index reservation, keyframes for the start) at once.
    const fpsProbe = probeFrameRate(local(first.storageKey));
    if (input.requested.from > first.startMs) {
      // Stream copy can only start on a keyframe: the one at or before the requested instant.
      const keyframes = parseKeyframes(
        await runFfprobe(buildKeyframeProbeArgs(local(first.storageKey))),
      );
      const inpoint = keyframeAtOrBefore(keyframes, (input.requested.from - first.startMs) / 1000);
      if (inpoint > 0) (entries[0] as ConcatEntry).inpoint = inpoint;
      actualFrom = first.startMs + Math.round(inpoint * 1000);
    }
    if (input.requested.to < last.endMs) {
      (entries[entries.length - 1] as ConcatEntry).outpoint =
        (input.requested.to - last.startMs) / 1000;
    }
    const suffix = count > 1 ? `_${String(index).padStart(2, '0')}` : '';
    const rel = `clip/${input.camera.code}_${compactUtc(actualFrom)}${suffix}.mp4`;
    const key = `${prefix}/${rel}`;
    // On local storage ffmpeg writes the clip straight into the package folder (renamed into
    // place once hashed and fsynced); elsewhere into scratch space, then stored.
    const target = this.d.storage.localPath(key);
    const script = path.join(tmp, `clip-${index}.ffconcat`);
    const output = target ? `${target}.tmp-${process.pid}` : path.join(tmp, `clip-${index}.mp4`);
    if (target) await mkdir(path.dirname(target), { recursive: true });
    written.push(key);
    await writeFile(script, buildConcatScript(entries, { probeFirstOnly: true }));
    const runBytes = run.segments.reduce((n, s) => n + s.bytes, 0);
    const runSeconds = Math.max(0.001, (run.to - actualFrom) / 1000);
    let credited = 0;
    const onStdout = (text: string) => {
      const t = parseProgressTime(text);
      if (t === null) return;
      const target = Math.min(runBytes, Math.round((t / runSeconds) * runBytes));
      if (target > credited) {
        add(target - credited);
        credited = target;
      }
    };
    // The index is written into room reserved at the front: moov first in one write.
    const fps = await fpsProbe;
    const moovSize = moovReservation(runSeconds, fps);
    await runFfmpeg(buildExportArgs(script, output, { moovSize }), { signal, onStdout });
    let plan = await planFaststart(output).catch(() => null);
    if (!plan?.alreadyFast) {
      // The reservation was too small (ffmpeg then leaves no usable index, yet exits 0):
      // write it again with moov at the end, moved to the front while storing it.
      await runFfmpeg(buildExportArgs(script, output), { signal });
      plan = await planFaststart(output);
    }
    if (credited < runBytes) add(runBytes - credited);
    // The duration from the clip's own header (mvhd), read above; ffprobe only if it says none.
    const seconds = plan.durationSeconds ?? (await probeMedia(output)).durationSeconds;
    const durationMs = Math.round((seconds ?? 0) * 1000);
    if (durationMs <= 0) throw new Error(`il clip ${index} risulta vuoto`);
    let stored: { bytes: number; sha256: string };
    if (target && plan.alreadyFast) {
      stored = await hashAndSync(output, add, signal);
      await rename(output, target);
    } else {
      stored = await put(key, plan.stream(), true);
      await rm(output, { force: true });
    }
    return {
      path: rel,
      kind: 'clip',
      bytes: stored.bytes,
      sha256: stored.sha256,
      mediaType: 'video/mp4',
      from: actualFrom,
      to: actualFrom + durationMs,
      storageKey: key,
    };
  }
}
