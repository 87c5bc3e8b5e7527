import { AppError } from '../../../platform/errors.js';

/**
 * Disk space for resumable uploads. Uploads are written on the disk where cameras record, so an
 * upload may never take the free space below the minimum the free-space guard keeps
 * (VEDETTA_STORAGE_MIN_FREE_MB): below it the guard deletes the oldest footage and, with only held
 * footage left, pauses recording.
 */

/** Free space is read again after every this many bytes of one PATCH body. */
export const SPACE_CHECK_EVERY = 16 * 1024 * 1024;

export class InsufficientStorage extends AppError {
  constructor(message: string) {
    super('insufficient_storage', 507, message);
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${n} byte`;
}

const UNKNOWN =
  'spazio libero su disco non verificabile (archivio non leggibile o pieno): caricamento rifiutato per non compromettere le registrazioni; riprovare più tardi';

/**
 * Why a new upload of `length` bytes cannot be accepted, or null when it can: `free` is the disk's
 * free space now (null: unreadable), `reserved` what uploads already accepted will still write
 * (the bytes still expected from those receiving, and a full copy for each one waiting to be
 * ingested, which copies it into storage before removing it).
 */
export function creationSpaceProblem(p: {
  free: number | null;
  reserved: number;
  length: number;
  minFree: number;
}): string | null {
  if (p.free === null) return UNKNOWN;
  const left = p.free - p.reserved - p.length;
  if (left >= p.minFree) return null;
  return (
    `spazio su disco insufficiente per un file di ${formatBytes(p.length)}: ` +
    `liberi ${formatBytes(p.free)}, di cui ${formatBytes(p.reserved)} già riservati ai caricamenti in corso, ` +
    `e ${formatBytes(p.minFree)} devono restare liberi per le registrazioni (VEDETTA_STORAGE_MIN_FREE_MB). ` +
    'Riprovare più tardi o avvisare l’amministratore'
  );
}

/** Why `incoming` more bytes of a PATCH may not be written now, or null when they may. */
export function writeSpaceProblem(p: {
  free: number | null;
  incoming: number;
  minFree: number;
}): string | null {
  if (p.free === null) return UNKNOWN;
  if (p.free - p.incoming >= p.minFree) return null;
  return (
    `spazio su disco insufficiente per continuare il caricamento: liberi ${formatBytes(p.free)}, ` +
    `${formatBytes(p.minFree)} devono restare liberi per le registrazioni. ` +
    'I byte già confermati restano: riprendere più tardi da HEAD'
  );
}
