import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/harness.ts';
import { ScopeError } from '../access/plugin.ts';
import type { DbOrTrx } from './db.ts';
import { prepared, preparedShapes } from './prepared.ts';

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

  const shaped = preparedShapes(
    (db: DbOrTrx, shape: { named: boolean; archived: boolean }, v: { names: string[]; notId: number }) => {
      let q = db.selectFrom('clients').select(['id', 'name']).where('id', '<>', v.notId).orderBy('id');
      if (shape.named) q = q.where('name', 'in', v.names);
      if (shape.archived) q = q.where('archived_at', 'is not', null);
      return q;
    },
  );
  const names = (rows: { name: string }[]) => rows.map((r) => r.name);

  test('shaped: one compile per shape and list length, each run with its own values', async () => {
    const run = (
      key: string,
      shape: { named: boolean; archived: boolean },
      v: { names: string[]; notId: number },
    ) => shaped(t.db, key, shape, v);
    assert.deepEqual(
      names(await run('named', { named: true, archived: false }, { names: ['Acme'], notId: 0 })),
      ['Acme'],
    );
    assert.deepEqual(
      names(await run('named', { named: true, archived: false }, { names: ['Globex'], notId: 0 })),
      ['Globex'],
    );
    // Another length of the list is another compiled query, not a wrong count of placeholders.
    assert.deepEqual(
      names(await run('named', { named: true, archived: false }, { names: ['Acme', 'Initech'], notId: 0 })),
      ['Acme', 'Initech'],
    );
    // A value the shape does not use is left out.
    assert.deepEqual(names(await run('all', { named: false, archived: false }, { names: ['x'], notId: 0 })), [
      'Acme',
      'Globex',
      'Initech',
    ]);
    assert.deepEqual(
      names(await run('archived', { named: false, archived: true }, { names: [], notId: 0 })),
      [],
    );
    assert.deepEqual(
      names(await run('named', { named: true, archived: false }, { names: ["x' or '1'='1"], notId: 0 })),
      [],
    );
  });

  test('shaped under a client scope: the compiled query takes each client its own id', async () => {
    const ids = await t.db.selectFrom('clients').select(['id', 'name']).orderBy('id').execute();
    const contactsOf = preparedShapes((db: DbOrTrx, _shape: null, v: { email: string }) =>
      db.selectFrom('contacts').select(['client_id', 'email']).where('email', 'like', v.email),
    );
    const now = new Date().toISOString();
    for (const c of ids) {
      await t.db
        .insertInto('contacts')
        .values({
          client_id: c.id,
          name: c.name,
          email: `someone@${c.name.toLowerCase()}.example`,
          presets: '[]',
          switches: '{}',
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    for (const c of ids) {
      const scoped = t.database.scoped({
        kind: 'client',
        clientId: c.id,
        contactId: 0,
        permissions: new Set(),
      }).db;
      const rows = await contactsOf(scoped, 'all', null, { email: '%' });
      assert.deepEqual(
        rows.map((r) => r.client_id),
        [c.id],
        `${c.name} sees its own contact only`,
      );
    }
  });

  test("an insert into a client table: each run's row client is checked against a client scope", async () => {
    const ids = (await t.db.selectFrom('clients').select('id').orderBy('id').execute()).map((r) => r.id);
    const [own, other] = ids as [number, number];
    const insertContacts = preparedShapes(
      (db: DbOrTrx, _shape: null, v: { clientIds: number[]; emails: string[]; at: string }) =>
        db
          .insertInto('contacts')
          .values(
            v.clientIds.map((_, i) => ({
              client_id: v.clientIds[i] as number,
              name: 'Inserted',
              email: v.emails[i] as string,
              presets: '[]',
              switches: '{}',
              created_at: v.at,
              updated_at: v.at,
            })),
          )
          .returning(['client_id', 'email']),
      { clientValue: 'clientIds' },
    );
    const scoped = t.database.scoped({
      kind: 'client',
      clientId: own,
      contactId: 0,
      permissions: new Set(),
    }).db;
    const at = new Date().toISOString();
    const rows = await insertContacts(scoped, '', null, {
      clientIds: [own, own],
      emails: ['one@own.example', 'two@own.example'],
      at,
    });
    assert.deepEqual(
      rows.map((r) => [r.client_id, r.email]),
      [
        [own, 'one@own.example'],
        [own, 'two@own.example'],
      ],
    );
    // The same compiled query, one row naming another client: refused, nothing written.
    await assert.rejects(
      insertContacts(scoped, '', null, {
        clientIds: [own, other],
        emails: ['three@own.example', 'four@other.example'],
        at,
      }),
      ScopeError,
    );
    const otherScoped = t.database.scoped({
      kind: 'client',
      clientId: other,
      contactId: 0,
      permissions: new Set(),
    }).db;
    await assert.rejects(
      insertContacts(otherScoped, '', null, { clientIds: [own], emails: ['x@y.example'], at }),
      ScopeError,
    );
    // The other client's own row goes in under its scope, with its own id.
    const theirs = await insertContacts(otherScoped, '', null, {
      clientIds: [other],
      emails: ['five@other.example'],
      at,
    });
    assert.deepEqual(
      theirs.map((r) => r.client_id),
      [other],
    );
    const written = await t.db
      .selectFrom('contacts')
      .select('email')
      .where('email', 'in', ['three@own.example', 'four@other.example', 'x@y.example'])
      .execute();
    assert.deepEqual(written, []);
    // Unscoped (system work), the value is an ordinary value.
    const system = await insertContacts(t.db, '', null, {
      clientIds: [other],
      emails: ['six@other.example'],
      at,
    });
    assert.deepEqual(
      system.map((r) => r.client_id),
      [other],
    );
  });
});
