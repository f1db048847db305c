/**
 * Scheduled reports with two workers on one database (issue 14, point 12): two compositions, as two
 * `portico worker` processes run them, tick the schedules and run the jobs together (at the same time on
 * PostgreSQL, where the claims use SKIP LOCKED; in turn on SQLite, one writer). Each report is sent once
 * per period: one report_deliveries row per (schedule, period) and one email per recipient, whatever
 * worker ran it and however often the job ran.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { createDatabase } from '../../platform/db/db.ts';
import { noDns } from '../../test/dns.ts';
import {
  Client,
  clientIdByName,
  createTestApp,
  setUp,
  type TestApp,
  testDialect,
} from '../../test/harness.ts';

describe(`scheduled reports on ${testDialect}: two workers over one database`, () => {
  let t: TestApp;
  let owner: Client;

  before(async () => {
    t = await createTestApp();
    owner = await setUp(t, { demo: true });
  });
  after(() => t.close());

  test('each scheduled report is sent once per period', async () => {
    const acmeId = await clientIdByName(owner, 'Acme Manufacturing');
    await t.db.updateTable('clients').set({ time_zone: 'Europe/London' }).where('id', '=', acmeId).execute();
    const primary = new Client(t.app);
    await primary.login('primary@acme.example');
    const made: number[] = [];
    for (const body of [
      { report: 'summary', frequency: 'weekly', format: 'pdf' },
      { report: 'activity', frequency: 'weekly', format: 'csv' },
      { report: 'summary', frequency: 'monthly', format: 'csv' },
    ]) {
      const res = await primary.post('/api/v1/portal/report-schedules', {
        ...body,
        recipients: ['primary@acme.example', 'technical@acme.example'],
      });
      assert.equal(res.statusCode, 201, res.body);
      made.push((res.json() as { id: number }).id);
    }

    // The second worker: its own composition and connections over the same database and clock.
    const database = createDatabase(t.config);
    const second = await buildApp({
      config: t.config,
      database,
      clock: t.clock,
      logger: false,
      dnsResolver: noDns,
    });
    await second.app.ready();
    const workers = [t.services, second.services];
    try {
      // From Monday 2 March 2026 09:00 UTC (the test clock) to 3 April: four Mondays, one first of
      // the month. Steps of 53 minutes never line up with the runs' instants.
      const end = Date.parse('2026-04-03T12:00:00Z');
      let step = 0;
      while (t.clock().getTime() < end) {
        t.clock.advance(53 * 60_000);
        const order = step++ % 2 ? [...workers].reverse() : workers;
        if (testDialect === 'postgres') {
          await Promise.all([...order, ...order].map((w) => w.schedules.tick()));
          await Promise.all(order.map((w) => w.jobs.drain()));
        } else {
          for (const w of order) await w.schedules.tick();
          for (const w of order) await w.jobs.drain();
        }
      }
      // A retried run changes nothing: the period's row is there already.
      await t.services.reports.deliver({
        schedule: `report:${made[0]}`,
        scheduleId: made[0]!,
        scheduledFor: new Date('2026-03-09T07:00:00.000Z'),
        payload: { scheduleId: made[0] },
        attempt: 2,
        lastAttempt: false,
      });
    } finally {
      await second.app.close();
      await database.close();
    }

    const all = await t.db.selectFrom('report_deliveries').select(['schedule_id', 'period_start']).execute();
    const deliveries = await t.db
      .selectFrom('report_deliveries')
      .select(['schedule_id', 'period_start'])
      .where('schedule_id', 'in', made)
      .orderBy('schedule_id')
      .orderBy('period_start')
      .execute();
    const weeks = ['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23'];
    assert.deepEqual(deliveries, [
      ...weeks.map((w) => ({ schedule_id: made[0], period_start: w })),
      ...weeks.map((w) => ({ schedule_id: made[1], period_start: w })),
      { schedule_id: made[2], period_start: '2026-03-01' },
    ]);
    const emails = await t.db
      .selectFrom('emails')
      .select(['to_address', 'subject'])
      .where('attachments', 'is not', null)
      .execute();
    // The demo's monthly summary for Acme ran once too: ten deliveries, two recipients each, once.
    assert.equal(all.length, 10);
    assert.equal(emails.length, 20);
    const failed = await t.db.selectFrom('jobs').select('id').where('failed_at', 'is not', null).execute();
    assert.equal(failed.length, 0);
  });
});
