import { randomUUID } from 'node:crypto';

let seq = 0;
/** Ids that sort in insertion order even when the clock stands still (custody rows). */
export const orderedId = (now: number): string =>
  `${String(now).padStart(15, '0')}-${String(seq++ % 1_000_000).padStart(6, '0')}-${randomUUID().slice(0, 8)}`;
