#!/usr/bin/env node
// The whole test suite, as `npm test` runs it: format, lint and typecheck, then unit and
// integration tests (SQLite and PostgreSQL), then browser tests in Chromium. Every stage runs
// even when an earlier one failed, so one run shows everything; the exit code is non-zero if
// any stage failed. The last line is the summary: "Summary: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';

const only = process.argv.slice(2);
const out = '.artifacts';
mkdirSync(out, { recursive: true });

/** @type {{ name: string, ok: boolean, passed: number, failed: number, skipped: number, seconds: number }[]} */
const results = [];

function run(name, cmd, args, vitestJson) {
  if (only.length > 0 && !only.includes(name)) return;
  process.stdout.write(`\n=== ${name}: ${[cmd, ...args].join(' ')}\n`);
  const started = Date.now();
  const res = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  if (vitestJson && existsSync(vitestJson)) {
    const report = JSON.parse(readFileSync(vitestJson, 'utf8'));
    passed = report.numPassedTests ?? 0;
    failed = report.numFailedTests ?? 0;
    skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    // A suite that failed to load counts as a failure even if no test in it ran.
    failed += (report.testResults ?? []).filter(
      (f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0,
    ).length;
  }
  const ok = res.status === 0;
  if (!vitestJson) ok ? passed++ : failed++;
  else if (!ok && failed === 0) failed = 1;
  results.push({ name, ok, passed, failed, skipped, seconds });
}

const vitest = (name, projects) => {
  const json = `${out}/${name}.json`;
  run(
    name,
    'npx',
    [
      'vitest',
      'run',
      ...projects.flatMap((p) => ['--project', p]),
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${json}`,
    ],
    json,
  );
};

run('format', 'npx', ['prettier', '--check', '.']);
run('lint', 'npx', ['eslint', '.', '--max-warnings=0']);
run('typecheck', 'npm', ['run', '--silent', 'typecheck']);
run('openapi-client', 'node', ['scripts/check-openapi-client.mjs']);
vitest('unit+integration', ['unit', 'integration']);
vitest('e2e', ['e2e']);

const total = results.reduce(
  (a, r) => ({
    passed: a.passed + r.passed,
    failed: a.failed + r.failed,
    skipped: a.skipped + r.skipped,
  }),
  { passed: 0, failed: 0, skipped: 0 },
);
process.stdout.write('\n=== Results\n');
for (const r of results) {
  const counts = `${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`;
  process.stdout.write(
    `${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(18)} ${counts.padEnd(36)} ${r.seconds}s\n`,
  );
}
const allOk = results.every((r) => r.ok);
process.stdout.write(`${allOk ? 'ALL GREEN' : 'FAILED'}\n`);
process.stdout.write(
  `Summary: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`,
);
process.exit(allOk ? 0 : 1);
