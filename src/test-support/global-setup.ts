import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Null when the test PostgreSQL answers; otherwise why it does not. */
    pgProblem: string | null;
  }
}

export const TEST_PG_URL =
  process.env.VEDETTA_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Checks PostgreSQL once per run. Under CI=true an unreachable PostgreSQL fails the run loudly. */
export default async function setup(project: TestProject): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 3000 });
  let problem: string | null = null;
  try {
    await client.connect();
    await client.query('select 1');
  } catch (err: unknown) {
    problem = err instanceof Error ? err.message : String(err);
  } finally {
    await client.end().catch(() => undefined);
  }
  if (problem && process.env.CI === 'true') {
    throw new Error(
      `PostgreSQL is required under CI=true but is not reachable (${problem}). Start it or set VEDETTA_TEST_DATABASE_URL.`,
    );
  }
  if (problem)
    console.warn(`\n!! PostgreSQL not reachable (${problem}): PostgreSQL suites will be SKIPPED\n`);
  project.provide('pgProblem', problem);
}
