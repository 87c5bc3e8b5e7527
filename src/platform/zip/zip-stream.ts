import type { Readable } from 'node:stream';
import yazl from 'yazl';

export interface ZipEntry {
  /** Path inside the archive. */
  name: string;
  bytes: number;
  /** Opened only when the archive reaches this entry, so one file is open at a time. */
  open: () => Promise<Readable>;
}

/**
 * A ZIP archive streamed entry by entry, stored without compression (video does not
 * compress; storing keeps the bytes, hence the hashes, as they are). ZIP64 is used where a
 * file or the archive passes 4 GiB. The total size is known in advance (Content-Length).
 */
export function zipStream(
  entries: ZipEntry[],
  mtime: Date,
): Promise<{ stream: Readable; bytes: number }> {
  const zip = new yazl.ZipFile();
  for (const e of entries) {
    zip.addReadStreamLazy(e.name, { size: e.bytes, compress: false, mtime }, (cb) => {
      e.open().then(
        (s) => cb(null, s),
        (err: unknown) => cb(err, undefined as unknown as Readable),
      );
    });
  }
  return new Promise((resolve) => {
    zip.end({ forceZip64Format: false, comment: '' }, ((total: number) => {
      resolve({ stream: zip.outputStream as Readable, bytes: total });
    }) as unknown as () => void);
  });
}
