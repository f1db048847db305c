import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { contactPresets } from '../../../shared/permissions.ts';
import { ticketPriorities, ticketStatuses } from '../../../shared/schemas/tickets.ts';
import { buildApp } from '../../app.ts';
import { planFromArgs } from '../../cli/generate.ts';
import type { Database } from '../../platform/db/db.ts';
import { AppError } from '../../platform/errors.ts';
import { localStorage } from '../../platform/storage.ts';
import {
  Client,
  createTestApp,
  createTestDatabase,
  fakeClock,
  setUp,
  type TestDatabase,
  testDialect,
} from '../../test/harness.ts';
import { balanceFor } from '../hours/hours.service.ts';
import { recordSla } from '../tickets/sla-record.ts';
import { type GenerateResult, generate } from './generate.service.ts';
import { Random } from './random.ts';

const NOW = new Date('2026-03-02T09:00:00.000Z');
const tiny = {
  clients: 3,
  contacts: 30,
  tickets: 200,
  messages: 600,
  attachments: 12,
  seed: 'test-seed',
  now: NOW,
} as const;

async function generateInto(
  t: TestDatabase,
  seed: string = tiny.seed,
  slaThread = true,
): Promise<GenerateResult> {
  return generate(t.database, {
    ...tiny,
    seed,
    slaThread,
    storage: localStorage(path.join(t.dataDir, 'files')),
  });
}

