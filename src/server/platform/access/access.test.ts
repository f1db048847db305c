import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { message as catalogueMessage } from '../../../shared/i18n/i18n.ts';
import type { ContactPermission } from '../../../shared/permissions.ts';
import { createTestDatabase, type TestDatabase } from '../../test/harness.ts';
import type { Db } from '../db/db.ts';
import { AppError } from '../errors.ts';
import { ScopeError } from './plugin.ts';
import { type TableName, tableRules } from './registry.ts';
import { type AccessPolicy, requireAccess } from './require-access.ts';
import { type ClientScope, system } from './scope.ts';
import { unregisteredTables } from './tables.ts';

const at = '2026-03-02T09:00:00.000Z';

interface World {
  t: TestDatabase;
  acme: number;
  birch: number;
  acmeContact: number;
  birchContact: number;
  acmeTicket: number;
  birchTicket: number;
  staffAccount: number;
}

async function client(db: Db, name: string): Promise<number> {
  const row = await db
    .insertInto('clients')
    .values({
      name,
      portal_enabled: 1,
      created_at: at,
      updated_at: at,
      archived_at: null,
      phone: null,
      website: null,
      notes: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function contact(db: Db, clientId: number, name: string): Promise<number> {
  const row = await db
    .insertInto('contacts')
    .values({
      client_id: clientId,
      name,
      email: `${name.toLowerCase()}@example.com`,
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
  return row.id;
}

async function ticket(db: Db, clientId: number, subject: string): Promise<number> {
  const row = await db
    .insertInto('tickets')
    .values({
      client_id: clientId,
      requester_contact_id: null,
      subject,
      description: subject,
      priority: 'medium',
      status: 'open',
      category_id: null,
      assignee_account_id: null,
      created_by_account_id: null,
      source: 'staff',
      sla_policy_id: null,
      response_target_ms: null,
      resolution_target_ms: null,
      first_response_at: null,
      resolved_at: null,
      closed_at: null,
      response_due_at: null,
      resolution_due_at: null,
      merged_into_id: null,
      updated_at: at,
      public_updated_at: at,
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function message(db: Db, ticketId: number, body: string, internal: 0 | 1): Promise<void> {
  await db
    .insertInto('ticket_messages')
    .values({
      ticket_id: ticketId,
      author_kind: 'staff',
      author_account_id: null,
      author_contact_id: null,
      author_name: 'Tess Tech',
      body,
      internal,
      source: 'staff',
      email_message_id: null,
      created_at: at,
    })
    .execute();
}

async function makeWorld(): Promise<World> {
  const t = await createTestDatabase();
  const db = t.db;
  const acme = await client(db, 'Acme');
  const birch = await client(db, 'Birchwood');
  const acmeContact = await contact(db, acme, 'Ann');
  const birchContact = await contact(db, birch, 'Bob');
  const acmeTicket = await ticket(db, acme, 'Acme printer');
  const birchTicket = await ticket(db, birch, 'Birchwood secret');
  await message(db, acmeTicket, 'public reply', 0);
  await message(db, acmeTicket, 'internal note', 1);
  await message(db, birchTicket, 'birch reply', 0);
  const staff = await db
    .insertInto('accounts')
    .values({
      kind: 'staff',
      email: 'tess@provider.example',
      name: 'Tess Tech',
      password_hash: null,
      staff_role: 'technician',
      contact_id: null,
      status: 'active',
      must_change_password: 0,
      last_login_at: null,
      mfa_secret: null,
      mfa_enabled_at: null,
      mfa_last_step: null,
      locked_until: null,
      pending_email: null,
      password_changed_at: null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('tickets')
    .set({ assignee_account_id: staff.id })
    .where('id', 'in', [acmeTicket, birchTicket])
    .execute();
  return { t, acme, birch, acmeContact, birchContact, acmeTicket, birchTicket, staffAccount: staff.id };
}

function clientScope(w: World): ClientScope {
  return { kind: 'client', clientId: w.acme, contactId: w.acmeContact, permissions: new Set() };
}

/** Runs `fn` and returns how many statements reached the database. */
async function statementsOf(w: World, fn: () => Promise<unknown>): Promise<number> {
  let count = 0;
  w.t.database.onQuery = () => {
    count += 1;
  };
  try {
    await fn();
  } finally {
    w.t.database.onQuery = undefined;
  }
  return count;
}

describe('access layer: fails closed', () => {
  let w: World;
  before(async () => {
    w = await makeWorld();
  });
  after(() => w.t.drop());

  const clientData = (Object.keys(tableRules) as TableName[]).filter(
    (name) => tableRules[name].kind !== 'provider',
  );

  test('every table holding client data refuses an unscoped select, update, delete and insert, before the database', async () => {
    assert.ok(clientData.length >= 20, `only ${clientData.length} client-data tables registered`);
    const db = w.t.database.db;
    for (const table of clientData) {
      const attempts: [string, () => Promise<unknown>][] = [
        ['select', () => db.selectFrom(table).selectAll().execute()],
        [
          'select in a join',
          () =>
            db
              .selectFrom('organisation as o')
              .innerJoin(`${table} as x` as 'organisation as x', (j) => j.onTrue())
              .selectAll('o')
              .execute(),
        ],
        [
          'select in a subquery',
          () =>
            db
              .selectFrom('jobs')
              .select('id')
              .where((eb) => eb.exists(eb.selectFrom(table).select(sql<number>`1`.as('one'))))
              .execute(),
        ],
        [
          'update',
          () =>
            db
              .updateTable(table)
              .set({ id: 0 } as never)
              .execute(),
        ],
        ['delete', () => db.deleteFrom(table).execute()],
        [
          'insert',
          () =>
            db
              .insertInto(table)
              .values({ id: 0 } as never)
              .execute(),
        ],
        ['raw SQL', () => sql`select count(*) from ${sql.table(table)}`.execute(db)],
        ['raw SQL with an identifier', () => sql`select count(*) from ${sql.id(table)}`.execute(db)],
      ];
      for (const [what, attempt] of attempts) {
        const reached = await statementsOf(w, () =>
          assert.rejects(
            attempt,
            (error: unknown) => error instanceof ScopeError,
            `${what} on ${table} was not refused`,
          ),
        );
        assert.equal(reached, 0, `${what} on ${table} reached the database`);
      }
    }
  });

  test('a table the registry does not know is refused under every scope', async () => {
    await w.t.db.schema.createTable('not_registered').addColumn('id', 'integer').execute();
    for (const db of [w.t.database.db, w.t.db, w.t.database.scoped(clientScope(w)).db]) {
      await assert.rejects(
        () =>
          db
            .selectFrom('not_registered' as 'jobs')
            .selectAll()
            .execute(),
        (error: unknown) => error instanceof ScopeError && /not in the access registry/.test(error.message),
      );
    }
  });

  test('raw SQL text naming a client-data table is refused without a scope', async () => {
    await assert.rejects(
      () =>
        sql`select m.id from ticket_messages m join tickets t on t.id = m.ticket_id`.execute(w.t.database.db),
      ScopeError,
    );
  });

  test('provider tables need no scope', async () => {
    const rows = await w.t.database.db.selectFrom('ticket_categories').select('id').execute();
    assert.ok(Array.isArray(rows));
  });
});

describe('access layer: a client scope sees its own client only', () => {
  let w: World;
  let db: Db;
  before(async () => {
    w = await makeWorld();
    db = w.t.database.scoped(clientScope(w)).db;
  });
  after(() => w.t.drop());

  test('a select reads only the client’s rows, even without a where clause', async () => {
    const tickets = await db.selectFrom('tickets').select('id').execute();
    assert.deepEqual(
      tickets.map((r) => r.id),
      [w.acmeTicket],
    );
    const byId = await db.selectFrom('tickets').select('id').where('id', '=', w.birchTicket).execute();
    assert.deepEqual(byId, []);
    const clients = await db.selectFrom('clients').select('id').execute();
    assert.deepEqual(
      clients.map((r) => r.id),
      [w.acme],
    );
  });

  test('rows reached through a parent are filtered by the parent, and internal notes never come back', async () => {
    const messages = await db.selectFrom('ticket_messages').select('body').orderBy('id').execute();
    assert.deepEqual(
      messages.map((m) => m.body),
      ['public reply'],
    );
  });

  test('a joined table of another client reads as absent; the provider’s people stay visible', async () => {
    const rows = await db
      .selectFrom('tickets as t')
      .leftJoin('clients as c', 'c.id', 't.client_id')
      .leftJoin('accounts as a', 'a.id', 't.assignee_account_id')
      .select(['t.id', 'c.name', 'a.name as assignee'])
      .execute();
    assert.deepEqual(rows, [{ id: w.acmeTicket, name: 'Acme', assignee: 'Tess Tech' }]);
    const staffView = await w.t.db
      .selectFrom('contacts as k')
      .innerJoin('tickets as t', 't.client_id', 'k.client_id')
      .select('t.id')
      .execute();
    assert.equal(staffView.length, 2);
    const joined = await db
      .selectFrom('contacts as k')
      .innerJoin('tickets as t', (j) => j.onTrue())
      .select(['k.id', 't.id as ticket'])
      .execute();
    assert.deepEqual(joined, [{ id: w.acmeContact, ticket: w.acmeTicket }]);
  });

  test('updates and deletes of another client’s rows change nothing', async () => {
    const updated = await db
      .updateTable('tickets')
      .set({ subject: 'hacked' })
      .where('id', '=', w.birchTicket)
      .executeTakeFirst();
    assert.equal(Number(updated.numUpdatedRows), 0);
    const deleted = await db
      .deleteFrom('ticket_messages')
      .where('ticket_id', '=', w.birchTicket)
      .executeTakeFirst();
    assert.equal(Number(deleted.numDeletedRows), 0);
    const birch = await w.t.db
      .selectFrom('tickets')
      .select('subject')
      .where('id', '=', w.birchTicket)
      .executeTakeFirstOrThrow();
    assert.equal(birch.subject, 'Birchwood secret');
    const own = await db
      .updateTable('tickets')
      .set({ subject: 'Acme printer!' })
      .where('id', '=', w.acmeTicket)
      .executeTakeFirst();
    assert.equal(Number(own.numUpdatedRows), 1);
  });

  test('a contact reads the provider’s people but cannot change a staff account', async () => {
    const staff = await db.selectFrom('accounts').select('name').where('id', '=', w.staffAccount).execute();
    assert.deepEqual(staff, [{ name: 'Tess Tech' }]);
    const changed = await db
      .updateTable('accounts')
      .set({ name: 'Pwned' })
      .where('id', '=', w.staffAccount)
      .executeTakeFirst();
    assert.equal(Number(changed.numUpdatedRows), 0);
    const removed = await db.deleteFrom('accounts').where('id', '=', w.staffAccount).executeTakeFirst();
    assert.equal(Number(removed.numDeletedRows), 0);
  });

  test('an insert for another client, or into a staff-only table, is refused before the database', async () => {
    const reached = await statementsOf(w, async () => {
      await assert.rejects(() => ticket(db, w.birch, 'planted'), ScopeError);
      await assert.rejects(() => contact(db, w.birch, 'Mallory'), ScopeError);
      await assert.rejects(
        () =>
          db
            .insertInto('canned_responses')
            .values({ title: 't', body: 'b', created_by: null, created_at: at, updated_at: at })
            .execute(),
        ScopeError,
      );
      await assert.rejects(() => db.selectFrom('inbound_emails').selectAll().execute(), ScopeError);
    });
    assert.equal(reached, 0);
    assert.ok((await ticket(db, w.acme, 'own')) > 0);
  });

  test('a scoped query embedded in another is filtered once and still works', async () => {
    const watched = db.selectFrom('ticket_messages').select('ticket_id');
    const rows = await db.selectFrom('tickets').select('id').where('id', 'in', watched).execute();
    assert.deepEqual(
      rows.map((r) => r.id),
      [w.acmeTicket],
    );
    const compiled = db
      .selectFrom('tickets')
      .select('id')
      .where('id', 'in', db.selectFrom('tickets').select('id'))
      .compile();
    assert.equal(compiled.sql.match(/client_id/g)?.length, 2, compiled.sql);
  });

  test('a common table expression is filtered inside and read by its name', async () => {
    const rows = await db
      .with('recent', (q) => q.selectFrom('tickets').select(['id', 'client_id']))
      .selectFrom('recent')
      .select(['id', 'client_id'])
      .execute();
    assert.ok(rows.length > 0);
    assert.deepEqual(new Set(rows.map((r) => r.client_id)), new Set([w.acme]));
  });

  test('a contact’s filters only check rows the query reaches by its own indexes (+column)', () => {
    const compiled = db
      .selectFrom('tickets as t')
      .innerJoin('clients as c', 'c.id', 't.client_id')
      .select('t.id')
      .compile();
    assert.match(compiled.sql, /\+"t"\."client_id" = (\?|\$\d+)/);
    assert.match(compiled.sql, /\+"c"\."id" = (\?|\$\d+)/);
  });

  test('a child read pinned to one parent checks that parent once; any other shape checks each row', async () => {
    const pinned = (id: number) =>
      db.selectFrom('ticket_messages').select('body').where('ticket_id', '=', id).orderBy('id');
    // The parent key is a value in the sub-query, not a reference to the row: SQLite runs it once.
    const compiled = pinned(w.acmeTicket).compile();
    assert.match(compiled.sql, /"__scope1"\."id" = (\?|\$\d+) and/);
    assert.deepEqual(
      (await pinned(w.acmeTicket).execute()).map((m) => m.body),
      ['public reply'],
    );
    assert.deepEqual(await pinned(w.birchTicket).execute(), []);
    const inOne = db.selectFrom('ticket_messages').select('body').where('ticket_id', 'in', [w.birchTicket]);
    assert.match(inOne.compile().sql, /"__scope1"\."id" = (\?|\$\d+) and/);
    assert.deepEqual(await inOne.execute(), []);
    // Under an `or`, with several ids, or joined, the pin proves nothing: the row's own key is checked.
    const shapes = [
      db
        .selectFrom('ticket_messages')
        .select('body')
        .where((eb) => eb.or([eb('ticket_id', '=', w.acmeTicket), eb('internal', '=', 1)])),
      db.selectFrom('ticket_messages').select('body').where('ticket_id', 'in', [w.acmeTicket, w.birchTicket]),
      db
        .selectFrom('ticket_messages as m')
        .innerJoin('tickets as t', 't.id', 'm.ticket_id')
        .select('m.body')
        .where('t.id', '=', w.birchTicket),
    ];
    for (const q of shapes) {
      assert.match(q.compile().sql, /"__scope1"\."id" = "(ticket_messages|m)"\."ticket_id"/);
      for (const row of await q.execute()) assert.equal(row.body, 'public reply');
    }
  });

  test('raw SQL naming client data is refused under a client scope', async () => {
    await assert.rejects(() => sql`select id from tickets`.execute(db), ScopeError);
  });

  test('a scope carried into a transaction stays on it', async () => {
    const ids = await w.t.database
      .scoped(clientScope(w))
      .transaction((trx) => trx.selectFrom('tickets').select('client_id').execute());
    assert.ok(ids.length > 0);
    assert.deepEqual(new Set(ids.map((r) => r.client_id)), new Set([w.acme]));
  });

  test('staff and system scopes see every client', async () => {
    const staff = w.t.database.scoped({
      kind: 'staff',
      accountId: w.staffAccount,
      permissions: new Set(),
    }).db;
    const clients = (await staff.selectFrom('tickets').select('client_id').execute()).map((r) => r.client_id);
    assert.deepEqual(new Set(clients), new Set([w.acme, w.birch]));
    assert.equal(
      (await w.t.database.scoped(system('test')).db.selectFrom('ticket_messages').select('id').execute())
        .length,
      3,
    );
  });
});

describe('access registry and the migrated schema', () => {
  test('every table the migrations create is registered, and every registered table exists', async () => {
    const t = await createTestDatabase();
    try {
      assert.deepEqual(await unregisteredTables(t.database), { unregistered: [], missing: [] });
    } finally {
      await t.drop();
    }
  });

  test('a table a migration adds without a registry entry fails the check above', async () => {
    const t = await createTestDatabase();
    try {
      await t.db.schema
        .createTable('shiny_new_things')
        .addColumn('id', 'integer')
        .addColumn('client_id', 'integer')
        .execute();
      assert.deepEqual(await unregisteredTables(t.database), {
        unregistered: ['shiny_new_things'],
        missing: [],
      });
    } finally {
      await t.drop();
    }
  });
});

describe('requireAccess: one check, denying by default', () => {
  let w: World;
  before(async () => {
    w = await makeWorld();
  });
  after(() => w.t.drop());

  const policy = {
    what: catalogueMessage('errors:notFound.ticket'),
    table: 'tickets',
    staff: { permission: 'tickets:view', denied: catalogueMessage('errors:denied.ticketsView') },
    contact: { anyOf: ['tickets:view-company'], denied: catalogueMessage('errors:denied.portalTickets') },
  } as const satisfies AccessPolicy;
  const staffOnlyPolicy = {
    what: catalogueMessage('errors:notFound.record'),
    staff: policy.staff,
  } as const satisfies AccessPolicy;

  function contactDb(permissions: ContactPermission[]): Db {
    return w.t.database.scoped({ ...clientScope(w), permissions: new Set(permissions) }).db;
  }

  test('a contact’s own ids come back in the order asked; another client’s id is the same 404 as a missing one', async () => {
    const db = contactDb(['tickets:view-company']);
    const rows = await requireAccess(db, policy, [w.acmeTicket, w.acmeTicket]);
    assert.deepEqual(
      rows.map((r) => r.id),
      [w.acmeTicket, w.acmeTicket],
    );
    for (const ids of [[w.birchTicket], [w.acmeTicket, w.birchTicket], [999_999]]) {
      await assert.rejects(
        () => requireAccess(db, policy, ids),
        (error: unknown) =>
          error instanceof AppError &&
          error.code === 'not_found' &&
          error.message === 'That ticket was not found.',
      );
    }
  });

  test('without the permission, or without a part for their kind, a person gets the policy’s 403', async () => {
    await assert.rejects(
      () => requireAccess(contactDb([]), policy, [w.acmeTicket]),
      (error: unknown) =>
        error instanceof AppError &&
        error.code === 'forbidden' &&
        error.message === 'Your portal access does not include tickets.',
    );
    await assert.rejects(
      () => requireAccess(contactDb(['tickets:view-company']), staffOnlyPolicy),
      (error: unknown) => error instanceof AppError && error.code === 'forbidden',
    );
    const staff = w.t.database.scoped({
      kind: 'staff',
      accountId: w.staffAccount,
      permissions: new Set(),
    }).db;
    await assert.rejects(
      () => requireAccess(staff, policy),
      (error: unknown) => error instanceof AppError && error.message === 'Your role cannot see tickets.',
    );
    const allowed = w.t.database.scoped({
      kind: 'staff',
      accountId: w.staffAccount,
      permissions: new Set(['tickets:view']),
    }).db;
    assert.equal((await requireAccess(allowed, policy, [w.birchTicket])).length, 1);
  });

  test('an unscoped handle cannot ask', async () => {
    await assert.rejects(() => requireAccess(w.t.database.db, policy), /needs a scoped database/);
  });
});
