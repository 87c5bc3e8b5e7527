import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The directory holding the project's package.json, found by walking up from `from` (a file or
 * directory path or file URL; default: this module). Works from `src/` under tsx/vitest and from
 * the compiled `dist/` alike, so files shipped beside the code (`resources/`) can be located.
 */
export function packageRoot(from?: string | URL): string {
  if (from === undefined && cached !== undefined) return cached;
  const start = from === undefined ? import.meta.url : from;
  let dir = start instanceof URL || start.startsWith('file:') ? fileURLToPath(start) : start;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) break;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${String(start)}`);
    dir = parent;
  }
  if (from === undefined) cached = dir;
  return dir;
}