async function count(
  database: Database,
  table:
    | 'clients'
    | 'contacts'
    | 'tickets'
    | 'ticket_messages'
    | 'contracts'
    | 'ticket_ratings'
    | 'time_entries'
    | 'orders'
    | 'order_lines'
    | 'order_status_changes',
) {
  const { db } = database.system('test look-ups');
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A digest of the generated rows that do not involve random tokens (password salts, storage keys). */
async function digest(database: Database): Promise<string> {
  const { db } = database.system('test look-ups');
  const hash = createHash('sha256');
  const add = (rows: unknown[]) => hash.update(JSON.stringify(rows));
  add(await db.selectFrom('clients').selectAll().orderBy('id').execute());
  add(await db.selectFrom('client_sites').selectAll().orderBy('id').execute());
  add(await db.selectFrom('contacts').selectAll().orderBy('id').execute());
  add(await db.selectFrom('accounts').select(['id', 'email', 'name', 'contact_id']).orderBy('id').execute());
  add(await db.selectFrom('tickets').selectAll().orderBy('id').execute());
  add(await db.selectFrom('ticket_status_changes').selectAll().orderBy('id').execute());
  add(await db.selectFrom('ticket_messages').selectAll().orderBy('id').execute());
  add(await db.selectFrom('ticket_watchers').selectAll().orderBy('id').execute());
  add(await db.selectFrom('ticket_ratings').selectAll().orderBy('id').execute());
  add(await db.selectFrom('contracts').selectAll().orderBy('id').execute());
  add(await db.selectFrom('time_entries').selectAll().orderBy('id').execute());
  add(await db.selectFrom('hour_blocks').selectAll().orderBy('id').execute());
  add(await db.selectFrom('bank_periods').selectAll().orderBy('id').execute());
  add(await db.selectFrom('overage_requests').selectAll().orderBy('id').execute());
  add(
    await db
      .selectFrom('ticket_attachments')
      .select(['ticket_id', 'message_id', 'filename', 'sha256', 'size_bytes', 'internal', 'created_at'])
      .orderBy('id')
      .execute(),
  );
  return hash.digest('hex');
}

describe(`portico generate (${testDialect})`, () => {
  let t: TestDatabase;
  let result: GenerateResult;

  before(async () => {
    t = await createTestDatabase();
    result = await generateInto(t);
  });
  after(() => t.drop());

  test('orders: one to four per client, every status, with their lines and status history', async () => {
    assert.ok(result.counts.orders! >= tiny.clients && result.counts.orders! <= 4 * tiny.clients);
    assert.equal(await count(t.database, 'orders'), result.counts.orders);
    assert.equal(await count(t.database, 'order_lines'), result.counts.order_lines);
    assert.equal(await count(t.database, 'order_status_changes'), result.counts.order_status_changes);
    const { db } = t.database.system('test look-ups');
    const statuses = await db.selectFrom('orders').select('status').distinct().orderBy('status').execute();
    assert.deepEqual(
      statuses.map((s) => s.status),
      ['cancelled', 'delivered', 'ordered', 'placed', 'shipped'],
    );
    // Each order's total is the sum of its lines, and its last status change is its status.
    const mismatched = await db
      .selectFrom('orders as o')
      .select('o.id')
      .where('o.total_minor', '<>', (eb) =>
        eb
          .selectFrom('order_lines as l')
          .select(sql<number>`sum(l.quantity * l.unit_price_minor)`.as('s'))
          .whereRef('l.order_id', '=', 'o.id'),
      )
      .execute();
    assert.deepEqual(mismatched, []);
  });

  test('writes exactly the counts asked for', async () => {
    assert.equal(await count(t.database, 'clients'), tiny.clients);
    assert.equal(await count(t.database, 'contacts'), tiny.contacts);
    assert.equal(await count(t.database, 'tickets'), tiny.tickets);
    assert.equal(await count(t.database, 'ticket_messages'), tiny.messages);
    assert.equal(result.counts.tickets, tiny.tickets);
    assert.equal(result.counts.ticket_messages, tiny.messages);
    assert.equal(result.counts.ticket_attachments, tiny.attachments);
    // Every client has an active contract; some an expired or draft one besides.
    assert.equal(await count(t.database, 'contracts'), result.counts.contracts);
    const { db } = t.database.system('test look-ups');
    const active = await db
      .selectFrom('contracts')
      .select((eb) => eb.fn.count<number>('client_id').distinct().as('n'))
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    assert.equal(Number(active.n), tiny.clients);
  });

  test('every ticket status and priority, every contact preset, internal notes and watchers appear', async () => {
    const db = t.db;
    const statuses = (await db.selectFrom('tickets').select('status').distinct().execute()).map(
      (r) => r.status,
    );
    assert.deepEqual(statuses.sort(), [...ticketStatuses].sort());
    const priorities = (await db.selectFrom('tickets').select('priority').distinct().execute()).map(
      (r) => r.priority,
    );
    assert.deepEqual(priorities.sort(), [...ticketPriorities].sort());
    const presets = new Set(
      (await db.selectFrom('contacts').select('presets').execute()).flatMap(
        (r) => JSON.parse(r.presets) as string[],
      ),
    );
    for (const p of contactPresets) assert.ok(presets.has(p), `preset ${p} appears`);
    // Some clients, and their contacts, use German and Arabic.
    const languages = await db
      .selectFrom('contacts as c')
      .innerJoin('clients as cl', 'cl.id', 'c.client_id')
      .select(['c.language', 'cl.time_zone', 'cl.currency'])
      .distinct()
      .execute();
    for (const expected of [
      { language: 'de', time_zone: 'Europe/Berlin', currency: 'EUR' },
      { language: 'ar', time_zone: 'Asia/Dubai', currency: 'AED' },
      { language: null, time_zone: null, currency: 'EUR' },
    ])
      assert.ok(
        languages.some((l) => JSON.stringify(l) === JSON.stringify(expected)),
        JSON.stringify(languages),
      );
    const notes = await db
      .selectFrom('ticket_messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('internal', '=', 1)
      .executeTakeFirstOrThrow();
    assert.ok(Number(notes.n) > 0, 'internal notes exist');
    assert.equal(Number(notes.n), result.counts.internal_notes);
    assert.ok(result.counts.ticket_watchers! > 0, 'watchers exist');
    // Ratings (issue 14): only of resolved or closed tickets, by their requester, for their client.
    assert.ok(result.counts.ticket_ratings! > 0, 'ratings exist');
    assert.equal(await count(t.database, 'ticket_ratings'), result.counts.ticket_ratings);
    const strayRatings = await db
      .selectFrom('ticket_ratings as r')
      .innerJoin('tickets as tk', 'tk.id', 'r.ticket_id')
      .select('r.id')
      .where((eb) =>
        eb.or([
          eb('tk.status', 'not in', ['resolved', 'closed']),
          eb('r.contact_id', '!=', eb.ref('tk.requester_contact_id')),
          eb('r.client_id', '!=', eb.ref('tk.client_id')),
          eb('r.created_at', '<', eb.ref('tk.resolved_at')),
        ]),
      )
      .execute();
    assert.deepEqual(strayRatings, []);
    // Time (issue 14): on worked tickets, for their client, approved only once the ticket is finished.
    assert.ok(result.counts.time_entries! > 0, 'time entries exist');
    assert.equal(await count(t.database, 'time_entries'), result.counts.time_entries);
    const strayTime = await db
      .selectFrom('time_entries as e')
      .innerJoin('tickets as tk', 'tk.id', 'e.ticket_id')
      .select('e.id')
      .where((eb) =>
        eb.or([
          eb('e.client_id', '!=', eb.ref('tk.client_id')),
          eb('e.actual_minutes', '>', 1440),
          eb('e.billed_minutes', '<', 0),
          eb.and([eb('e.status', 'in', ['approved', 'invoiced']), eb('tk.resolved_at', 'is', null)]),
        ]),
      )
      .execute();
    assert.deepEqual(strayTime, []);
    const timeStatuses = await db.selectFrom('time_entries').select('status').distinct().execute();
    assert.ok(timeStatuses.length >= 3, 'time in several statuses');
    const history = await db
      .selectFrom('ticket_status_changes')
      .select((eb) => eb.fn.count<number>('ticket_id').distinct().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(history.n), tiny.tickets, 'every ticket has a status history');
  });

  test('new tickets are routed round-robin to the service desk team, whose members are staff', async () => {
    const rules = await t.db
      .selectFrom('assignment_rules as r')
      .innerJoin('teams as tm', 'tm.id', 'r.team_id')
      .select(['r.client_id', 'r.category_id', 'r.enabled', 'tm.name', 'tm.id'])
      .execute();
    assert.deepEqual(
      rules.map(({ id: _id, ...r }) => r),
      [{ client_id: null, category_id: null, enabled: 1, name: 'Service desk' }],
    );
    const members = await t.db
      .selectFrom('team_members as m')
      .innerJoin('accounts as a', 'a.id', 'm.account_id')
      .select(['a.kind'])
      .where('m.team_id', '=', rules[0]?.id ?? -1)
      .execute();
    assert.ok(members.length > 0 && members.every((m) => m.kind === 'staff'));
  });

  test("contacts' tickets, messages and watchers belong to their own client", async () => {
    const db = t.db;
    const foreignRequesters = await db
      .selectFrom('tickets as t')
      .innerJoin('contacts as c', 'c.id', 't.requester_contact_id')
      .select('t.id')
      .whereRef('c.client_id', '<>', 't.client_id')
      .execute();
    assert.deepEqual(foreignRequesters, []);
    const foreignAuthors = await db
      .selectFrom('ticket_messages as m')
      .innerJoin('tickets as t', 't.id', 'm.ticket_id')
      .innerJoin('contacts as c', 'c.id', 'm.author_contact_id')
      .select('m.id')
      .whereRef('c.client_id', '<>', 't.client_id')
      .execute();
    assert.deepEqual(foreignAuthors, []);
    const foreignWatchers = await db
      .selectFrom('ticket_watchers as w')
      .innerJoin('tickets as t', 't.id', 'w.ticket_id')
      .innerJoin('contacts as c', 'c.id', 'w.contact_id')
      .select('w.id')
      .whereRef('c.client_id', '<>', 't.client_id')
      .execute();
    assert.deepEqual(foreignWatchers, []);
    const foreignFiles = await db
      .selectFrom('ticket_attachments as a')
      .innerJoin('tickets as t', 't.id', 'a.ticket_id')
      .innerJoin('ticket_messages as m', 'm.id', 'a.message_id')
      .select('a.id')
      .where((eb) =>
        eb.or([eb('a.client_id', '<>', eb.ref('t.client_id')), eb('m.ticket_id', '<>', eb.ref('t.id'))]),
      )
      .execute();
    assert.deepEqual(foreignFiles, []);
    const contactNotes = await db
      .selectFrom('ticket_messages')
      .select('id')
      .where('internal', '=', 1)
      .where('author_kind', '=', 'contact')
      .execute();
    assert.deepEqual(contactNotes, [], 'internal notes are written by staff');
  });

  test('recorded SLA figures are what the app would record', async () => {
    const ids = await t.db.selectFrom('tickets').select('id').orderBy('id').execute();
    for (const { id } of ids.filter((_, i) => i % 10 === 0 || i >= ids.length - 10)) {
      const outcome = await recordSla(t.db, id, NOW.toISOString());
      assert.equal(outcome?.changed, false, `ticket ${id} SLA recorded as the app computes it`);
    }
  });

  test('attachments are real files in storage', async () => {
    const storage = localStorage(path.join(t.dataDir, 'files'));
    const rows = await t.db
      .selectFrom('ticket_attachments')
      .select(['storage_key', 'thumbnail_key', 'sha256', 'size_bytes', 'content_type'])
      .execute();
    assert.equal(rows.length, tiny.attachments);
    for (const row of rows) {
      const data = await storage.get(row.storage_key);
      assert.ok(data, `${row.storage_key} stored`);
      assert.equal(data.length, Number(row.size_bytes));
      assert.equal(createHash('sha256').update(data).digest('hex'), row.sha256);
      if (row.content_type === 'image/png')
        assert.ok(row.thumbnail_key && (await storage.get(row.thumbnail_key)));
    }
  });

  test('issue 14 around the contracts: client currency, banks with blocks and closed periods, sites, documents, overage, schedules, alerts', async () => {
    const { db } = t.database.system('test look-ups');
    for (const table of [
      'contract_contacts',
      'hour_blocks',
      'bank_periods',
      'contract_files',
      'ticket_estimates',
      'overage_requests',
      'report_schedules',
      'alert_deliveries',
      'notices',
    ] as const) {
      const row = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.ok(Number(row.n) > 0, `${table} has rows`);
      assert.equal(Number(row.n), result.counts[table], `${table} counted`);
    }

    // Every contract's money is in its client's currency (written, never left empty).
    const contracts = await db
      .selectFrom('contracts')
      .innerJoin('clients', 'clients.id', 'contracts.client_id')
      .select([
        'contracts.id',
        'contracts.client_id',
        'contracts.status',
        'contracts.currency',
        'clients.currency as client_currency',
        'contracts.bank_kind',
        'contracts.bank_minutes',
        'contracts.all_sites',
      ])
      .execute();
    for (const c of contracts) assert.equal(c.currency, c.client_currency, `contract ${c.id} currency`);
    const banked = contracts.filter((c) => c.bank_kind !== 'none');
    assert.ok(banked.some((c) => c.bank_kind === 'periodic'));
    for (const c of banked.filter((c) => c.bank_kind === 'periodic')) assert.ok(Number(c.bank_minutes) > 0);
    const blocks = await db.selectFrom('hour_blocks').select(['contract_id']).distinct().execute();
    for (const b of blocks) {
      assert.equal(
        banked.find((c) => c.id === b.contract_id)?.bank_kind,
        'prepaid',
        'blocks on prepaid banks',
      );
    }

    // Closed periods are the hours module's records: every minute accounted for, and the minutes used
    // are the approved billable time dated in the period.
    const periods = await db.selectFrom('bank_periods').selectAll().execute();
    for (const p of periods) {
      assert.equal(
        p.purchased_minutes + p.rolled_over_in_minutes + p.carried_in_minutes,
        p.drawn_minutes + p.rolled_over_out_minutes + p.carried_out_minutes + p.expired_minutes,
      );
      assert.equal(p.used_minutes, p.drawn_minutes + p.overage_minutes);
      const used = await db
        .selectFrom('time_entries')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('billed_minutes'), eb.lit(0)).as('n'))
        .where('contract_id', '=', p.contract_id)
        .where('status', 'in', ['approved', 'invoiced'])
        .where('billable', '=', 1)
        .where('entry_date', '>=', p.period_start)
        .where('entry_date', '<=', p.period_end)
        .executeTakeFirstOrThrow();
      assert.equal(Number(used.n), p.used_minutes, `period ${p.period_start} of contract ${p.contract_id}`);
      assert.equal(p.currency, contracts.find((c) => c.id === p.contract_id)?.currency);
    }
    // Banks in more than one state today: in overage, and with hours left.
    const today = NOW.toISOString().slice(0, 10);
    const balances = await Promise.all(banked.map((c) => balanceFor(db, c.id, today)));
    assert.ok(
      balances.some((b) => (b?.overMinutes ?? 0) > 0),
      'a bank in overage',
    );
    assert.ok(
      balances.some((b) => (b?.remainingMinutes ?? 0) > 0),
      'a bank with hours left',
    );

    // Tickets name their site and the contract covering them; time is on the ticket's contract, priced.
    const strayTickets = await db
      .selectFrom('tickets as tk')
      .leftJoin('contracts as c', 'c.id', 'tk.contract_id')
      .leftJoin('client_sites as s', 's.id', 'tk.site_id')
      .select('tk.id')
      .where((eb) =>
        eb.or([
          eb.and([eb('tk.contract_id', 'is not', null), eb('c.client_id', '!=', eb.ref('tk.client_id'))]),
          eb.and([eb('tk.site_id', 'is not', null), eb('s.client_id', '!=', eb.ref('tk.client_id'))]),
        ]),
      )
      .execute();
    assert.deepEqual(strayTickets, []);
    const covered = await db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('contract_id', 'is not', null)
      .executeTakeFirstOrThrow();
    assert.ok(Number(covered.n) > 0, 'tickets run under contracts');
    const strayTime = await db
      .selectFrom('time_entries as e')
      .innerJoin('tickets as tk', 'tk.id', 'e.ticket_id')
      .select('e.id')
      .where((eb) =>
        eb.or([
          eb('e.contract_id', 'is distinct from', eb.ref('tk.contract_id')),
          eb.and([
            eb('e.contract_id', 'is not', null),
            eb('e.billable', '=', 1),
            eb.or([eb('e.amount_minor', 'is', null), eb('e.currency', 'is', null)]),
          ]),
        ]),
      )
      .execute();
    assert.deepEqual(strayTime, []);
    // A contract that covers only some sites lists them, and they are its client's.
    const someSites = await db
      .selectFrom('contract_sites as cs')
      .innerJoin('contracts as c', 'c.id', 'cs.contract_id')
      .innerJoin('client_sites as s', 's.id', 'cs.site_id')
      .select(['c.all_sites', 'c.client_id', 's.client_id as site_client'])
      .execute();
    for (const row of someSites) {
      assert.equal(row.all_sites, 0);
      assert.equal(row.site_client, row.client_id);
    }

    // Overage requests: pending only on open tickets, decided ones with who and when, on the ticket's contract.
    const requests = await db
      .selectFrom('overage_requests as o')
      .innerJoin('tickets as tk', 'tk.id', 'o.ticket_id')
      .select([
        'o.status',
        'o.contract_id',
        'o.decided_by_contact_id',
        'o.decided_at',
        'tk.resolved_at',
        'tk.contract_id as ticket_contract',
      ])
      .execute();
    for (const o of requests) {
      assert.equal(o.contract_id, o.ticket_contract);
      if (o.status === 'pending') assert.equal(o.resolved_at, null);
      else assert.ok(o.decided_by_contact_id !== null && o.decided_at !== null);
    }
    assert.ok(
      requests.some((o) => o.status !== 'pending'),
      'a decided request',
    );

    // Report schedules have their timing row; documents are real files in storage.
    const schedules = await db.selectFrom('report_schedules').select('id').execute();
    const jobs = await db.selectFrom('job_schedules').select('name').execute();
    for (const s of schedules) assert.ok(jobs.some((j) => j.name === `report:${s.id}`));
    const storage = localStorage(path.join(t.dataDir, 'files'));
    for (const f of await db.selectFrom('contract_files').select(['storage_key', 'sha256']).execute()) {
      const data = await storage.get(f.storage_key);
      assert.ok(data);
      assert.equal(createHash('sha256').update(data).digest('hex'), f.sha256);
    }
  });

  test('the same seed gives the same data (SLA on a worker or inline); another seed different data', async () => {
    const again = await createTestDatabase();
    const other = await createTestDatabase();
    try {
      const second = await generateInto(again, tiny.seed, false);
      await generateInto(other, 'another-seed');
      assert.equal(await digest(again.database), await digest(t.database));
      assert.notEqual(await digest(other.database), await digest(t.database));
      assert.deepEqual(
        second.logins.map((l) => l.email),
        result.logins.map((l) => l.email),
      );
    } finally {
      await again.drop();
      await other.drop();
    }
  });

  test('the printed logins sign in through the API, and contacts see only their own client', async () => {
    const staff = result.logins.filter((l) => l.kind === 'staff');
    const contacts = result.logins.filter((l) => l.kind === 'contact');
    assert.deepEqual(
      staff.slice(0, 5).map((l) => l.email),
      ['owner', 'admin', 'tech', 'billing', 'readonly'].map((n) => `${n}@portico.example`),
    );
    assert.equal(contacts.length, tiny.clients * contactPresets.length);
    const { app } = await buildApp({
      config: t.config,
      database: t.database,
      clock: fakeClock(NOW),
      logger: false,
    });
    await app.ready();
    try {
      const owner = new Client(app);
      await owner.login('owner@portico.example');
      const clients = (await owner.get('/api/v1/clients?status=all')).json().items as {
        id: number;
        name: string;
      }[];
      for (const login of [...staff, ...contacts]) {
        const client = new Client(app);
        const signedIn = await client.login(login.email);
        assert.equal(signedIn.kind, login.kind);
        if (login.kind !== 'contact' || !login.permissions?.includes('tickets:view-own')) continue;
        const res = await client.get('/api/v1/tickets?limit=100');
        assert.equal(res.statusCode, 200, res.body);
        const own = clients.find((c) => c.name === login.client);
        for (const item of res.json().items as { clientId: number }[]) assert.equal(item.clientId, own?.id);
      }
      // New rows after generated ones (ids continue where the generator left off, on PostgreSQL too).
      const standard = new Client(app);
      await standard.login(contacts.find((l) => l.presets?.includes('standard'))!.email);
      const created = await standard.post('/api/v1/tickets', {
        subject: 'After generate',
        description: 'Works.',
      });
      assert.equal(created.statusCode, 201, created.body);
      const ticketId = (created.json() as { id: number }).id;
      assert.ok(ticketId > tiny.tickets);
      const reply = await owner.post(`/api/v1/tickets/${ticketId}/messages`, { body: 'On it.' });
      assert.equal(reply.statusCode, 201, reply.body);
    } finally {
      await app.close();
    }
  });

  test('refuses a database that already holds data, changing nothing', async () => {
    const before = await digest(t.database);
    await assert.rejects(
      () => generateInto(t),
      (e: unknown) => e instanceof AppError && e.code === 'already_set_up',
    );
    assert.equal(await digest(t.database), before);
  });
});

