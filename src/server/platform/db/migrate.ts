import { Migrator } from 'kysely';
import { migrations } from '../../../../migrations/index.ts';
import { belowAccessLayer, type Database } from './db.ts';

export interface MigrationOutcome {
  applied: string[];
}

export async function migrateToLatest(database: Database): Promise<MigrationOutcome> {
  const migrator = new Migrator({
    db: belowAccessLayer(database),
    provider: { getMigrations: async () => migrations(database.dialect) },
    migrationTableName: 'portico_migrations',
    migrationLockTableName: 'portico_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${String(error)}`, {
      cause: error,
    });
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
