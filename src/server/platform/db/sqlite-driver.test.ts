import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../test/harness.ts';
import { openSqlite } from './db.ts';

/** SQLite's two connections (ReadWriteSqliteDialect); PostgreSQL has a pool and is not concerned. */
describe('SQLite: one writing connection, one reading connection', () => {
  let t: TestDatabase;
  const now = new Date().toISOString();
  const client = (name: string) => ({ name, portal_enabled: 1, created_at: now, updated_at: now });
  const names = async () =>
    (await t.db.selectFrom('clients').select('name').orderBy('id').execute()).map((r) => r.name);

  before(async () => {
    t = await createTestDatabase({ dialect: 'sqlite' });
  });
  after(() => t.drop());

  test('a read outside a transaction neither waits for an open one nor sees its writes', async () => {
    let inside!: () => void;
    const holding = new Promise<void>((resolve) => {
      inside = resolve;
    });
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const tx = t.db.transaction().execute(async (trx) => {
      await trx.insertInto('clients').values(client('Uncommitted')).execute();
      // The transaction reads its own write.
      const own = await trx.selectFrom('clients').select('name').execute();
      assert.deepEqual(
        own.map((r) => r.name),
        ['Uncommitted'],
      );
      inside();
      await finished;
    });
    await holding;
    // With one connection behind a mutex this read would wait for the transaction forever (it waits
    // for `finish`, called only after the read).
    assert.deepEqual(await names(), []);
    // A write outside the transaction waits for it; then lands after it.
    const write = t.db.insertInto('clients').values(client('After')).execute();
    let wrote = false;
    void write.then(() => {
      wrote = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(wrote, false, 'the write waits for the open transaction');
    finish();
    await tx;
    await write;
    assert.deepEqual(await names(), ['Uncommitted', 'After']);
  });

  test('a rolled-back transaction frees the writer, and nothing of it is read', async () => {
    await assert.rejects(
      t.db.transaction().execute(async (trx) => {
        await trx.insertInto('clients').values(client('Rolled back')).execute();
        throw new Error('no');
      }),
      /no/,
    );
    await t.db.insertInto('clients').values(client('Next')).execute();
    assert.deepEqual(await names(), ['Uncommitted', 'After', 'Next']);
  });

  test('raw SQL that writes goes to the writer; reads through raw SQL work', async () => {
    await sql`update clients set name = 'Renamed' where name = 'Next'`.execute(t.db);
    const rows = await sql<{ n: number }>`select count(*) as n from clients`.execute(t.db);
    assert.equal(rows.rows[0]?.n, 3);
    assert.deepEqual(await names(), ['Uncommitted', 'After', 'Renamed']);
  });

  test('the reading connection refuses writes of its own accord', () => {
    const where = t.config.database;
    assert.equal(where.dialect, 'sqlite');
    const reader = openSqlite(where.dialect === 'sqlite' ? where.path : '', { readOnly: true });
    try {
      assert.throws(() => reader.prepare("update clients set name = 'x'").run(), /readonly|read-only/i);
      assert.equal((reader.prepare('select count(*) as n from clients').get() as { n: number }).n, 3);
    } finally {
      reader.close();
    }
  });
});
