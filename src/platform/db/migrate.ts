import { Migrator, type MigrationProvider } from 'kysely/migration';
import type { Db } from './database.js';

export interface MigrationReport {
  applied: string[];
}

/** Applies pending migrations; throws with the failing migration's name on error. */
export async function migrateToLatest(
  db: Db,
  provider: MigrationProvider,
): Promise<MigrationReport> {
  const migrator = new Migrator({
    db: db,
    provider,
    migrationTableName: 'vedetta_migrations',
    migrationLockTableName: 'vedetta_migrations_lock',
    // Migration numbers are assigned to parallel work in advance, so a lower number may land
    // after a higher one was applied (0006 after 0007): apply it rather than refuse to start.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined) {
    const name = failed?.migrationName ?? 'unknown';
    const cause = error instanceof Error ? error.message : JSON.stringify(error);
    throw new Error(`migration ${name} failed: ${cause}`);
  }
  return {
    applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
  };
}
