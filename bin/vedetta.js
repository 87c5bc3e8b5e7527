#!/usr/bin/env node
// Entry point of the `vedetta` CLI. The server is compiled to dist/ by `npm run build`
// (run automatically by `npm ci` through the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write(
    'vedetta: the server is not built. Run `npm run build` (or ./vedetta.sh setup).\n',
  );
  process.exit(1);
}
await import(entry.href);
