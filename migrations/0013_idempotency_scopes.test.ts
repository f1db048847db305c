/**
 * Migration 0013 rebuilds idempotency_keys with scopes and claim tokens: the keys already stored (a
 * day's worth) are carried over as signed-in keys, their answers intact. On the test database (SQLite,
 * or PostgreSQL with TEST_DATABASE_URL).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { belowAccessLayer } from '../src/server/platform/db/db.ts';
import { createTestDatabase } from '../src/server/test/harness.ts';
import { migrations } from './index.ts';

test('0013 keeps the stored keys, as keys of their accounts', async () => {
  const tdb = await createTestDatabase({ env: {} });
  try {
    // The idempotency table as 0010 left it, with a key stored.
    const db = belowAccessLayer(tdb.database);
    await db.schema.dropTable('idempotency_keys').execute();
    await migrations(tdb.database.dialect)['0010_idempotency_keys']?.up(db);
    const now = '2026-03-02T09:00:00.000Z';
    const account = await db
      .insertInto('accounts')
      .values({
        kind: 'staff',
        email: 'kept@example.com',
        name: 'Kept Key',
        password_hash: null,
        staff_role: 'owner',
        contact_id: null,
        status: 'active',
        must_change_password: 0,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // biome-ignore lint/suspicious/noExplicitAny: the table as 0010 made it, not as the app knows it now
    await (db as any)
      .insertInto('idempotency_keys')
      .values({
        account_id: account.id,
        route: 'POST /api/v1/tickets',
        idempotency_key: 'kept-key',
        request_hash: 'a'.repeat(64),
        response_status: 201,
        response_type: 'application/json; charset=utf-8',
        response_body: '{"id":7}',
        created_at: now,
        completed_at: now,
      })
      .execute();

    // 0013 run on its own: later migrations are already applied to the template database, so the
    // migrator (which keeps migrations in order) cannot be asked to apply 0013 again.
    const step = migrations(tdb.database.dialect)['0013_idempotency_scopes'];
    assert.ok(step);
    await step.up(db);
    const rows = await db.selectFrom('idempotency_keys').selectAll().execute();
    assert.equal(rows.length, 1);
    const row = rows[0];
    assert.equal(row?.scope, `account:${account.id}`);
    assert.equal(row?.account_id, account.id);
    assert.equal(row?.idempotency_key, 'kept-key');
    assert.equal(row?.response_status, 201);
    assert.equal(row?.response_body, '{"id":7}');
    assert.equal(row?.locked_at, now);
    assert.equal(row?.claim_token, null);
    // The new unique key: the same key and route in another scope is another row.
    await db
      .insertInto('idempotency_keys')
      .values({
        scope: 'setup:caller:x',
        account_id: null,
        route: 'POST /api/v1/tickets',
        idempotency_key: 'kept-key',
        request_hash: 'b',
        claim_token: 't',
        locked_at: now,
        created_at: now,
      })
      .execute();
    await assert.rejects(
      db
        .insertInto('idempotency_keys')
        .values({
          scope: 'setup:caller:x',
          account_id: null,
          route: 'POST /api/v1/tickets',
          idempotency_key: 'kept-key',
          request_hash: 'c',
          claim_token: 'u',
          locked_at: now,
          created_at: now,
        })
        .execute(),
    );
  } finally {
    await tdb.drop();
  }
});
