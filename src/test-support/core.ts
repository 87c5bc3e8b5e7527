import { loadConfig } from '../config.js';
import { createCore, createHttpApp, type Core, type HttpApp } from '../app.js';
import { ManualClock, systemClock } from '../platform/clock.js';
import { createLogger } from '../platform/log/logger.js';
import type { TestDatabase } from './databases.js';

export interface TestCore {
  core: Core;
  http: HttpApp;
  /** The manual clock, unless the core runs on the real one (`realClock`). */
  clock: ManualClock;
  close(): Promise<void>;
}

/** A real core (real database, real argon2 with small memory) on a manual clock. */
export async function createTestCore(
  db: TestDatabase,
  env: Record<string, string> = {},
  opts: { realClock?: boolean; freeBytes?: () => Promise<number | null> } = {},
): Promise<TestCore> {
  const config = loadConfig({
    VEDETTA_DATA_DIR: db.dir,
    DATABASE_URL: db.target.kind === 'postgres' ? db.target.url : `sqlite:${db.target.file}`,
    VEDETTA_ARGON2_MEMORY_KIB: '8192',
    VEDETTA_LOGIN_IP_LIMIT: '1000',
    ...env,
  });
  const clock = new ManualClock(Date.UTC(2026, 10, 23, 8, 0, 0));
  const core = await createCore(config, {
    clock: opts.realClock ? systemClock : clock,
    logger: createLogger(process.env.VEDETTA_TEST_LOG ?? 'silent'),
    ...(opts.freeBytes && { freeBytes: opts.freeBytes }),
  });
  const http = await createHttpApp(core);
  return {
    core,
    http,
    clock,
    async close() {
      await http.app.close();
      await core.close();
    },
  };
}
