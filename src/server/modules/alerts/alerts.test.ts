/**
 * Alerts and notices (issue 14, point 9) on the test database (SQLite, or PostgreSQL with
 * TEST_DATABASE_URL): contract ending alerts fire once per threshold and period, by email in each
 * recipient's language and as a notice in the bell; the notices API reads and marks only the person's
 * own notices; and two worker processes over one database, one restarting, send each alert once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { NoticeList } from '../../../shared/schemas/notices.ts';
import { buildApp, type Services } from '../../app.ts';
import { createDatabase, type Database } from '../../platform/db/db.ts';
import { noDns } from '../../test/dns.ts';
import {
  Client,
  clientIdByName,
  createTestApp,
  createTestDatabase,
  errorOf,
  type FakeClock,
  fakeClock,
  OWNER,
  setUp,
  type TestApp,
  type TestDatabase,
} from '../../test/harness.ts';
import { calendarDateIn } from './alerts.service.ts';

const DAY = 86_400_000;

function dayFrom(at: Date, days: number): string {
  return new Date(at.getTime() + days * DAY).toISOString().slice(0, 10);
}

async function alertEmails(db: TestDatabase['db'], contract: string) {
  const rows = await db
    .selectFrom('emails')
    .select(['to_address', 'subject', 'text'])
    .where('subject', 'like', `%${contract}%`)
    .orderBy('id')
    .execute();
  return rows;
}

describe('contract ending alerts and notices', () => {
  let t: TestApp;
  let owner: Client;
  let contact: Client;
  let acmeId: number;
  let ownerAccountId: number;
  let contractId: number;
  const name = 'Alert test contract Quokka';

  before(async () => {
    t = await createTestApp();
    owner = await setUp(t, { demo: true });
    acmeId = await clientIdByName(owner, 'Acme Manufacturing');
    const accounts = await t.db.selectFrom('accounts').select(['id', 'email']).execute();
    ownerAccountId = accounts.find((a) => a.email === OWNER.email)!.id;
    const contacts = await t.db.selectFrom('contacts').select(['id', 'email']).execute();
    const primary = contacts.find((c) => c.email === 'primary@acme.example')!.id;
    const technical = contacts.find((c) => c.email === 'technical@acme.example')!.id;
    // The technical contact reads German: their email is in German.
    await t.db.updateTable('contacts').set({ language: 'de' }).where('id', '=', technical).execute();
    const created = await owner.post('/api/v1/contracts', {
      clientId: acmeId,
      name,
      type: 'maintenance',
      status: 'active',
      startDate: dayFrom(t.clock(), -300),
      endDate: dayFrom(t.clock(), 45),
      contactIds: [primary, technical],
    });
    assert.equal(created.statusCode, 201, created.body);
    contractId = (created.json() as { id: number }).id;
    const patched = await owner.patch('/api/v1/settings', { alertStaffAccountIds: [ownerAccountId] });
    assert.equal(patched.statusCode, 200, patched.body);
    contact = new Client(t.app);
    await contact.login('primary@acme.example');
    // The demo's own contract ending notice (demo-alerts.ts) is not this test's: an empty bell to start.
    await t.db.deleteFrom('notices').execute();
  });
  after(() => t.close());

  async function run() {
    const fired = await t.services.alerts.contractEndingRun(t.clock());
    await t.services.jobs.drain();
    return fired;
  }

  test('the alert staff must be active staff members: 400, nothing changed', async () => {
    const contactAccount = await t.db
      .selectFrom('accounts')
      .select('id')
      .where('email', '=', 'primary@acme.example')
      .executeTakeFirstOrThrow();
    const res = await owner.patch('/api/v1/settings', { alertStaffAccountIds: [contactAccount.id] });
    assert.equal(res.statusCode, 400);
    assert.ok(errorOf(res).fields?.alertStaffAccountIds);
    const bad = await owner.patch('/api/v1/settings', { contractEndingAlertDays: [30, 30] });
    assert.equal(bad.statusCode, 400);
    const settings = (await owner.get('/api/v1/settings')).json() as {
      alertStaffAccountIds: number[];
      contractEndingAlertDays: number[];
    };
    assert.deepEqual(settings.alertStaffAccountIds, [ownerAccountId]);
    assert.deepEqual(settings.contractEndingAlertDays, [60, 30, 7]);
  });

  test('each threshold fires once: email in the reader’s language, notice in the bell', async () => {
    // 45 days left: 60 is reached, once however often the run repeats.
    assert.equal(await run(), 1);
    assert.equal(await run(), 0);
    let emails = await alertEmails(t.db, name);
    assert.deepEqual(emails.map((e) => e.to_address).sort(), [
      OWNER.email,
      'primary@acme.example',
      'technical@acme.example',
    ]);
    const german = emails.find((e) => e.to_address === 'technical@acme.example')!;
    assert.match(german.subject, /endet am/);
    assert.match(german.text, /in 45 Tagen/);
    const english = emails.find((e) => e.to_address === 'primary@acme.example')!;
    assert.match(english.text, /in 45 days/);

    // 20 days left (a worker was down for the 30-day mark): 30 fires; 60 does not again.
    t.clock.advance(25 * DAY);
    // Sessions lapse over 25 days: sign in again.
    owner = new Client(t.app);
    await owner.login(OWNER.email, OWNER.password);
    contact = new Client(t.app);
    await contact.login('primary@acme.example');
    assert.equal(await run(), 1);
    assert.equal(await run(), 0);
    emails = await alertEmails(t.db, name);
    assert.equal(emails.length, 6);
    assert.ok(emails.slice(3).every((e) => /20/.test(e.text)));

    // A contact's bell: the two notices, newest first, with their parameters (never worded text).
    const list = (await contact.get('/api/v1/notices')).json() as NoticeList;
    assert.equal(list.items.length, 2);
    assert.deepEqual(list.items[0]!.params, {
      contract: name,
      endDate: dayFrom(t.clock(), 20),
      days: 20,
    });
    assert.equal(list.items[0]!.kind, 'contractEnding');
    assert.equal(list.items[0]!.link, '/contracts');
    assert.deepEqual((await contact.get('/api/v1/notices/unread-count')).json(), { unread: 2 });
    // The owner's, with the staff link.
    const staffList = (await owner.get('/api/v1/notices')).json() as NoticeList;
    assert.equal(staffList.items[0]!.link, `/contracts/${contractId}`);

    const deliveries = await t.db
      .selectFrom('alert_deliveries')
      .select(['threshold', 'period_key'])
      .where('subject_id', '=', contractId)
      .orderBy('threshold')
      .execute();
    assert.deepEqual(
      deliveries.map((d) => d.threshold),
      [30, 60],
    );
  });

  test('a new end date is a new period: its thresholds alert again', async () => {
    const later = dayFrom(t.clock(), 25);
    const res = await owner.patch(`/api/v1/contracts/${contractId}`, { endDate: later });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(await run(), 1);
    const rows = await t.db
      .selectFrom('alert_deliveries')
      .select(['threshold', 'period_key'])
      .where('subject_id', '=', contractId)
      .where('period_key', '=', later)
      .orderBy('threshold')
      .execute();
    assert.deepEqual(
      rows.map((r) => r.threshold),
      [30, 60],
    );
  });

  test('the notices API: keyset pages, mark read, mark all read', async () => {
    const first = (await contact.get('/api/v1/notices?limit=2')).json() as NoticeList;
    assert.equal(first.items.length, 2);
    assert.ok(first.nextCursor);
    const second = (
      await contact.get(`/api/v1/notices?limit=2&cursor=${first.nextCursor}`)
    ).json() as NoticeList;
    assert.equal(second.items.length, 1);
    assert.equal(second.nextCursor, null);
    assert.ok(second.items[0]!.id < first.items[1]!.id);

    const one = await contact.post(`/api/v1/notices/${first.items[0]!.id}/read`);
    assert.equal(one.statusCode, 200, one.body);
    assert.ok((one.json() as { readAt: string | null }).readAt);
    assert.deepEqual((await contact.get('/api/v1/notices/unread-count')).json(), { unread: 2 });
    const unreadOnly = (await contact.get('/api/v1/notices?unread=true')).json() as NoticeList;
    assert.equal(unreadOnly.items.length, 2);
    const all = await contact.post('/api/v1/notices/read-all');
    assert.deepEqual(all.json(), { marked: 2 });
    assert.deepEqual((await contact.get('/api/v1/notices/unread-count')).json(), { unread: 0 });
  });

  test("another person's notice: 404 and nothing changed (a colleague's, the staff's)", async () => {
    const technical = new Client(t.app);
    await technical.login('technical@acme.example');
    const theirs = ((await technical.get('/api/v1/notices')).json() as NoticeList).items;
    const staffs = ((await owner.get('/api/v1/notices')).json() as NoticeList).items;
    assert.ok(theirs.length && staffs.length);
    const before = await t.db.selectFrom('notices').selectAll().orderBy('id').execute();
    for (const id of [theirs[0]!.id, staffs[0]!.id, 999_999]) {
      const res = await contact.post(`/api/v1/notices/${id}/read`);
      assert.equal(res.statusCode, 404, res.body);
      assert.equal(errorOf(res).code, 'not_found');
    }
    // A staff member cannot mark a contact's either.
    assert.equal((await owner.post(`/api/v1/notices/${theirs[0]!.id}/read`)).statusCode, 404);
    assert.deepEqual(await t.db.selectFrom('notices').selectAll().orderBy('id').execute(), before);
    assert.equal((await new Client(t.app).get('/api/v1/notices')).statusCode, 401);
  });

  test('the day is the organisation’s: calendarDateIn', () => {
    const at = new Date('2026-03-02T23:30:00Z');
    assert.equal(calendarDateIn('UTC', at), '2026-03-02');
    assert.equal(calendarDateIn('Asia/Tokyo', at), '2026-03-03');
    assert.equal(calendarDateIn('America/New_York', at), '2026-03-02');
  });

  test('changed days: a new day fires once at its value; one further out than what was told, never', async () => {
    // The contract now ends in 25 days (the test above): 60 and 30 were told for that end date.
    const res = await owner.patch('/api/v1/settings', { contractEndingAlertDays: [7, 60, 30, 20] });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(
      (res.json() as { contractEndingAlertDays: number[] }).contractEndingAlertDays,
      [60, 30, 20, 7],
    );
    const before = (await alertEmails(t.db, name)).length;
    t.clock.advance(5 * DAY);
    assert.equal(await run(), 1, '20 days left: the new 20-day alert fires');
    assert.equal(await run(), 0, 'once');
    const emails = await alertEmails(t.db, name);
    assert.equal(emails.length, before + 3);
    assert.ok(emails.slice(before).every((e) => /20/.test(e.text)));

    owner = new Client(t.app);
    await owner.login(OWNER.email, OWNER.password);
    const further = await owner.patch('/api/v1/settings', { contractEndingAlertDays: [60, 45] });
    assert.equal(further.statusCode, 200, further.body);
    t.clock.advance(2 * DAY);
    assert.equal(await run(), 0, '45 days is older news than the 20 days already told');
    assert.equal((await alertEmails(t.db, name)).length, before + 3);
    const rows = await t.db
      .selectFrom('alert_deliveries')
      .select('threshold')
      .where('subject_id', '=', contractId)
      .where('kind', '=', 'contractEnding')
      .where('period_key', '=', dayFrom(t.clock(), 18))
      .orderBy('threshold')
      .execute();
    assert.deepEqual(
      rows.map((r) => r.threshold),
      [20, 30, 45, 60],
    );
  });
});

/**
 * Two worker processes over one database, as `portico worker` runs them (the schedules test's pattern):
 * both tick the scheduler and run jobs at every step (at the same time on PostgreSQL), across the 60,
 * 30 and 7 day marks of several contracts, and one worker restarts halfway. Each alert is sent once.
 */