test('refuses a database set up through the app, changing nothing', async () => {
  const t = await createTestApp();
  try {
    await setUp(t);
    await assert.rejects(
      () => generate(t.database, { ...tiny, storage: localStorage(path.join(t.dataDir, 'files')) }),
      (e: unknown) => e instanceof AppError && e.code === 'already_set_up',
    );
    assert.equal(await count(t.database, 'clients'), 0);
    assert.equal(await count(t.database, 'tickets'), 0);
  } finally {
    await t.close();
  }
});

test('the command line: sizes, overrides and --json logins; a second run is refused', async () => {
  const large = planFromArgs(['--size', 'large'], NOW);
  assert.equal(large.clients, 2_000);
  assert.equal(large.contacts, 100_000);
  assert.equal(large.tickets, 2_000_000);
  assert.equal(large.messages, 10_000_000);
  const scaled = planFromArgs(['--clients', '3', '--tickets', '200'], NOW);
  assert.deepEqual([scaled.clients, scaled.contacts, scaled.tickets, scaled.messages], [3, 60, 200, 1000]);
  assert.throws(() => planFromArgs(['--size', 'huge']));
  assert.throws(() => planFromArgs(['--clients', 'many']));
  assert.throws(() => planFromArgs(['--clients', '5', '--contacts', '2']));
  assert.throws(() => planFromArgs(['--now', '2026-03-02T09:00:00']));

  const t = await createTestDatabase();
  try {
    const env = {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: t.dataDir,
      DATABASE_URL: t.config.database.dialect === 'sqlite' ? t.config.database.path : t.config.database.url,
    };
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/server/main.ts', 'generate', ...args], {
        env,
        cwd: path.resolve(import.meta.dirname, '../../../..'),
      });
    const args = ['--clients', '2', '--tickets', '30', '--messages', '60', '--json', '--seed', 's'];
    const { stdout, stderr } = await run(args);
    const logins = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.ok(logins.length >= 7 + 2 * contactPresets.length);
    assert.deepEqual(Object.keys(logins[0]!), ['email', 'kind', 'role', 'password']);
    const contact = logins.find((l) => l.kind === 'contact')!;
    assert.deepEqual(Object.keys(contact), ['email', 'kind', 'client', 'presets', 'permissions', 'password']);
    assert.equal(contact.password, 'portico-demo');
    assert.match(stderr, /Generated in/);
    await assert.rejects(run(args), (e: { code?: number; stderr?: string }) => {
      assert.equal(e.code, 1);
      assert.match(e.stderr ?? '', /Nothing was changed/);
      return true;
    });
  } finally {
    await t.drop();
  }
});

test('the seeded generator is reproducible and roughly uniform', () => {
  const a = new Random('x', 'stream');
  const b = new Random('x', 'stream');
  const c = new Random('x', 'other');
  const seqA = Array.from({ length: 5 }, () => a.nextUint32());
  assert.deepEqual(
    Array.from({ length: 5 }, () => b.nextUint32()),
    seqA,
  );
  assert.notDeepEqual(
    Array.from({ length: 5 }, () => c.nextUint32()),
    seqA,
  );
  const r = new Random(1);
  const buckets = new Array<number>(10).fill(0);
  for (let i = 0; i < 100_000; i++) buckets[Math.floor(r.next() * 10)]!++;
  for (const n of buckets) assert.ok(n > 9_500 && n < 10_500, `bucket ${n}`);
});
