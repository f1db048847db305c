import { sql } from 'kysely';
import { belowAccessLayer, type Database } from '../db/db.ts';
import { migratorTables, tableRules } from './registry.ts';

/**
 * Tables of the migrated database that the registry does not know, and registered tables the
 * database does not have. Both lists must be empty (access.test.ts): a migration that adds a table
 * without a registry entry fails the suite.
 */
export async function unregisteredTables(
  database: Database,
): Promise<{ unregistered: string[]; missing: string[] }> {
  const db = belowAccessLayer(database);
  const rows =
    database.dialect === 'sqlite'
      ? await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)
      : await sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(
          db,
        );
  const present = new Set(rows.rows.map((r) => r.name));
  const known = new Set<string>([...Object.keys(tableRules), ...migratorTables]);
  return {
    unregistered: [...present].filter((name) => !known.has(name)).sort(),
    missing: Object.keys(tableRules)
      .filter((name) => !present.has(name))
      .sort(),
  };
}
