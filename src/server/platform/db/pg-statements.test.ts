import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test/harness.ts';
import { belowAccessLayer, type DbOrTrx } from './db.ts';
import { namedStatements } from './pg-statements.ts';

const pgSkip = process.env.TEST_DATABASE_URL
  ? false
  : 'TEST_DATABASE_URL is not set: PostgreSQL statements are tested in `npm run test:pg` and CI';

/** Statements prepared on the database's (single) pooled connection, by their text. */
async function preparedTexts(t: TestDatabase): Promise<string[]> {
  const r = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(t.db);
  return r.rows.map((row) => row.statement);
}

/** A fresh PostgreSQL test database (one pooled connection unless `env` says otherwise), dropped after `fn`. */
async function onPostgres(fn: (t: TestDatabase) => Promise<void>, env: Record<string, string> = {}) {
  const t = await createTestDatabase({ dialect: 'postgres', env: { DATABASE_POOL_MAX: '1', ...env } });
  try {
    await fn(t);
  } finally {
    await t.drop();
  }
}

const clientsByName = (t: TestDatabase, name: string) =>
  t.db.selectFrom('clients').select(['id', 'name']).where('name', '=', name).execute();

/** Every row of the throwaway table `name`, read with `select *` (what a column added under it changes). */
const allOf = (db: DbOrTrx, name: string) =>
  db
    .selectFrom(name as never)
    .selectAll()
    .execute();

describe('PostgreSQL named statements', { skip: pgSkip }, () => {
  test('a repeated query is prepared once on its connection and gives the same rows each time', () =>
    onPostgres(async (t) => {
      const now = new Date().toISOString();
      await t.db
        .insertInto('clients')
        .values(
          ['Acme', 'Globex'].map((name) => ({ name, portal_enabled: 1, created_at: now, updated_at: now })),
        )
        .execute();
      // More than five runs: PostgreSQL may switch to a generic plan, which must give the same answers.
      for (let i = 0; i < 8; i++) {
        const name = i % 2 ? 'Acme' : 'Globex';
        assert.deepEqual(
          (await clientsByName(t, name)).map((r) => r.name),
          [name],
        );
      }
      const texts = await preparedTexts(t);
      const mine = texts.filter((s) => /from "clients" where "name" = \$1/.test(s));
      assert.equal(mine.length, 1, `one prepared statement for the query, got ${JSON.stringify(texts)}`);
    }));

  test('DATABASE_PREPARED_STATEMENTS=false sends every statement unnamed', () =>
    onPostgres(
      async (t) => {
        for (let i = 0; i < 3; i++) await clientsByName(t, 'Acme');
        assert.deepEqual(await preparedTexts(t), []);
      },
      { DATABASE_PREPARED_STATEMENTS: 'false' },
    ));

  test('each connection names at most its limit of texts; the rest still run, unnamed', () =>
    onPostgres(async (t) => {
      if (t.config.database.dialect !== 'postgres') throw new Error('expected a PostgreSQL test database');
      const wrapped = namedStatements(new pg.Pool({ connectionString: t.config.database.url, max: 1 }), {
        perConnection: 2,
      });
      const client = await wrapped.connect();
      try {
        for (const n of [1, 2, 3, 4, 1, 2])
          assert.deepEqual((await client.query<{ n: number }>(`select ${n}::int as n`, [])).rows, [{ n }]);
        const r = await client.query<{ statement: string }>(
          'select statement from pg_prepared_statements',
          [],
        );
        assert.deepEqual(r.rows.map((row) => row.statement).sort(), [
          'select 1::int as n',
          'select 2::int as n',
        ]);
      } finally {
        client.release();
        await wrapped.end();
      }
    }));

  test('a table changed under a prepared `select *` (a rolling deploy) still answers', () =>
    onPostgres(async (t) => {
      const db = belowAccessLayer(t.database); // a probe table below the access layer
      await sql`create table deploy_probe (a int)`.execute(db);
      await sql`insert into deploy_probe values (1)`.execute(db);
      assert.deepEqual(await allOf(db, 'deploy_probe'), [{ a: 1 }]);
      await sql`alter table deploy_probe add column b int default 2`.execute(db);
      // Outside a transaction the query is retried unnamed at once.
      assert.deepEqual(await allOf(db, 'deploy_probe'), [{ a: 1, b: 2 }]);
      await sql`alter table deploy_probe add column c int default 3`.execute(db);
      // That text now runs unnamed on this connection, inside transactions too.
      const inTrx = await belowAccessLayer(t.database)
        .transaction()
        .execute((trx) => allOf(trx, 'deploy_probe'));
      assert.deepEqual(inTrx, [{ a: 1, b: 2, c: 3 }]);
    }));

  test('inside a transaction a changed table fails the statement once; the next transaction succeeds', () =>
    onPostgres(async (t) => {
      const db = belowAccessLayer(t.database); // a probe table below the access layer
      await sql`create table deploy_probe (a int)`.execute(db);
      await belowAccessLayer(t.database)
        .transaction()
        .execute((trx) => allOf(trx, 'deploy_probe'));
      await sql`alter table deploy_probe add column b int`.execute(db);
      await assert.rejects(
        belowAccessLayer(t.database)
          .transaction()
          .execute((trx) => allOf(trx, 'deploy_probe')),
        /cached plan must not change result type/,
      );
      assert.deepEqual(
        await belowAccessLayer(t.database)
          .transaction()
          .execute((trx) => allOf(trx, 'deploy_probe')),
        [],
      );
    }));

  test('a rollback to a savepoint leaves the transaction open: no retry inside it', () =>
    onPostgres(async (t) => {
      await sql`create table deploy_probe (a int)`.execute(belowAccessLayer(t.database));
      await assert.rejects(
        belowAccessLayer(t.database)
          .transaction()
          .execute(async (trx) => {
            await allOf(trx, 'deploy_probe');
            await sql`savepoint before_change`.execute(trx);
            await sql`rollback to savepoint before_change`.execute(trx);
            await sql`alter table deploy_probe add column b int`.execute(trx);
            // Still in the transaction: the statement's own error, not a retry's "transaction is aborted".
            await allOf(trx, 'deploy_probe');
          }),
        /cached plan must not change result type/,
      );
    }));
});