describe('contract ending alerts: two workers over one database', () => {
  let tdb: TestDatabase;
  const clock: FakeClock = fakeClock(new Date('2026-03-02T09:00:00Z'));
  type Worker = { services: Services; database: Database; client: Client; close(): Promise<void> };

  async function startWorker(): Promise<Worker> {
    const database = createDatabase(tdb.config);
    const { app, services } = await buildApp({
      config: tdb.config,
      database,
      clock,
      logger: false,
      dnsResolver: noDns,
    });
    await app.ready();
    await services.schedules.sync();
    return {
      services,
      database,
      client: new Client(app),
      async close() {
        await app.close();
        await database.close();
      },
    };
  }

  before(async () => {
    tdb = await createTestDatabase();
  });
  after(async () => {
    await tdb.drop();
  });

  test('each contract ending alert is sent once per threshold, across a restart', async () => {
    const a = await startWorker();
    let b = await startWorker();
    try {
      const setup = await a.client.post('/api/v1/setup', {
        organisationName: 'Test IT',
        ownerName: OWNER.name,
        ownerEmail: OWNER.email,
        ownerPassword: OWNER.password,
        loadDemo: true,
      });
      assert.equal(setup.statusCode, 201, setup.body);
      const acmeId = await clientIdByName(a.client, 'Acme Manufacturing');
      const primary = await tdb.db
        .selectFrom('contacts')
        .select('id')
        .where('email', '=', 'primary@acme.example')
        .executeTakeFirstOrThrow();
      const names: string[] = [];
      for (const [i, days] of [70, 40, 12].entries()) {
        const contractName = `Two workers contract ${i}`;
        names.push(contractName);
        const res = await a.client.post('/api/v1/contracts', {
          clientId: acmeId,
          name: contractName,
          type: 'maintenance',
          status: 'active',
          startDate: dayFrom(clock(), -100),
          endDate: dayFrom(clock(), days),
          contactIds: [primary.id],
        });
        assert.equal(res.statusCode, 201, res.body);
      }
      const concurrent = tdb.database.dialect === 'postgres';
      let restarted = false;
      // Eleven-hour steps over 75 days: the daily run at 05:15 is passed once a day, by either worker.
      const end = clock().getTime() + 75 * DAY;
      let step = 0;
      while (clock().getTime() < end) {
        clock.advance(11 * 3_600_000);
        if (!restarted && clock().getTime() > end - 40 * DAY) {
          restarted = true;
          await b.close();
          b = await startWorker();
        }
        const workers = step++ % 2 ? [b, a] : [a, b];
        if (concurrent) {
          await Promise.all([...workers, ...workers].map((w) => w.services.schedules.tick()));
          await Promise.all(workers.map((w) => w.services.jobs.drain()));
        } else {
          for (const w of workers) await w.services.schedules.tick();
          for (const w of workers) await w.services.jobs.drain();
        }
      }
      assert.ok(restarted);
      // 70 days left: 60, 30 and 7. 40 days: 60 (at once), 30, 7. 12 days: 30 (at once, 60 passed
      // with it), then 7.
      const expected = [3, 3, 2];
      for (const [i, contractName] of names.entries()) {
        const emails = await alertEmails(tdb.db, contractName);
        assert.equal(
          emails.filter((e) => e.to_address === 'primary@acme.example').length,
          expected[i],
          `${contractName}: ${emails.map((e) => e.subject).join(' | ')}`,
        );
        const account = await tdb.db
          .selectFrom('accounts')
          .select('id')
          .where('email', '=', 'primary@acme.example')
          .executeTakeFirstOrThrow();
        const notices = await tdb.db
          .selectFrom('notices')
          .select('params')
          .where('account_id', '=', account.id)
          .execute();
        assert.equal(
          notices.filter((n) => (JSON.parse(n.params) as { contract: string }).contract === contractName)
            .length,
          expected[i],
        );
      }
      const failed = await tdb.db
        .selectFrom('jobs')
        .select(['kind', 'last_error'])
        .where('failed_at', 'is not', null)
        .execute();
      assert.deepEqual(failed, []);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
