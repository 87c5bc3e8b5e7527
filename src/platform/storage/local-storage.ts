import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, open, rename, rm, stat, statfs, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertSafeKey, type Storage, type StorageHealth, type StoredObject } from './storage.js';

/** Storage in a local folder. Writes go to a temporary file, are fsynced, then renamed into place. */
export class LocalStorage implements Storage {
  constructor(readonly root: string) {}

  private resolve(key: string): string {
    assertSafeKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, data: Readable | Buffer): Promise<StoredObject> {
    const target = this.resolve(key);
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.tmp-${randomBytes(6).toString('hex')}`;
    const hash = createHash('sha256');
    let bytes = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        hash.update(chunk);
        bytes += chunk.length;
        cb(null, chunk);
      },
    });
    try {
      const source = Buffer.isBuffer(data) ? Readable.from([data]) : data;
      await pipeline(source, meter, createWriteStream(tmp, { flags: 'wx' }));
      const fh = await open(tmp, 'r');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, target);
    } catch (err: unknown) {
      await rm(tmp, { force: true });
      throw err;
    }
    return { key, bytes, sha256: hash.digest('hex') };
  }

  async adopt(key: string, file: string): Promise<{ key: string; bytes: number }> {
    const target = this.resolve(key);
    const { size } = await stat(file);
    try {
      // The folder usually exists (a camera's day): create it only when the rename says not.
      await rename(file, target).catch(async (err: unknown) => {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        await mkdir(path.dirname(target), { recursive: true });
        await rename(file, target);
      });
    } catch (err: unknown) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      // Another disk: copy through a temporary file, then remove the source.
      await this.put(key, createReadStream(file));
      await unlink(file);
    }
    return { key, bytes: size };
  }

  localPath(key: string): string {
    return this.resolve(key);
  }

  get(key: string): Promise<Readable> {
    const file = this.resolve(key);
    return new Promise((resolve, reject) => {
      const stream = createReadStream(file);
      stream.once('open', () => resolve(stream));
      stream.once('error', reject);
    });
  }

  async exists(key: string): Promise<boolean> {
    try {
      await access(this.resolve(key));
      return true;
    } catch {
      return false;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.resolve(key));
    } catch (err: unknown) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }

  async reclaimableBytes(key: string): Promise<number | null> {
    try {
      const st = await stat(this.resolve(key));
      // Another name (an evidence package's original) keeps the data: unlinking frees nothing.
      return st.nlink > 1 ? 0 : st.size;
    } catch (err: unknown) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw err;
    }
  }

  /** Checks the folder exists and is writable, and reports free space. */
  async health(): Promise<StorageHealth> {
    const base = { kind: 'local', location: this.root };
    try {
      await mkdir(this.root, { recursive: true });
      const probe = path.join(this.root, `.health-${randomBytes(4).toString('hex')}`);
      await writeFile(probe, 'ok');
      await unlink(probe);
      const fs = await statfs(this.root);
      return {
        ...base,
        ok: true,
        freeBytes: fs.bavail * fs.bsize,
        totalBytes: fs.blocks * fs.bsize,
      };
    } catch (err: unknown) {
      return {
        ...base,
        ok: false,
        freeBytes: null,
        totalBytes: null,
        error: err instanceof Error ? err.message : String(err),
      };
    }
  }
}
