#!/usr/bin/env node
// Fails when the committed web client types (web/src/api/schema.d.ts) no longer match the
// server's OpenAPI document: run `npm run openapi:gen` and commit the result.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const doc = spawnSync(process.execPath, ['bin/vedetta.js', 'openapi'], { encoding: 'utf8' });
if (doc.status !== 0) {
  process.stderr.write(doc.stderr);
  process.exit(1);
}
const committed = readFileSync('web/src/api/openapi.json', 'utf8');
if (JSON.stringify(JSON.parse(committed)) !== JSON.stringify(JSON.parse(doc.stdout))) {
  process.stderr.write(
    'web/src/api/openapi.json is out of date: run `npm run openapi:gen` and commit the result\n',
  );
  process.exit(1);
}
process.stdout.write('web API client matches the server OpenAPI document\n');
