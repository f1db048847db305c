import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/harness.ts';
import type { DbOrTrx } from './db.ts';
import { prepared } from './prepared.ts';

describe('prepared queries', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
    const now = new Date().toISOString();
    await t.db
      .insertInto('clients')
      .values(
        ['Acme', 'Globex', 'Initech'].map((name) => ({
          name,
          portal_enabled: 1,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  });
  after(() => t.drop());

  const byName = prepared((db: DbOrTrx, name: string, notId: number) =>
    db
      .selectFrom('clients')
      .select(['id', 'name'])
      .where('name', '=', name)
      .where('id', '<>', notId)
      .where('archived_at', 'is', null)
      .orderBy('id'),
  );

  test('each run takes its own values, compiled once, on the database and in a transaction', async () => {
    const acme = await byName(t.db, 'Acme', 0);
    assert.deepEqual(
      acme.map((r) => r.name),
      ['Acme'],
    );
    assert.deepEqual(await byName(t.db, 'Acme', acme[0]?.id ?? 0), []);
    assert.deepEqual(
      (await byName(t.db, 'Globex', 0)).map((r) => r.name),
      ['Globex'],
    );
    const inside = await t.db.transaction().execute((trx) => byName(trx, 'Initech', 0));
    assert.deepEqual(
      inside.map((r) => r.name),
      ['Initech'],
    );
    // A value that looks like SQL is a value.
    assert.deepEqual(await byName(t.db, "x' or '1'='1", 0), []);
  });

  test('a parameter that is not used as a value is refused', async () => {
    const wrong = prepared((db: DbOrTrx, _unused: string) => db.selectFrom('clients').select('id'));
    await assert.rejects(wrong(t.db, 'x'), /not used as a value/);
  });
});
