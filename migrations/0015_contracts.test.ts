/**
 * Migration 0015 adds contracts with the sites they cover and the contacts they notify. A site or contact
 * that goes leaves the contracts that named it (the contract stays); a contract removed takes its links.
 * On the test database (SQLite, or PostgreSQL with TEST_DATABASE_URL).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { belowAccessLayer } from '../src/server/platform/db/db.ts';
import { createTestDatabase } from '../src/server/test/harness.ts';

test('0015: links to sites and contacts follow their rows; contracts keep their dates as written', async () => {
  const tdb = await createTestDatabase({ env: {} });
  try {
    const db = belowAccessLayer(tdb.database);
    const at = '2026-03-02T09:00:00.000Z';
    const client = await db
      .insertInto('clients')
      .values({
        name: 'Migrated Ltd',
        phone: null,
        website: null,
        notes: null,
        portal_enabled: 1,
        created_at: at,
        updated_at: at,
        archived_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const site = await db
      .insertInto('client_sites')
      .values({ client_id: client.id, label: 'HQ', address: '1 Road', created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    const contact = await db
      .insertInto('contacts')
      .values({
        client_id: client.id,
        name: 'Pat',
        email: 'pat@migrated.example',
        presets: '["primary"]',
        switches: '{}',
        title: null,
        department: null,
        phone: null,
        mobile: null,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const contract = await db
      .insertInto('contracts')
      .values({
        client_id: client.id,
        name: 'Support',
        type: 'managed-services',
        sla_policy_id: null,
        sla_calendar_id: null,
        start_date: '2026-01-01',
        end_date: '2026-12-31',
        renewal_date: null,
        notice_days: null,
        status: 'active',
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('contract_sites').values({ contract_id: contract.id, site_id: site.id }).execute();
    await db
      .insertInto('contract_contacts')
      .values({ contract_id: contract.id, contact_id: contact.id })
      .execute();

    const stored = await db
      .selectFrom('contracts')
      .selectAll()
      .where('id', '=', contract.id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.start_date, '2026-01-01', 'a calendar date, as text on both databases');
    assert.equal(stored.all_sites, 1, 'covers all sites unless told otherwise');
    assert.equal(stored.auto_renew, 0);
    assert.equal(stored.scope, '');

    await db.deleteFrom('client_sites').where('id', '=', site.id).execute();
    await db.deleteFrom('contacts').where('id', '=', contact.id).execute();
    assert.equal((await db.selectFrom('contract_sites').selectAll().execute()).length, 0);
    assert.equal((await db.selectFrom('contract_contacts').selectAll().execute()).length, 0);
    assert.ok(await db.selectFrom('contracts').select('id').where('id', '=', contract.id).executeTakeFirst());

    const duplicate = db
      .insertInto('contract_sites')
      .values([
        { contract_id: contract.id, site_id: site.id },
        { contract_id: contract.id, site_id: site.id },
      ])
      .execute();
    await assert.rejects(duplicate, 'a site is listed once per contract (and must exist)');
  } finally {
    await tdb.drop();
  }
});
