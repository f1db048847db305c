import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildApp, type Services } from '../app.ts';
import { noDns } from '../test/dns.ts';
import {
  createTestDatabase,
  type FakeClock,
  fakeClock,
  type TestDatabase,
  testDialect,
} from '../test/harness.ts';
import { createDatabase, type Database } from './db/db.ts';
import { createJobs } from './jobs.ts';
import {
  createSchedules,
  latestRunAtOrBefore,
  nextRunAfter,
  runKey,
  type ScheduledRun,
  scheduleProblem,
} from './schedules.ts';

const MIN = 60_000;
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('schedules: cron expressions in a time zone', () => {
  test('a monthly run at 09:00 Berlin time stays at 09:00 on both sides of a DST change', () => {
    const monthly = (from: string) => iso(nextRunAfter('0 9 1 * *', 'Europe/Berlin', new Date(from)));
    assert.equal(monthly('2027-02-15T00:00:00Z'), '2027-03-01T08:00:00.000Z'); // CET, UTC+1
    assert.equal(monthly('2027-03-15T00:00:00Z'), '2027-04-01T07:00:00.000Z'); // CEST, UTC+2
    assert.equal(monthly('2027-10-15T00:00:00Z'), '2027-11-01T08:00:00.000Z'); // CET again
    // Strictly after: a reference at the run itself gives the next one.
    assert.equal(monthly('2027-03-01T08:00:00Z'), '2027-04-01T07:00:00.000Z');
  });

  test('a daily run at 02:30 Berlin: once after the spring gap, once in the repeated autumn hour', () => {
    const daily = (from: string, n: number) => {
      const runs: string[] = [];
      let at = new Date(from);
      for (let i = 0; i < n; i++) {
        at = nextRunAfter('30 2 * * *', 'Europe/Berlin', at)!;
        runs.push(at.toISOString());
      }
      return runs;
    };
    // 2027-03-28: 02:00 → 03:00; 02:30 does not exist, so the run is at the first valid time after it.
    assert.deepEqual(daily('2027-03-27T00:00:00Z', 3), [
      '2027-03-27T01:30:00.000Z',
      '2027-03-28T01:00:00.000Z',
      '2027-03-29T00:30:00.000Z',
    ]);
    // 2027-10-31: 03:00 → 02:00; 02:30 happens twice, the run once.
    assert.deepEqual(daily('2027-10-30T00:00:00Z', 3), [
      '2027-10-30T00:30:00.000Z',
      '2027-10-31T00:30:00.000Z',
      '2027-11-01T01:30:00.000Z',
    ]);
  });

  test('the latest run at or before an instant (the catch-up run), inclusive', () => {
    const latest = (at: string) => iso(latestRunAtOrBefore('0 9 * * 1', 'Europe/Berlin', new Date(at)));
    assert.equal(latest('2027-03-29T07:00:00.000Z'), '2027-03-29T07:00:00.000Z'); // Monday 09:00 CEST
    assert.equal(latest('2027-03-29T06:59:59.999Z'), '2027-03-22T08:00:00.000Z'); // the Monday before, CET
    assert.equal(latest('2027-04-20T12:00:00.000Z'), '2027-04-19T07:00:00.000Z');
  });

  test('expressions and zones are checked: five fields, an IANA zone', () => {
    assert.equal(scheduleProblem('0 9 1 * *', 'Europe/Berlin'), null);
    assert.equal(scheduleProblem('@daily', 'UTC'), null);
    assert.equal(scheduleProblem('0 9 1 *', 'UTC'), 'cron');
    assert.equal(scheduleProblem('0 0 9 1 * *', 'UTC'), 'cron', 'no seconds field');
    assert.equal(scheduleProblem('61 * * * *', 'UTC'), 'cron');
    assert.equal(scheduleProblem('0 9 * * *', 'Mars/Olympus'), 'timezone');
  });
});

