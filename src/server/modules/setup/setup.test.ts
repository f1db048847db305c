import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { promisify } from 'node:util';
import type { Db } from '../../platform/db/db.ts';
import { createDatabase } from '../../platform/db/db.ts';
import {
  Client,
  createTestApp,
  createTestDatabase,
  errorOf,
  setUp,
  type TestApp,
} from '../../test/harness.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../../..');

async function counts(t: TestApp) {
  const db = t.db;
  const [org, accounts, clients, contacts] = await Promise.all([
    db
      .selectFrom('organisation')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('clients')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    org: Number(org.n),
    accounts: Number(accounts.n),
    clients: Number(clients.n),
    contacts: Number(contacts.n),
  };
}

async function auditRows(db: Db) {
  const rows = await db
    .selectFrom('audit_events')
    .select(['action', 'actor_kind', 'actor_account_id', 'actor_name', 'target_id', 'ip', 'details'])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
}

const body = {
  organisationName: 'Harbour IT',
  ownerName: 'Maya Harbour',
  ownerEmail: 'Maya@Harbour.example',
  ownerPassword: 'a long enough passphrase',
};

describe('first-run setup', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  test('on an empty database setup is required, / leads to it, and branding says so', async () => {
    assert.deepEqual((await t.app.inject({ method: 'GET', url: '/api/v1/setup' })).json(), {
      required: true,
    });
    const root = await t.app.inject({ method: 'GET', url: '/' });
    assert.equal(root.statusCode, 302);
    assert.equal(root.headers.location, '/setup');
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/branding' })).json().setupRequired, true);
  });

  test('setup creates the organisation and the owner, signs the owner in, and / then leads to the portal', async () => {
    const c = new Client(t.app);
    const res = await c.post('/api/v1/setup', { ...body, loadDemo: false });
    assert.equal(res.statusCode, 201);
    const me = res.json();
    assert.equal(me.kind, 'staff');
    assert.equal(me.role, 'owner');
    assert.equal(me.email, 'maya@harbour.example', 'emails are kept lower-case');
    assert.equal((await c.get('/api/v1/me')).statusCode, 200);
    assert.equal((await c.get('/api/v1/settings')).json().name, 'Harbour IT');
    assert.deepEqual(await counts(t), { org: 1, accounts: 1, clients: 0, contacts: 0 });
    const root = await t.app.inject({ method: 'GET', url: '/' });
    assert.equal(root.headers.location, '/portal/');
  });

  test('setup is in the audit log, by the new owner, from the browser that did it', async () => {
    const c = new Client(t.app);
    const res = await c.post(
      '/api/v1/setup',
      { ...body, loadDemo: false },
      { headers: { 'user-agent': 'Setup browser' } },
    );
    assert.equal(res.statusCode, 201);
    const owner = res.json();
    const rows = await auditRows(t.db);
    assert.deepEqual(
      rows.map((r) => r.action),
      ['setup.completed'],
    );
    const [row] = rows;
    assert.equal(row?.actor_kind, 'staff');
    assert.equal(row?.actor_account_id, owner.id);
    assert.equal(row?.actor_name, 'Maya Harbour');
    assert.equal(row?.target_id, owner.id);
    assert.equal(row?.ip, '127.0.0.1');
    assert.deepEqual(row?.details, {
      organisation: 'Harbour IT',
      owner: 'Maya Harbour <maya@harbour.example>',
      demoData: false,
      via: 'setup page',
    });
    // The owner finds it in the audit log as any other entry, named in words.
    const log = await c.get('/api/v1/audit?action=setup.completed');
    assert.equal(log.statusCode, 200);
    const [item] = log.json().items;
    assert.equal(item.actor.name, 'Maya Harbour');
    assert.equal(item.userAgent, 'Setup browser');
  });

  test('setup with demo data adds clients, staff of every role and contacts of every preset', async () => {
    const c = new Client(t.app);
    const res = await c.post('/api/v1/setup', { ...body, loadDemo: true });
    assert.equal(res.statusCode, 201);
    const n = await counts(t);
    assert.equal(n.clients, 5);
    const roles = await t.db
      .selectFrom('accounts')
      .select('staff_role')
      .where('kind', '=', 'staff')
      .execute();
    assert.deepEqual(
      new Set(roles.map((r) => r.staff_role)),
      new Set(['owner', 'admin', 'technician', 'billing', 'read-only']),
    );
    const presets = await t.db.selectFrom('contacts').select('presets').execute();
    const all = new Set(presets.flatMap((p) => JSON.parse(p.presets) as string[]));
    assert.deepEqual(all, new Set(['primary', 'billing', 'technical', 'standard', 'read-only']));
    // One client's contacts use German, another's Arabic (each client with its currency).
    const languages = await t.db
      .selectFrom('contacts')
      .innerJoin('clients', 'clients.id', 'contacts.client_id')
      .select(['contacts.email', 'contacts.language', 'clients.currency', 'clients.time_zone'])
      .execute();
    const of = (email: string) => languages.find((l) => l.email === email);
    assert.deepEqual(of('standard@rheinhafen.example'), {
      email: 'standard@rheinhafen.example',
      language: 'de',
      currency: 'EUR',
      time_zone: 'Europe/Berlin',
    });
    assert.deepEqual(of('primary@alnoor.example'), {
      email: 'primary@alnoor.example',
      language: 'ar',
      currency: 'SAR',
      time_zone: 'Asia/Riyadh',
    });
    assert.equal(of('standard@acme.example')?.language, null);
    await new Client(t.app).login('standard@acme.example');

    // Setup and the demo load are both in the audit log, by the owner, with what was loaded.
    const owner = res.json();
    const rows = (await auditRows(t.db)).filter((r) => r.action !== 'auth.login');
    assert.deepEqual(
      rows.map((r) => [r.action, r.actor_kind, r.actor_account_id]),
      [
        ['setup.completed', 'staff', owner.id],
        ['demo.loaded', 'staff', owner.id],
      ],
    );
    const tickets = await t.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.ok(Number(tickets.n) > 0);
    const contracts = await t.db
      .selectFrom('contracts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.ok(Number(contracts.n) > 0, 'demo contracts');
    assert.equal(rows[0]?.details.demoData, true);
    assert.deepEqual(rows[1]?.details, {
      staff: 4,
      clients: 5,
      contacts: n.contacts,
      tickets: Number(tickets.n),
      contracts: Number(contracts.n),
      via: 'setup page',
    });
  });

  test('running setup twice is refused with a clear message and changes nothing', async () => {
    await setUp(t);
    const before = await counts(t);
    const res = await new Client(t.app).post('/api/v1/setup', {
      ...body,
      ownerEmail: 'other@harbour.example',
      loadDemo: true,
    });
    assert.equal(res.statusCode, 409);
    assert.equal(errorOf(res).code, 'already_set_up');
    assert.match(errorOf(res).message, /already set up/);
    assert.deepEqual(await counts(t), before);
    assert.deepEqual(
      (await auditRows(t.db)).map((r) => r.action),
      ['setup.completed'],
      'a refused setup records nothing',
    );
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/api/v1/branding' })).json().organisationName,
      'Test IT',
    );
  });

  test('parallel setups: exactly one wins', async () => {
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        new Client(t.app).post('/api/v1/setup', {
          ...body,
          ownerEmail: `owner${i}@harbour.example`,
          loadDemo: false,
        }),
      ),
    );
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 409, 409, 409]);
    assert.deepEqual(await counts(t), { org: 1, accounts: 1, clients: 0, contacts: 0 });
  });

  test('bad input is refused with fields and nothing is written', async () => {
    const c = new Client(t.app);
    const res = await c.post('/api/v1/setup', {
      ...body,
      ownerEmail: 'not-an-email',
      ownerPassword: 'short',
      loadDemo: false,
    });
    assert.equal(res.statusCode, 400);
    assert.ok(errorOf(res).fields?.ownerEmail);
    const weak = await c.post('/api/v1/setup', { ...body, ownerPassword: 'short', loadDemo: false });
    assert.equal(weak.statusCode, 400);
    assert.ok(errorOf(weak).fields?.ownerPassword);
    const extra = await c.post('/api/v1/setup', { ...body, role: 'owner', loadDemo: false });
    assert.equal(extra.statusCode, 400);
    assert.deepEqual(await counts(t), { org: 0, accounts: 0, clients: 0, contacts: 0 });
  });

  test('an owner email that a demo account uses is refused when loading demo data', async () => {
    const res = await new Client(t.app).post('/api/v1/setup', {
      ...body,
      ownerEmail: 'admin@portico.example',
      loadDemo: true,
    });
    assert.equal(res.statusCode, 400);
    assert.ok(errorOf(res).fields?.ownerEmail);
    assert.deepEqual(await counts(t), { org: 0, accounts: 0, clients: 0, contacts: 0 });
    assert.deepEqual(await auditRows(t.db), [], 'nothing half-written, the audit entry neither');
  });

  test('loading demo data into a database that is set up is refused', async () => {
    await setUp(t);
    const before = await counts(t);
    await assert.rejects(t.services.setup.loadDemo(), /already set up/);
    assert.deepEqual(await counts(t), before);
  });
});

