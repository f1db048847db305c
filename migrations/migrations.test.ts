import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { migrateToLatest } from '../src/server/platform/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../src/server/test/harness.ts';

async function shape(tdb: TestDatabase): Promise<Record<string, string[]>> {
  const tables = await tdb.database.db.introspection.getTables({ withInternalKyselyTables: false });
  return Object.fromEntries(
    tables
      .filter((t) => !t.name.startsWith('portico_migrations') && !t.name.startsWith('sqlite_'))
      .map((t) => [t.name, t.columns.map((c) => c.name).sort()])
      .sort(([a], [b]) => String(a).localeCompare(String(b))),
  );
}

const pgUrl = process.env.TEST_DATABASE_URL;

describe('migrations', () => {
  test('run on SQLite, and running them again does nothing', async () => {
    const tdb = await createTestDatabase({ dialect: 'sqlite' });
    try {
      const again = await migrateToLatest(tdb.database);
      assert.deepEqual(again.applied, []);
      const s = await shape(tdb);
      assert.ok(s.accounts?.includes('password_hash'));
    } finally {
      await tdb.drop();
    }
  });

  test('give the same tables and columns on SQLite and PostgreSQL', {
    skip: pgUrl
      ? false
      : 'TEST_DATABASE_URL is not set: the PostgreSQL comparison runs in `npm run test:pg` and CI',
  }, async () => {
    const lite = await createTestDatabase({ dialect: 'sqlite' });
    const pg = await createTestDatabase({ dialect: 'postgres' });
    try {
      const [a, b] = [await shape(lite), await shape(pg)];
      assert.ok(Object.keys(a).length >= 5);
      assert.deepEqual(a, b);
      assert.deepEqual((await migrateToLatest(pg.database)).applied, []);
    } finally {
      await lite.drop();
      await pg.drop();
    }
  });
});
