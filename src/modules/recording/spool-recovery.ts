import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../../platform/clock.js';
import type { MediaInfo } from '../../platform/ffmpeg/probe.js';
import type { Logger } from '../../platform/log/logger.js';
import type { Storage } from '../../platform/storage/storage.js';
import { segmentKey } from './segment-key.js';

/**
 * What a crash leaves in the spool folder: a segment ffmpeg had not finished, or, after a crash
 * of Vedetta itself, whole runs with their ffmpeg still running. Files that play are indexed,
 * the rest quarantined: footage is never dropped.
 */
export class SpoolRecovery {
  constructor(
    private readonly d: {
      storage: Storage;
      clock: Clock;
      log: Logger;
      spoolRoot: string;
      quarantineRoot: string;
      probe: (file: string) => Promise<MediaInfo>;
      index: (
        cameraId: string,
        runId: string,
        key: string,
        startMs: number,
        endMs: number,
        bytes: number,
        codec: string | null,
      ) => Promise<void>;
    },
  ) {}

  /**
   * What ffmpeg left unfinished when it died: fragmented MP4 plays up to its last complete
   * fragment, so it is indexed; a file that does not play is quarantined, never deleted.
   */
  async salvage(
    cameraId: string,
    runId: string,
    file: string,
    startMs: number | null,
  ): Promise<void> {
    let info: MediaInfo | null = null;
    try {
      info = await this.d.probe(file);
    } catch {
      info = null;
    }
    const duration = info?.durationSeconds ?? 0;
    if (!info || duration < 0.2) {
      await this.quarantine(cameraId, file, 'unplayable');
      return;
    }
    const endGuess = (await stat(file)).mtimeMs;
    const start = startMs ?? Math.round(endGuess - duration * 1000);
    const end = start + Math.round(duration * 1000);
    const index = -Number(/(\d+)\.mp4$/.exec(file)?.[1] ?? 0) - 1;
    const key = segmentKey(cameraId, start, runId, index);
    const { bytes } = await this.d.storage.adopt(key, file);
    await this.d.index(cameraId, runId, key, start, end, bytes, info.codec);
    this.d.log.info({ camera: cameraId, seconds: duration }, 'salvaged an unfinished segment');
  }

  private async quarantine(cameraId: string, file: string, why: string): Promise<void> {
    const dir = path.join(this.d.quarantineRoot, 'recordings', cameraId);
    await mkdir(dir, { recursive: true });
    const target = path.join(dir, `${this.d.clock.now()}-${why}-${path.basename(file)}`);
    await rename(file, target);
    this.d.log.warn({ camera: cameraId, file: target }, 'segment quarantined');
  }

  /**
   * After a crash of Vedetta itself, ffmpeg processes may still run and spool folders hold
   * unindexed files: stop those processes and salvage or quarantine the files.
   */
  async recoverStaleRuns(): Promise<void> {
    const root = this.d.spoolRoot;
    let cameras: string[] = [];
    try {
      cameras = await readdir(root);
    } catch {
      return;
    }
    for (const cameraId of cameras) {
      let runs: string[] = [];
      try {
        runs = await readdir(path.join(root, cameraId));
      } catch {
        continue;
      }
      for (const runId of runs) {
        const dir = path.join(root, cameraId, runId);
        await this.killStale(dir);
        let files: string[] = [];
        try {
          files = (await readdir(dir)).filter((f) => f.endsWith('.mp4')).sort();
        } catch {
          continue;
        }
        for (const f of files) {
          await this.salvage(cameraId, runId, path.join(dir, f), null).catch((err: unknown) => {
            this.d.log.error({ err, file: f }, 'stale segment not recovered');
          });
        }
      }
    }
  }

  private async killStale(dir: string): Promise<void> {
    try {
      const pid = Number((await readFile(path.join(dir, 'ffmpeg.pid'), 'utf8')).trim());
      const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
      if (cmdline.includes(dir)) {
        process.kill(pid, 'SIGTERM');
        this.d.log.warn({ pid }, 'stopped an ffmpeg left running by a previous Vedetta');
        await new Promise((r) => setTimeout(r, 1000));
      }
    } catch {
      // no pid file or no such process: nothing to stop
    }
  }
}
