// `npm run bench -- NAME`: runs one benchmark. Each prints what it measured and ends with one
// JSON line {"bench","metric","value","goal","pass"}, a ratio against a baseline measured in
// the same run (the machines are shared and noisy: absolute times mean little).
const BENCHES: Record<string, () => Promise<unknown>> = {
  audit: () => import('./audit.bench.js'),
  intake: () => import('./intake.bench.js'),
  recording: () => import('./recording.bench.js'),
  live: () => import('./live.bench.js'),
  ingest: () => import('./ingest.bench.js'),
  export: () => import('./export.bench.js'),
  report: () => import('./report.bench.js'),
};

const name = process.argv[2];
if (!name || !(name in BENCHES)) {
  process.stderr.write(
    `usage: npm run bench -- NAME\navailable: ${Object.keys(BENCHES).join(', ')}\n`,
  );
  process.exit(2);
}
await BENCHES[name]!();
