import type { Readable } from 'node:stream';

export interface StorageHealth {
  ok: boolean;
  kind: string;
  location: string;
  freeBytes: number | null;
  totalBytes: number | null;
  error?: string;
}

export interface StoredObject {
  key: string;
  bytes: number;
  sha256: string;
}

/**
 * Where footage and evidence live. Keys are relative, slash-separated paths
 * (`recordings/CAM-001/2026-11-23/…`). The local folder is the embedded default; object storage
 * implements the same interface.
 */
export interface Storage {
  /** Writes a whole object atomically: readers see the complete object or nothing. */
  put(key: string, data: Readable | Buffer): Promise<StoredObject>;
  /** Moves a finished local file into storage (a rename when both are on the same disk). */
  adopt(key: string, file: string): Promise<{ key: string; bytes: number }>;
  get(key: string): Promise<Readable>;
  /** A local path for tools that need a file (ffmpeg, ffprobe); null when storage is remote. */
  localPath(key: string): string | null;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /**
   * The bytes deleting this object would give back: 0 when its data is shared (a hard link, as
   * evidence originals are to recorded segments), null when unknown (the caller then assumes its
   * size). Missing objects give 0.
   */
  reclaimableBytes(key: string): Promise<number | null>;
  health(): Promise<StorageHealth>;
}

/** Rejects keys that could escape the storage root or are not plain relative paths. */
export function assertSafeKey(key: string): void {
  if (
    key.length === 0 ||
    key.length > 1024 ||
    key.startsWith('/') ||
    key.includes('\\') ||
    key.includes('\0') ||
    key.split('/').some((part) => part === '' || part === '.' || part === '..')
  ) {
    throw new Error(`invalid storage key: ${JSON.stringify(key)}`);
  }
}
