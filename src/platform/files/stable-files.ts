import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export interface StableFile {
  /** The subfolder under the watched root (a dock's device serial). */
  folder: string;
  name: string;
  path: string;
  bytes: number;
  mtimeMs: number;
}

interface Seen {
  bytes: number;
  mtimeMs: number;
  since: number;
}

/**
 * Finds files in `root/<folder>/` that have stopped changing: same size and modification time
 * as at the previous scan and for at least `stableMs`. A docking station still writing a file
 * keeps changing its size, so a half-written file is never taken. Hidden files are ignored.
 */
export class StableFileScanner {
  private readonly seen = new Map<string, Seen>();

  constructor(
    private readonly root: string,
    private readonly stableMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async scan(): Promise<StableFile[]> {
    const now = this.now();
    const present = new Set<string>();
    const stable: StableFile[] = [];
    let folders: string[];
    try {
      folders = (await readdir(this.root, { withFileTypes: true }))
        .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
        .map((d) => d.name)
        .sort();
    } catch (err: unknown) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    for (const folder of folders) {
      let entries;
      try {
        entries = await readdir(path.join(this.root, folder), { withFileTypes: true });
      } catch (err: unknown) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      for (const e of entries) {
        if (!e.isFile() || e.name.startsWith('.')) continue;
        const file = path.join(this.root, folder, e.name);
        let st;
        try {
          st = await stat(file);
        } catch {
          continue; // removed meanwhile
        }
        present.add(file);
        const prev = this.seen.get(file);
        if (!prev || prev.bytes !== st.size || prev.mtimeMs !== st.mtimeMs) {
          this.seen.set(file, { bytes: st.size, mtimeMs: st.mtimeMs, since: now });
          continue;
        }
        if (now - prev.since >= this.stableMs) {
          stable.push({ folder, name: e.name, path: file, bytes: st.size, mtimeMs: st.mtimeMs });
        }
      }
    }
    for (const key of this.seen.keys()) if (!present.has(key)) this.seen.delete(key);
    return stable;
  }

  /** Forgets a file (taken, or moved away), so a new file with the same name starts afresh. */
  forget(file: string): void {
    this.seen.delete(file);
  }
}
