// Intake parser: field accuracy on the request corpus (test/corpus/requests and the shared
// samples) and throughput from raw bytes (MIME, PEC envelope, Italian text) for ~10 s; then
// the latency from delivery (SMTP to the built-in receiver of a real core on SQLite) to a
// request visible through the API with its preservation hold, p95 against 2 s.
// Ends with the accuracy line; throughput and latency have their own lines just before it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTransport } from 'nodemailer';
import { createCore, createHttpApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { SYSTEM_ACTOR } from '../src/modules/audit/audit.types.js';
import { CameraInputSchema } from '../src/modules/cameras/camera.schemas.js';
import { requestMail } from '../src/modules/requests/testing/messages.js';
import { createLogger } from '../src/platform/log/logger.js';
import { loggedIn } from '../src/test-support/users.js';
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
const LATENCY_GOAL_MS = 2000;
const DELIVERIES = Number(process.env.BENCH_INTAKE_DELIVERIES ?? 40);

/** Delivery → visible request with its hold: each message sent, then the API polled. */
async function deliveryLatency(): Promise<number[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vedetta-bench-intake-'));
  const config = loadConfig({
    VEDETTA_DATA_DIR: dir,
    DATABASE_URL: `sqlite:${path.join(dir, 'bench.sqlite')}`,
    VEDETTA_DEMO: '0',
    VEDETTA_RECORDING: '0',
    VEDETTA_SMTP_PORT: '0',
    VEDETTA_ARGON2_MEMORY_KIB: '8192',
  });
  const core = await createCore(config, { logger: createLogger('warn') });
  const http = await createHttpApp(core);
  try {
    await core.cameras.create(
      SYSTEM_ACTOR,
      CameraInputSchema.parse({
        code: 'BENCH-ESP',
        name: 'Porta San Pietro',
        address: 'Via Emilia San Pietro, Reggio Emilia',
        latitude: null,
        longitude: null,
        mainUrl: 'rtsp://127.0.0.1/bench',
        retentionDays: 7,
        retentionReason: 'Benchmark',
      }),
    );
    const operator = await loggedIn(core, http.app, 'operatore', 'operator');
    const { smtp } = await core.mailboxes.start();
    if (!smtp) throw new Error('SMTP receiver not started');
    const transport = createTransport({
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      ignoreTLS: true,
      pool: true,
    });
    const out: number[] = [];
    for (let i = 0; i < DELIVERIES; i++) {
      const tag = `bench-${i}-${Date.now()}`;
      const raw = requestMail({
        messageId: `${tag}@comune.reggioemilia.it`,
        date: new Date().toUTCString().replace('GMT', '+0000'),
        body: [
          'Buongiorno,',
          `si chiedono le immagini del sinistro stradale (pratica ${tag}) avvenuto ieri tra le 18:10 e le 18:40 in via Emilia San Pietro 12.`,
          '',
          'Ag. Mario Rossi',
          'matricola 1234',
        ].join('\r\n'),
      });
      const t0 = performance.now();
      await transport.sendMail({
        envelope: { from: 'mario.rossi@comune.reggioemilia.it', to: ['richieste@vedetta.local'] },
        raw,
      });
      for (;;) {
        const list = await operator.get<{ items: Array<{ id: string }> }>(
          `/api/requests?q=${encodeURIComponent('sinistro')}&limit=1`,
        );
        const id = list.body.items[0]?.id;
        const found = id
          ? await operator.get<{ holds: unknown[]; subject: string }>(`/api/requests/${id}`)
          : null;
        const own =
          found &&
          (found.body as { intake?: { messageId: string | null } }).intake?.messageId?.includes(
            tag,
          );
        if (own && found.body.holds.length > 0) break;
        if (performance.now() - t0 > 30_000) throw new Error(`request ${tag} not visible in 30 s`);
        await new Promise((r) => setTimeout(r, 2));
      }
      out.push(performance.now() - t0);
    }
    transport.close();
    return out;
  } finally {
    await http.app.close();
    await core.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const latencies = (await deliveryLatency()).sort((a, b) => a - b);
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)]!;
const p95 = Math.round(pct(0.95));
const parseMs = 1000 / rate;
console.log(
  `delivery → visible request with its hold (${latencies.length} messages over SMTP, SQLite): ` +
    `p50 ${Math.round(pct(0.5))} ms, p95 ${p95} ms, max ${Math.round(latencies[latencies.length - 1]!)} ms ` +
    `(parsing alone ${parseMs.toFixed(2)} ms: p95 is ${(p95 / parseMs).toFixed(0)}× the parse)`,
);
console.log(
  JSON.stringify({
    bench: 'intake',
    metric: 'delivery_to_held_request_p95_ms',
    value: p95,
    goal: LATENCY_GOAL_MS,
    pass: p95 <= LATENCY_GOAL_MS,
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
