import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  sql,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
  type SqliteStatement,
  type Transaction,
} from 'kysely';
import type { Pool } from 'pg';

/**
 * The tables of every module. Each module adds its own tables by declaration merging
 * (`declare module '…/platform/db/database.js' { interface Tables { … } }`), so that the
 * table types live beside the repository that owns them.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Tables {}

export type Db = Kysely<Tables>;
export type Tx = Transaction<Tables>;
/** Anything a repository can run queries on: the database or an open transaction. */
export type Executor = Db | Tx;

export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
export type Dialect = DatabaseTarget['kind'];

/**
 * The PostgreSQL client is loaded only when PostgreSQL is used (a server on SQLite does not
 * carry it). PostgreSQL returns int8/numeric as strings; our int8 columns hold epoch
 * milliseconds and byte counts, far below 2^53, so numbers are exact.
 */
async function createPool(url: string): Promise<Pool> {
  const { default: pg } = await import('pg');
  pg.types.setTypeParser(20, (v) => Number(v));
  pg.types.setTypeParser(1700, (v) => Number(v));
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * SQLite opens transactions with BEGIN IMMEDIATE so that two processes (the server and a CLI
 * command) never hit SQLITE_BUSY when a read inside a transaction is followed by a write.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly opts: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(opts);
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.opts);
  }
}

/** Prepared statements kept per connection (a query shape is one SQL text whatever its values). */
const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely prepares every SQLite statement anew: SQLite parses and plans the same SQL text again
 * at each query, and the statement object becomes garbage. The server repeats a few dozen query
 * shapes all day long (a recorder stores one segment per camera every few seconds), so prepared
 * statements are kept by SQL text, the least recently used dropped past a bound. Statements run
 * one at a time on the one connection, so sharing them is safe; a streamed query (`iterate`) gets
 * a statement of its own, since it stays open while other queries run. A schema change makes
 * SQLite prepare a kept statement again by itself.
 */
export function cachingStatements(
  database: SQLite.Database,
  max = STATEMENT_CACHE_SIZE,
): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        const prepared = database.prepare(sql);
        stmt = {
          reader: prepared.reader,
          all: (parameters) => prepared.all(parameters),
          run: (parameters) => prepared.run(parameters),
          iterate: (parameters) => database.prepare(sql).iterate(parameters),
        };
        if (cache.size >= max) {
          const oldest = cache.keys().next();
          if (!oldest.done) cache.delete(oldest.value);
        }
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}

export function openDatabase(target: DatabaseTarget): Db {
  if (target.kind === 'sqlite') {
    if (target.file !== ':memory:') mkdirSync(path.dirname(target.file), { recursive: true });
    const database = new SQLite(target.file);
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 10000');
    return new Kysely<Tables>({
      dialect: new ImmediateSqliteDialect({ database: cachingStatements(database) }),
    });
  }
  return new Kysely<Tables>({
    dialect: new PostgresDialect({ pool: () => createPool(target.url) }),
  });
}

export function dialectOf(db: { getExecutor(): { readonly adapter: unknown } }): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Round-trip check used by /api/health. */
export async function pingDatabase(db: Db): Promise<number> {
  const started = performance.now();
  await sql`select 1`.execute(db);
  return Math.round((performance.now() - started) * 100) / 100;
}

/** SQLite and PostgreSQL booleans stored portably as 0/1 integers. */
export const toFlag = (b: boolean): number => (b ? 1 : 0);
export const fromFlag = (n: number | null | undefined): boolean => n === 1;

/** JSON stored as text on both databases. */
export const toJson = (v: unknown): string | null =>
  v === undefined || v === null ? null : JSON.stringify(v);
export function fromJson<T>(s: string | null | undefined): T | null {
  return s === null || s === undefined ? null : (JSON.parse(s) as T);
}

/** Epoch milliseconds ↔ ISO string for API shapes. */
export const isoOrNull = (ms: number | null | undefined): string | null =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString();
