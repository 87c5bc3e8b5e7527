import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import type { DatabaseTarget } from '../platform/db/database.js';
import { TEST_PG_URL } from './global-setup.js';

export { TEST_PG_URL };

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database of each kind for one suite; dropped afterwards. */
export interface TestDatabase {
  target: DatabaseTarget;
  /** A scratch folder for the suite (data dir, keys, storage). */
  dir: string;
}

export type DbKind = 'sqlite' | 'postgres';

/**
 * Runs the same suite on SQLite and on PostgreSQL (STYLE.md §9). Without PostgreSQL the suite
 * fails under CI=true and is reported as skipped elsewhere, never passed silently.
 */
export function describeEachDatabase(
  name: string,
  suite: (get: () => TestDatabase, kind: DbKind) => void,
): void {
  for (const kind of ['sqlite', 'postgres'] as const) {
    const pgProblem = kind === 'postgres' ? inject('pgProblem') : null;
    // Skipped (and counted as skipped) only outside CI: under CI=true global setup already failed.
    describe.skipIf(pgProblem !== null)(`${name} [${kind}]`, () => {
      let current: TestDatabase | null = null;
      let dbName: string | null = null;

      beforeAll(async () => {
        const dir = mkdtempSync(path.join(tmpdir(), `vedetta-${kind}-`));
        if (kind === 'sqlite') {
          current = { dir, target: { kind: 'sqlite', file: path.join(dir, 'test.sqlite') } };
          return;
        }
        dbName = `vedetta_t_${randomBytes(6).toString('hex')}`;
        await adminQuery(`create database ${dbName}`);
        const url = new URL(TEST_PG_URL);
        url.pathname = `/${dbName}`;
        current = { dir, target: { kind: 'postgres', url: url.toString() } };
      });

      afterAll(async () => {
        if (current) rmSync(current.dir, { recursive: true, force: true });
        if (dbName) await adminQuery(`drop database if exists ${dbName} with (force)`);
      });

      suite(() => {
        if (!current) throw new Error('test database not ready');
        return current;
      }, kind);
    });
  }
}
