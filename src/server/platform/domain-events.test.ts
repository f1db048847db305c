import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { z } from 'zod';
import { createTestDatabase, type FakeClock, fakeClock, type TestDatabase } from '../test/harness.ts';
import { createDomainEvents, DOMAIN_EVENT_JOB, type DomainEvents } from './domain-events.ts';
import { backoffMs, createJobs, type Jobs } from './jobs.ts';

const catalog = {
  'thing.happened': z.object({ thingId: z.number().int().positive(), note: z.string() }),
  'thing.removed': z.object({ thingId: z.number().int().positive() }),
};

describe('domain events: published with the change, delivered by the job runner', () => {
  let tdb: TestDatabase;
  let clock: FakeClock;
  let jobs: Jobs;
  let bus: DomainEvents<typeof catalog>;
  const seen: { subscriber: string; eventId: number; thingId: number; attempt: number }[] = [];
  /** How each subscriber behaves on its next run (tests set it). */
  const behaviour = { flaky: 'ok' as 'ok' | 'throw', effectThenThrow: false };

  before(async () => {
    tdb = await createTestDatabase();
    clock = fakeClock();
    jobs = createJobs({ database: tdb.database, clock });
    bus = createDomainEvents({ database: tdb.database, clock, jobs, catalog });
    bus.subscribe({
      event: 'thing.happened',
      name: 'test.recorder',
      async handle(ctx, event) {
        seen.push({
          subscriber: ctx.subscriber,
          eventId: event.id,
          thingId: event.payload.thingId,
          attempt: ctx.attempt,
        });
      },
    });
    bus.subscribe({
      event: 'thing.happened',
      name: 'test.flaky',
      maxAttempts: 3,
      async handle(ctx, event) {
        seen.push({
          subscriber: ctx.subscriber,
          eventId: event.id,
          thingId: event.payload.thingId,
          attempt: ctx.attempt,
        });
        if (behaviour.flaky === 'throw') throw new Error(`flaky failed on attempt ${ctx.attempt}`);
      },
    });
    // Its effect is a row written in its own transaction (a queued job stands in for an email).
    bus.subscribe({
      event: 'thing.removed',
      name: 'test.effect',
      async handle(ctx, event) {
        seen.push({
          subscriber: ctx.subscriber,
          eventId: event.id,
          thingId: event.payload.thingId,
          attempt: ctx.attempt,
        });
        await tdb.db.transaction().execute(async (trx) => {
          const fresh = await ctx.claim(trx, [
            `thing:${event.payload.thingId}`,
            `thing:${event.payload.thingId}`,
          ]);
          for (const key of fresh)
            await jobs.enqueue(trx, 'test.effect', { key }, { runAt: new Date('2100-01-01') });
          if (behaviour.effectThenThrow) throw new Error('crashed after the effect, before the commit');
        });
      },
    });
  });
  after(async () => {
    await tdb.drop();
  });
  beforeEach(() => {
    seen.length = 0;
    behaviour.flaky = 'ok';
    behaviour.effectThenThrow = false;
  });

  const deliveries = (eventId: number) =>
    tdb.db
      .selectFrom('jobs')
      .selectAll()
      .where('kind', '=', DOMAIN_EVENT_JOB)
      .execute()
      .then((rows) => rows.filter((r) => (JSON.parse(r.payload) as { eventId: number }).eventId === eventId));
  const effects = () =>
    tdb.db.selectFrom('jobs').select('payload').where('kind', '=', 'test.effect').execute();

  test('subscribers register by event name; each gets its own delivery, in the transaction of the change', async () => {
    assert.deepEqual(bus.subscribers, {
      'thing.happened': ['test.recorder', 'test.flaky'],
      'thing.removed': ['test.effect'],
    });
    const eventId = await tdb.db
      .transaction()
      .execute((trx) => bus.publish(trx, 'thing.happened', { thingId: 7, note: 'hello' }));
    const rows = await deliveries(eventId);
    assert.deepEqual(rows.map((r) => JSON.parse(r.payload).subscriber).sort(), [
      'test.flaky',
      'test.recorder',
    ]);
    assert.deepEqual(rows.map((r) => r.max_attempts).sort(), [10, 3]);
    const stored = await tdb.db
      .selectFrom('domain_events')
      .selectAll()
      .where('id', '=', eventId)
      .executeTakeFirstOrThrow();
    assert.equal(stored.name, 'thing.happened');
    assert.deepEqual(JSON.parse(stored.payload), { thingId: 7, note: 'hello' });

    await jobs.drain();
    assert.deepEqual(seen.map((s) => [s.subscriber, s.eventId, s.thingId, s.attempt]).sort(), [
      ['test.flaky', eventId, 7, 1],
      ['test.recorder', eventId, 7, 1],
    ]);
    assert.ok((await deliveries(eventId)).every((r) => r.done_at !== null));
  });

  test('a payload that does not match the event’s schema is refused when published', async () => {
    await assert.rejects(
      tdb.db.transaction().execute((trx) =>
        bus.publish(trx, 'thing.happened', { thingId: -1, note: 'bad' } as unknown as {
          thingId: number;
          note: string;
        }),
      ),
    );
    await assert.rejects(
      tdb.db.transaction().execute((trx) => bus.publish(trx, 'no.such' as 'thing.removed', { thingId: 1 })),
      /Unknown domain event/,
    );
  });

  test('an event published in a transaction that rolls back has no effect', async () => {
    const before = await tdb.db.selectFrom('domain_events').select('id').execute();
    await assert.rejects(
      tdb.db.transaction().execute(async (trx) => {
        await bus.publish(trx, 'thing.happened', { thingId: 8, note: 'never' });
        await bus.publish(trx, 'thing.removed', { thingId: 8 });
        throw new Error('the change failed');
      }),
      /the change failed/,
    );
    assert.equal((await tdb.db.selectFrom('domain_events').select('id').execute()).length, before.length);
    assert.equal(await jobs.drain(), 0, 'no delivery was queued');
    assert.deepEqual(seen, []);
    assert.ok(!(await effects()).some((e) => e.payload.includes('thing:8')));
  });

  test('a handler that throws is retried with backoff and marked failed after its last attempt', async () => {
    behaviour.flaky = 'throw';
    const eventId = await tdb.db
      .transaction()
      .execute((trx) => bus.publish(trx, 'thing.happened', { thingId: 9, note: 'retry me' }));
    const flakyJob = async () =>
      (await deliveries(eventId)).find((r) => JSON.parse(r.payload).subscriber === 'test.flaky')!;
    const flakyRuns = () => seen.filter((s) => s.subscriber === 'test.flaky').map((s) => s.attempt);

    await jobs.drain();
    assert.deepEqual(flakyRuns(), [1]);
    let job = await flakyJob();
    assert.equal(job.failed_at, null);
    assert.match(job.last_error ?? '', /flaky failed on attempt 1/);
    assert.equal(Date.parse(job.run_at), clock().getTime() + backoffMs(1), 'the first retry waits 5 s');

    // Not due yet: nothing runs.
    clock.advance(backoffMs(1) - 1);
    await jobs.drain();
    assert.deepEqual(flakyRuns(), [1]);

    clock.advance(1);
    await jobs.drain();
    assert.deepEqual(flakyRuns(), [1, 2]);
    job = await flakyJob();
    assert.equal(Date.parse(job.run_at), clock().getTime() + backoffMs(2), 'then 10 s');
    assert.equal(job.failed_at, null);

    clock.advance(backoffMs(2));
    await jobs.drain();
    assert.deepEqual(flakyRuns(), [1, 2, 3]);
    job = await flakyJob();
    assert.notEqual(job.failed_at, null, 'marked failed after the third (last) attempt');
    assert.equal(job.attempts, 3);
    assert.match(job.last_error ?? '', /attempt 3/);

    clock.advance(3_600_000);
    await jobs.drain();
    assert.deepEqual(flakyRuns(), [1, 2, 3], 'never tried again');
    // The other subscriber of the same event was delivered once, on its own.
    assert.deepEqual(
      seen.filter((s) => s.subscriber === 'test.recorder').map((s) => s.attempt),
      [1],
    );
  });

  test('a delivery that runs twice makes its effect once; a run that rolled back leaves its claims free', async () => {
    // The first run makes its effect, then "crashes" before its transaction commits: nothing is kept.
    behaviour.effectThenThrow = true;
    const eventId = await tdb.db
      .transaction()
      .execute((trx) => bus.publish(trx, 'thing.removed', { thingId: 11 }));
    await jobs.drain();
    const mine = async () => (await effects()).filter((e) => e.payload.includes('thing:11'));
    assert.equal((await mine()).length, 0);

    // The retry makes it.
    behaviour.effectThenThrow = false;
    clock.advance(backoffMs(1));
    await jobs.drain();
    assert.equal((await mine()).length, 1);

    // At least once: the same delivery runs again (a worker died before marking it done).
    const [delivery] = await deliveries(eventId);
    await tdb.db
      .updateTable('jobs')
      .set({ done_at: null, locked_until: null })
      .where('id', '=', delivery!.id)
      .execute();
    await jobs.drain();
    assert.deepEqual(
      seen.filter((s) => s.eventId === eventId).map((s) => s.attempt),
      [1, 2, 3],
      'the handler ran three times',
    );
    assert.equal((await mine()).length, 1, 'and made its effect once');
    const claims = await tdb.db
      .selectFrom('domain_event_effects')
      .selectAll()
      .where('event_id', '=', eventId)
      .execute();
    assert.deepEqual(
      claims.map((c) => [c.subscriber, c.effect_key]),
      [['test.effect', 'thing:11']],
    );
  });
});
