import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

export interface ZipReader {
  /** File entries (directories left out), by path inside the archive. */
  names(): string[];
  open(name: string): Promise<Readable>;
  close(): void;
}

/** Opens a ZIP file for random access to its entries (central directory read once). */
export function openZip(file: string): Promise<ZipReader> {
  return new Promise((resolve, reject) => {
    yauzl.open(
      file,
      { lazyEntries: true, autoClose: false, strictFileNames: false },
      (err, zip) => {
        if (err) {
          reject(err);
          return;
        }
        const entries = new Map<string, yauzl.Entry>();
        zip.on('entry', (entry: yauzl.Entry) => {
          if (!entry.fileName.endsWith('/')) entries.set(entry.fileName, entry);
          zip.readEntry();
        });
        zip.once('error', reject);
        zip.once('end', () =>
          resolve({
            names: () => [...entries.keys()],
            open: (name) =>
              new Promise((res, rej) => {
                const entry = entries.get(name);
                if (!entry) {
                  rej(new Error(`${name} non è nell’archivio`));
                  return;
                }
                zip.openReadStream(entry, (e, stream) => (e ? rej(e) : res(stream)));
              }),
            close: () => zip.close(),
          }),
        );
        zip.readEntry();
      },
    );
  });
}