describe('npm run demo', () => {
  test('loads demo data into an empty database, prints JSON logins, and refuses a second run', async () => {
    const tdb = await createTestDatabase();
    await tdb.database.close();
    const env = {
      ...process.env,
      DATA_DIR: tdb.dataDir,
      DATABASE_URL:
        tdb.config.database.dialect === 'postgres' ? tdb.config.database.url : tdb.config.database.path,
      LOG_LEVEL: 'silent',
    };
    try {
      const { stdout } = await run('node', ['--import', 'tsx', 'src/server/main.ts', 'demo', '--json'], {
        cwd: root,
        env,
      });
      const logins = stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.ok(logins.length >= 14);
      assert.ok(logins.every((l) => l.password === 'portico-demo' && typeof l.email === 'string'));
      const staff = logins.filter((l) => l.kind === 'staff');
      assert.deepEqual(
        new Set(staff.map((l) => l.role)),
        new Set(['owner', 'admin', 'technician', 'billing', 'read-only']),
      );
      const contacts = logins.filter((l) => l.kind === 'contact');
      assert.ok(contacts.every((l) => typeof l.client === 'string' && Array.isArray(l.permissions)));

      const second = await run('node', ['--import', 'tsx', 'src/server/main.ts', 'demo'], {
        cwd: root,
        env,
      }).catch((e: { code: number; stderr: string }) => e);
      assert.equal((second as { code: number }).code, 1);
      assert.match((second as { stderr: string }).stderr, /not empty/);

      // No person ran it: the audit log names the system, once for setup and once for the demo data.
      const database = createDatabase(tdb.config);
      try {
        const rows = await auditRows(database.system('test: read the audit log').db);
        assert.deepEqual(
          rows.map((r) => [r.action, r.actor_kind, r.actor_account_id, r.actor_name, r.ip]),
          [
            ['setup.completed', 'system', null, 'Portico', null],
            ['demo.loaded', 'system', null, 'Portico', null],
          ],
        );
        assert.equal(rows[0]?.details.owner, 'Olivia Owens <owner@portico.example>');
        assert.equal(rows[0]?.details.via, 'command line');
        assert.equal(rows[1]?.details.clients, 5);
        assert.equal(rows[1]?.details.staff, 4);
        assert.ok(Number(rows[1]?.details.tickets) > 0);
      } finally {
        await database.close();
      }
    } finally {
      await tdb.drop().catch(() => {});
    }
  });
});
