// Intake parser: field accuracy on the request corpus (test/corpus/requests and the shared
// samples) and throughput from raw bytes (MIME, PEC envelope, Italian text) for ~10 s.
// Ends with the accuracy line; throughput has its own line just before it.
import {
  CORPUS_DIR,
  SAMPLES_DIR,
  formatScore,
  loadCorpus,
  score,
} from '../src/modules/requests/intake/corpus-score.js';
import { parseRequestMessage } from '../src/modules/requests/intake/parse-message.js';

const SECONDS = Number(process.env.BENCH_INTAKE_SECONDS ?? 10);
const ACCURACY_GOAL = 0.95;
const THROUGHPUT_GOAL = 100;

const messages = [...loadCorpus(CORPUS_DIR), ...loadCorpus(SAMPLES_DIR)];
if (messages.length === 0) throw new Error(`no messages in ${CORPUS_DIR}`);

const results = [];
for (const m of messages) {
  results.push({ name: m.name, expected: m.expected, actual: await parseRequestMessage(m.raw) });
}
const s = score(results);
console.log(formatScore(s));

let parsed = 0;
let bytes = 0;
const t0 = performance.now();
const deadline = t0 + SECONDS * 1000;
while (performance.now() < deadline) {
  for (const m of messages) {
    await parseRequestMessage(m.raw);
    parsed++;
    bytes += m.raw.length;
  }
}
const seconds = (performance.now() - t0) / 1000;
const rate = Math.round(parsed / seconds);
console.log(
  `throughput: ${parsed} messages in ${seconds.toFixed(1)} s = ${rate} messages/s ` +
    `(${(bytes / seconds / 1024).toFixed(0)} KiB/s, ${(1000 / rate).toFixed(2)} ms each)`,
);
console.log(
  JSON.stringify({
    bench: 'intake',
    metric: 'throughput_msgs_per_s',
    value: rate,
    goal: THROUGHPUT_GOAL,
    pass: rate >= THROUGHPUT_GOAL,
  }),
);
const accuracy = Math.round(s.accuracy * 1000) / 1000;
console.log(
  JSON.stringify({
    bench: 'intake',
    metric: 'field_accuracy',
    value: accuracy,
    goal: ACCURACY_GOAL,
    pass: accuracy >= ACCURACY_GOAL,
  }),
);