describe(`schedules on ${testDialect}: runs, keys, catch-up, stored schedules`, () => {
  let tdb: TestDatabase;
  before(async () => {
    tdb = await createTestDatabase();
  });
  after(async () => {
    await tdb.drop();
  });

  function world(start: string) {
    const clock = fakeClock(new Date(start));
    const jobs = createJobs({ database: tdb.database, clock });
    const schedules = createSchedules({ database: tdb.database, clock, jobs });
    return { clock, jobs, schedules };
  }

  const jobsOf = (kind: string) =>
    tdb.db
      .selectFrom('jobs')
      .select(['id', 'unique_key', 'payload', 'done_at'])
      .where('kind', '=', kind)
      .orderBy('id')
      .execute();

  test('the unique run key: two enqueues of one run make one job', async () => {
    const { jobs } = world('2027-01-01T07:00:00Z');
    const key = runKey(42, new Date('2027-01-01T08:00:00Z'));
    assert.equal(key, 'schedule:42:2027-01-01T08:00:00.000Z');
    const first = await tdb.database
      .system('test')
      .transaction((trx) => jobs.enqueueUnique(trx, 'test.unique', key, { n: 1 }));
    const second = await tdb.database
      .system('test')
      .transaction((trx) => jobs.enqueueUnique(trx, 'test.unique', key, { n: 2 }));
    assert.deepEqual([first, second], [true, false]);
    // At the same time, in two transactions: one inserts, the other conflicts and does nothing.
    const other = runKey(42, new Date('2027-02-01T08:00:00Z'));
    const both = await Promise.all(
      [1, 2].map((n) =>
        tdb.database
          .system('test')
          .transaction((trx) => jobs.enqueueUnique(trx, 'test.unique', other, { n })),
      ),
    );
    assert.deepEqual(both.sort(), [false, true]);
    const rows = await jobsOf('test.unique');
    assert.deepEqual(
      rows.map((r) => r.unique_key),
      [key, other],
    );
    assert.equal(JSON.parse(rows[0]!.payload).n, 1, 'the first insert kept, the second did nothing');
    // Jobs without a key are unaffected (several nulls are allowed).
    await jobs.enqueue(tdb.db, 'test.unique', {});
    await jobs.enqueue(tdb.db, 'test.unique', {});
    assert.equal((await jobsOf('test.unique')).length, 4);
  });

  test('a code schedule runs on its instants, once each; a stale tick enqueues nothing', async () => {
    const { clock, jobs, schedules } = world('2027-01-04T07:58:00Z');
    const runs: ScheduledRun[] = [];
    schedules.define({
      name: 'test.hourly',
      cron: '0 * * * *',
      timezone: 'Europe/Berlin',
      payload: { what: 'hourly' },
      run: async (run) => {
        runs.push(run);
      },
    });
    await schedules.sync();
    await schedules.sync(); // a second process starting: no second row
    const row = await schedules.find(tdb.db, 'test.hourly');
    assert.equal(row?.source, 'code');
    assert.equal(row?.next_run_at, '2027-01-04T08:00:00.000Z');
    assert.equal(await schedules.tick(), 0, 'not due yet');

    clock.set(new Date('2027-01-04T08:00:20Z'));
    assert.equal(await schedules.tick(), 1);
    assert.equal(await schedules.tick(), 0, 'the same run is not enqueued twice');
    await jobs.drain();
    assert.deepEqual(
      runs.map((r) => [r.schedule, iso(r.scheduledFor), r.payload]),
      [['test.hourly', '2027-01-04T08:00:00.000Z', { what: 'hourly' }]],
    );

    // A worker that read the schedule before this run was recorded (on SQLite it would have had to
    // wait; on PostgreSQL SKIP LOCKED makes it skip): its insert meets the run's unique key.
    const stale = await tdb.db
      .selectFrom('job_schedules')
      .select(['next_run_at', 'last_run_at'])
      .where('name', '=', 'test.hourly')
      .executeTakeFirstOrThrow();
    await tdb.db
      .updateTable('job_schedules')
      .set({ next_run_at: '2027-01-04T08:00:00.000Z', last_run_at: null })
      .where('name', '=', 'test.hourly')
      .execute();
    assert.equal(await schedules.tick(), 0, 'the key decides, not the schedule row');
    assert.equal((await jobsOf('test.hourly')).length, 1);
    assert.deepEqual(
      await tdb.db
        .selectFrom('job_schedules')
        .select(['next_run_at', 'last_run_at'])
        .where('name', '=', 'test.hourly')
        .executeTakeFirstOrThrow(),
      stale,
    );
  });

  test('after downtime the latest missed run runs once, not a flood', async () => {
    const { clock, jobs, schedules } = world('2027-01-04T07:58:00Z');
    const runs: string[] = [];
    schedules.define({
      name: 'test.catch-up',
      cron: '*/15 * * * *',
      run: async (run) => {
        runs.push(iso(run.scheduledFor)!);
      },
    });
    await schedules.sync();
    // No worker for five hours: twenty instants missed.
    clock.set(new Date('2027-01-04T13:07:00Z'));
    assert.equal(await schedules.tick(), 1);
    await jobs.drain();
    assert.deepEqual(runs, ['2027-01-04T13:00:00.000Z']);
    assert.equal((await schedules.find(tdb.db, 'test.catch-up'))?.next_run_at, '2027-01-04T13:15:00.000Z');
    clock.set(new Date('2027-01-04T13:15:01Z'));
    await schedules.tick();
    await jobs.drain();
    assert.deepEqual(runs, ['2027-01-04T13:00:00.000Z', '2027-01-04T13:15:00.000Z']);
    assert.equal((await jobsOf('test.catch-up')).length, 2);
    // Finished runs are kept seven days (the default), then pruned when the schedule next runs.
    clock.set(new Date('2027-01-11T13:20:00Z'));
    await schedules.tick();
    await jobs.drain();
    assert.deepEqual(
      (await jobsOf('test.catch-up')).map((j) => j.unique_key?.split(':').slice(2).join(':')),
      ['2027-01-11T13:15:00.000Z'],
    );
  });

  test('a tick runs a fixed number of statements, however many schedules are due', async () => {
    const { clock, jobs, schedules } = world('2027-05-03T06:00:00Z');
    const ran: string[] = [];
    schedules.handle('test.many', {
      run: async (run) => {
        ran.push(`${run.schedule}@${iso(run.scheduledFor)}`);
      },
    });
    const make = (names: string[]) =>
      tdb.database.system('test').transaction(async (trx) => {
        for (const name of names) {
          await schedules.create(trx, {
            name,
            kind: 'test.many',
            cron: '0 9 * * *',
            timezone: 'Europe/Berlin',
          });
        }
      });
    const statementsOfTick = async () => {
      let n = 0;
      tdb.database.onQuery = () => {
        n += 1;
      };
      try {
        return { enqueued: await schedules.tick(), statements: n };
      } finally {
        tdb.database.onQuery = undefined;
      }
    };
    await make(['many:a', 'many:b']);
    clock.set(new Date('2027-05-03T07:00:30Z')); // 09:00 in Berlin (CEST)
    const few = await statementsOfTick();
    assert.equal(few.enqueued, 2);

    await make(Array.from({ length: 40 }, (_, i) => `many:${i}`));
    // One whose zone has gone from the system's data: switched off in the same statement as the rest.
    await tdb.db
      .updateTable('job_schedules')
      .set({ timezone: 'Mars/Olympus' })
      .where('name', '=', 'many:b')
      .execute();
    clock.set(new Date('2027-05-04T07:00:30Z'));
    const many = await statementsOfTick();
    assert.equal(many.enqueued, 41);
    assert.equal(many.statements, few.statements, 'the same statements for 2 and for 42 due schedules');
    // Select, insert, update, and the pruning of the kind's old runs (with the transaction's own).
    assert.ok(many.statements <= 6, `${many.statements} statements`);
    assert.equal(await schedules.tick(), 0, 'each run once');

    await jobs.drain();
    assert.equal(ran.length, 43);
    assert.equal(ran.filter((r) => r.endsWith('@2027-05-04T07:00:00.000Z')).length, 41);
    const broken = await schedules.find(tdb.db, 'many:b');
    assert.equal(broken?.enabled, false);
    assert.equal(broken?.next_run_at, '2027-05-04T07:00:00.000Z', 'left as it was');
    assert.equal(broken?.last_run_at, '2027-05-03T07:00:00.000Z');
    const rows = await tdb.db
      .selectFrom('job_schedules')
      .select(['next_run_at', 'last_run_at', 'enabled'])
      .where('kind', '=', 'test.many')
      .where('name', '!=', 'many:b')
      .execute();
    assert.equal(rows.length, 41);
    for (const row of rows) {
      assert.equal(row.next_run_at, '2027-05-05T07:00:00.000Z');
      assert.equal(row.last_run_at, '2027-05-04T07:00:00.000Z');
      assert.equal(row.enabled, 1);
    }
  });

  test('a failing run is retried with the runner’s backoff, then given up; the next run still comes', async () => {
    const { clock, jobs, schedules } = world('2027-01-04T07:59:00Z');
    const attempts: Array<[string, number, boolean]> = [];
    schedules.define({
      name: 'test.flaky',
      cron: '0 * * * *',
      maxAttempts: 2,
      run: async (run) => {
        attempts.push([iso(run.scheduledFor)!, run.attempt, run.lastAttempt]);
        throw new Error('mail server down');
      },
    });
    await schedules.sync();
    clock.set(new Date('2027-01-04T08:00:00Z'));
    await schedules.tick();
    await jobs.drain();
    clock.advance(5000); // the first backoff
    await jobs.drain();
    clock.set(new Date('2027-01-04T09:00:00Z'));
    await schedules.tick();
    await jobs.drain();
    assert.deepEqual(attempts, [
      ['2027-01-04T08:00:00.000Z', 1, false],
      ['2027-01-04T08:00:00.000Z', 2, true],
      ['2027-01-04T09:00:00.000Z', 1, false],
    ]);
    const failed = await tdb.db
      .selectFrom('jobs')
      .select(['failed_at', 'last_error'])
      .where(
        'unique_key',
        '=',
        `schedule:${(await schedules.find(tdb.db, 'test.flaky'))!.id}:2027-01-04T08:00:00.000Z`,
      )
      .executeTakeFirstOrThrow();
    assert.equal(failed.last_error, 'mail server down');
    assert.notEqual(failed.failed_at, null);
  });

  test('stored schedules: made for a client, with a payload; changed, switched off and removed', async () => {
    const { clock, jobs, schedules } = world('2027-03-20T10:00:00Z');
    const delivered: Array<[string | null, string | null, unknown]> = [];
    schedules.handle('test.report', {
      run: async (run) => {
        delivered.push([run.schedule, iso(run.scheduledFor), run.payload]);
      },
    });
    const client = await tdb.db
      .insertInto('clients')
      .values({
        name: 'Schedule Client',
        portal_enabled: 1,
        created_at: clock().toISOString(),
        updated_at: clock().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tdb.database.system('test').transaction((trx) =>
      schedules.create(trx, {
        name: 'report:42',
        kind: 'test.report',
        cron: '0 9 * * 1',
        timezone: 'Europe/Berlin',
        payload: { reportId: 42 },
        clientId: client.id,
      }),
    );
    await assert.rejects(
      schedules.create(tdb.db, {
        name: 'report:43',
        kind: 'test.nobody',
        cron: '0 9 * * 1',
        timezone: 'UTC',
      }),
      /No schedule handler/,
    );
    await assert.rejects(
      schedules.create(tdb.db, { name: 'report:43', kind: 'test.report', cron: '0 9 * *', timezone: 'UTC' }),
      /invalid cron/,
    );
    assert.equal((await schedules.find(tdb.db, 'report:42'))?.next_run_at, '2027-03-22T08:00:00.000Z');
    // Two Mondays, either side of the change to summer time: 09:00 Berlin both times.
    clock.set(new Date('2027-03-22T08:00:30Z'));
    await schedules.tick();
    await jobs.drain();
    clock.set(new Date('2027-03-29T07:00:30Z'));
    await schedules.tick();
    await jobs.drain();
    assert.deepEqual(delivered, [
      ['report:42', '2027-03-22T08:00:00.000Z', { reportId: 42 }],
      ['report:42', '2027-03-29T07:00:00.000Z', { reportId: 42 }],
    ]);
    // Switched off: no runs; switched on again: from now, with no catch-up for the time it was off.
    assert.equal(await schedules.update(tdb.db, 'report:42', { enabled: false }), true);
    clock.set(new Date('2027-04-12T07:00:30Z'));
    assert.equal(await schedules.tick(), 0);
    await schedules.update(tdb.db, 'report:42', { enabled: true, cron: '0 8 * * 1' });
    assert.equal((await schedules.find(tdb.db, 'report:42'))?.next_run_at, '2027-04-19T06:00:00.000Z');
    assert.equal(
      await schedules.update(tdb.db, 'test.hourly', { enabled: false }),
      false,
      'not a stored one',
    );
    // Deleting the client deletes its schedules.
    await tdb.db.deleteFrom('clients').where('id', '=', client.id).execute();
    assert.equal(await schedules.find(tdb.db, 'report:42'), undefined);
    assert.equal(await schedules.remove(tdb.db, 'report:42'), false);
  });
});

/**
 * Two worker processes, as `portico worker` runs them: two compositions over one database, each with its
 * own connections, the same code schedules and one stored schedule. The clock is injected and moved on
 * in steps that never line up with the schedules' instants; at each step both workers tick and run jobs
 * (at the same time on PostgreSQL; in turn on SQLite, which has one writer and whose in-process driver
 * waits synchronously for another connection's lock). One worker restarts halfway.
 */
describe(`schedules on ${testDialect}: two workers over one database`, () => {
  let tdb: TestDatabase;
  const clock: FakeClock = fakeClock(new Date('2027-03-27T06:00:00Z'));
  const runs: Array<{ worker: string; schedule: string | null; at: string }> = [];
  type Worker = { name: string; services: Services; database: Database; close(): Promise<void> };

  async function startWorker(name: string): Promise<Worker> {
    const database = createDatabase(tdb.config);
    const { app, services } = await buildApp({
      config: tdb.config,
      database,
      clock,
      logger: false,
      dnsResolver: noDns,
    });
    const record = async (run: ScheduledRun) => {
      runs.push({ worker: name, schedule: run.schedule, at: iso(run.scheduledFor)! });
    };
    services.schedules.define({ name: 'test.quarter-hour', cron: '*/15 * * * *', run: record });
    services.schedules.handle('test.report', { run: record });
    await app.ready();
    await services.schedules.sync();
    return {
      name,
      services,
      database,
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

  test('each scheduled run is executed exactly once, across a DST change and a restart', async (t) => {
    const a = await startWorker('a');
    let b = await startWorker('b');
    try {
      await a.services.schedules.create(tdb.db, {
        name: 'report:7',
        kind: 'test.report',
        cron: '0 9 * * *',
        timezone: 'Europe/Berlin',
        payload: { reportId: 7 },
      });
      const end = Date.parse('2027-03-29T12:00:00Z');
      const restartAt = Date.parse('2027-03-28T02:00:00Z');
      let restarted = false;
      const concurrent = testDialect === 'postgres';
      let step = 0;
      while (clock().getTime() < end) {
        clock.advance(13 * MIN);
        if (!restarted && clock().getTime() >= restartAt) {
          restarted = true;
          await b.close();
          b = await startWorker('b2');
        }
        const workers = step++ % 2 ? [b, a] : [a, b];
        if (concurrent) {
          // Each worker ticks twice at once too (its timer and a kick): four transactions race.
          await Promise.all([...workers, ...workers].map((w) => w.services.schedules.tick()));
          await Promise.all(workers.map((w) => w.services.jobs.drain()));
        } else {
          for (const w of workers) await w.services.schedules.tick();
          for (const w of workers) await w.services.jobs.drain();
        }
      }
      assert.ok(restarted);

      const at = (schedule: string) =>
        runs
          .filter((r) => r.schedule === schedule)
          .map((r) => r.at)
          .sort();
      // Every quarter hour from the start to the end, once each (a 13-minute step passes at most one).
      const quarters: string[] = [];
      for (let t = Date.parse('2027-03-27T06:15:00Z'); t <= clock().getTime(); t += 15 * MIN) {
        quarters.push(new Date(t).toISOString());
      }
      assert.deepEqual(at('test.quarter-hour'), quarters);
      // 09:00 in Berlin each day: 08:00 UTC before the change to summer time (28 March), 07:00 after.
      assert.deepEqual(at('report:7'), [
        '2027-03-27T08:00:00.000Z',
        '2027-03-28T07:00:00.000Z',
        '2027-03-29T07:00:00.000Z',
      ]);
      // On SQLite the workers take turns, each going first every other step: both did work, and the
      // restarted one too. (On PostgreSQL who wins each race is up to the database.)
      const workersSeen = new Set(runs.map((r) => r.worker));
      t.diagnostic(
        `runs by worker: ${['a', 'b', 'b2'].map((w) => `${w} ${runs.filter((r) => r.worker === w).length}`).join(', ')}`,
      );
      if (!concurrent) assert.deepEqual([...workersSeen].sort(), ['a', 'b', 'b2']);
      // The module's own schedules ran once a minute and every ten, each run once.
      const keys = await tdb.db
        .selectFrom('jobs')
        .select(['kind', 'unique_key'])
        .where('unique_key', 'is not', null)
        .execute();
      assert.equal(new Set(keys.map((k) => k.unique_key)).size, keys.length);
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
