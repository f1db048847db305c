import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { createTestDatabase } from '../test/harness.ts';
import {
  type BusEvent,
  createEventBus,
  type EventBus,
  EventBusError,
  type EventBusLog,
  MAX_PAYLOAD_BYTES,
  memoryEventBus,
  postgresEventBus,
} from './events.ts';

const pgUrl = process.env.TEST_DATABASE_URL;
const pgSkip = pgUrl
  ? false
  : 'TEST_DATABASE_URL is not set: the PostgreSQL event bus runs in `npm run test:pg` and CI';

function recordingLog(): EventBusLog & { errors: unknown[]; warnings: unknown[] } {
  const errors: unknown[] = [];
  const warnings: unknown[] = [];
  return {
    errors,
    warnings,
    error: (obj) => errors.push(obj),
    warn: (obj) => warnings.push(obj),
  };
}

/** Collects events on a channel; `next()` waits for the next one, failing after `ms`. */
function collect(bus: EventBus, channel: string) {
  const events: BusEvent[] = [];
  let waiter: (() => void) | null = null;
  const unsubscribe = bus.subscribe(channel, (e) => {
    events.push(e);
    waiter?.();
  });
  return {
    events,
    unsubscribe,
    async waitFor(count: number, ms = 30_000): Promise<void> {
      const deadline = Date.now() + ms;
      while (events.length < count) {
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(`expected ${count} event(s) on ${channel} within ${ms} ms, got ${events.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiter = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        waiter = null;
      }
    },
  };
}

const ev = (type: string, data: unknown = {}, clientId: number | null = 7): BusEvent => ({
  type,
  clientId,
  data,
});

describe('memory event bus', () => {
  test('delivers to subscribers of the channel only, and stops after unsubscribe', async () => {
    const bus = memoryEventBus();
    const a = collect(bus, 'ticket_1');
    const b = collect(bus, 'ticket_1');
    const other = collect(bus, 'ticket_2');
    await bus.publish('ticket_1', ev('message.created', { messageId: 5 }));
    assert.deepEqual(a.events, [{ type: 'message.created', clientId: 7, data: { messageId: 5 } }]);
    assert.equal(b.events.length, 1);
    assert.equal(other.events.length, 0);
    a.unsubscribe();
    a.unsubscribe(); // twice is harmless
    await bus.publish('ticket_1', ev('status.changed', { status: 'open' }, null));
    assert.equal(a.events.length, 1);
    assert.deepEqual(b.events[1], { type: 'status.changed', clientId: null, data: { status: 'open' } });
    await bus.close();
    await assert.rejects(bus.publish('ticket_1', ev('x')), EventBusError);
  });

  test('hands subscribers a JSON copy, as PostgreSQL would', async () => {
    const bus = memoryEventBus();
    const got = collect(bus, 'c');
    const data = { at: new Date('2026-03-02T09:00:00.000Z'), ids: [1, 2] };
    await bus.publish('c', ev('t', data));
    assert.deepEqual(got.events[0]!.data, { at: '2026-03-02T09:00:00.000Z', ids: [1, 2] });
    data.ids.push(3);
    assert.deepEqual((got.events[0]!.data as { ids: number[] }).ids, [1, 2]);
    await bus.close();
  });

  test('isolates listener errors: throws and rejections are logged, others still receive, publish resolves', async () => {
    const log = recordingLog();
    const bus = memoryEventBus({ log });
    bus.subscribe('c', () => {
      throw new Error('boom');
    });
    bus.subscribe('c', async () => {
      throw new Error('async boom');
    });
    const good = collect(bus, 'c');
    await bus.publish('c', ev('t'));
    await sleep(10);
    assert.equal(good.events.length, 1);
    assert.equal(log.errors.length, 2);
    await bus.close();
  });

  test('takes thousands of subscribers without a max-listeners warning', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const bus = memoryEventBus();
      let count = 0;
      const offs = Array.from({ length: 5000 }, () => bus.subscribe('busy', () => void count++));
      await bus.publish('busy', ev('t'));
      assert.equal(count, 5000);
      for (const off of offs.slice(0, 2500)) off();
      await bus.publish('busy', ev('t'));
      assert.equal(count, 7500);
      await sleep(10);
      assert.deepEqual(warnings, []);
      await bus.close();
    } finally {
      process.off('warning', onWarning);
    }
  });

  test('refuses bad channels and oversized events with a clear error', async () => {
    const bus = memoryEventBus();
    for (const channel of ['', 'Ticket', 'a-b', 'x'.repeat(51), "a'; drop table x; --"]) {
      await assert.rejects(bus.publish(channel, ev('t')), /Invalid event channel/);
      assert.throws(() => bus.subscribe(channel, () => {}), /Invalid event channel/);
    }
    await assert.rejects(
      bus.publish('c', ev('t', { body: 'x'.repeat(MAX_PAYLOAD_BYTES) })),
      /over the 7900-byte limit: events carry ids/,
    );
    await assert.rejects(bus.publish('c', ev('')), /non-empty string type/);
    await bus.close();
  });

  test('createEventBus picks the memory bus for SQLite', async () => {
    const tdb = await createTestDatabase({ dialect: 'sqlite' });
    const bus = createEventBus(tdb.database, tdb.config);
    try {
      await bus.ready();
      const got = collect(bus, 'c');
      await bus.publish('c', ev('t'));
      assert.equal(got.events.length, 1, 'the memory bus delivers synchronously');
    } finally {
      await bus.close();
      await tdb.drop();
    }
  });
});

describe('PostgreSQL event bus (LISTEN/NOTIFY)', { skip: pgSkip }, () => {
  test('two app processes on one database: each event reaches the other once and its own once', async () => {
    const tdb = await createTestDatabase({ dialect: 'postgres' });
    // createEventBus on a PostgreSQL database: each call stands in for one app process.
    const one = createEventBus(tdb.database, tdb.config);
    const two = createEventBus(tdb.database, tdb.config);
    try {
      await Promise.all([one.ready(), two.ready()]);
      const onOne = collect(one, 'ticket_42');
      const onTwo = collect(two, 'ticket_42');
      const elsewhere = collect(two, 'ticket_43');

      await one.publish('ticket_42', ev('message.created', { ticketId: 42, messageId: 1 }));
      await onTwo.waitFor(1);
      assert.deepEqual(onTwo.events[0], {
        type: 'message.created',
        clientId: 7,
        data: { ticketId: 42, messageId: 1 },
      });

      await two.publish('ticket_42', ev('status.changed', { ticketId: 42 }));
      await onOne.waitFor(2);
      await onTwo.waitFor(2);
      // Give a NOTIFY echo time to arrive: it must not be delivered a second time.
      await sleep(300);
      assert.deepEqual(
        onOne.events.map((e) => e.type),
        ['message.created', 'status.changed'],
      );
      assert.deepEqual(
        onTwo.events.map((e) => e.type),
        ['message.created', 'status.changed'],
      );
      assert.equal(elsewhere.events.length, 0);

      onTwo.unsubscribe();
      await one.publish('ticket_42', ev('third'));
      await onOne.waitFor(3);
      await sleep(200);
      assert.equal(onTwo.events.length, 2);
    } finally {
      await one.close();
      await two.close();
      await tdb.drop();
    }
  });

  test('refuses oversized events and bad channels; an event just under the limit passes NOTIFY', async () => {
    const tdb = await createTestDatabase({ dialect: 'postgres' });
    const bus = postgresEventBus({ url: pgUrl_(tdb.config) });
    try {
      await bus.ready();
      await assert.rejects(
        bus.publish('c', ev('t', { body: 'é'.repeat(4000) })),
        /bytes, over the 7900-byte limit/,
      );
      await assert.rejects(bus.publish('Bad Channel', ev('t')), /Invalid event channel/);
      // Just under the limit still goes through NOTIFY.
      const got = collect(bus, 'c');
      await bus.publish('c', ev('t', { pad: 'x'.repeat(MAX_PAYLOAD_BYTES - 100) }));
      assert.equal(got.events.length, 1);
    } finally {
      await bus.close();
      await tdb.drop();
    }
  });

  test('reconnects and listens again after the listening backend is killed', async () => {
    const tdb = await createTestDatabase({ dialect: 'postgres' });
    const url = pgUrl_(tdb.config);
    let reconnectsA = 0;
    let reconnectsB = 0;
    const logA = recordingLog();
    const a = postgresEventBus({ url, log: logA, minBackoffMs: 20, onReconnect: () => void reconnectsA++ });
    const b = postgresEventBus({ url, minBackoffMs: 20, onReconnect: () => void reconnectsB++ });
    try {
      await Promise.all([a.ready(), b.ready()]);
      const onA = collect(a, 'c');
      const onB = collect(b, 'c');
      await b.publish('c', ev('before'));
      await onA.waitFor(1);

      const killed = await sql<{ killed: boolean }>`
        select pg_terminate_backend(pid) as killed from pg_stat_activity
        where datname = current_database() and application_name = 'portico-events'`.execute(tdb.db);
      assert.equal(killed.rows.length, 2, 'one listening connection per bus');

      const deadline = Date.now() + 30_000;
      while ((reconnectsA < 1 || reconnectsB < 1) && Date.now() < deadline) await sleep(20);
      assert.equal(reconnectsA, 1);
      assert.equal(reconnectsB, 1);
      assert.ok(logA.warnings.length >= 1, 'the drop is logged');

      await b.publish('c', ev('after'));
      await a.publish('c', ev('after_from_a'));
      await onA.waitFor(3);
      await onB.waitFor(3);
      await sleep(200);
      // Each event once on each bus, 'before' first. The two later events come from two publishers on
      // two connections: PostgreSQL promises no order between them.
      for (const got of [onA, onB]) {
        const types = got.events.map((e) => e.type);
        assert.equal(types[0], 'before');
        assert.deepEqual(types.slice(1).sort(), ['after', 'after_from_a']);
      }
      const listeners = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and application_name = 'portico-events'`.execute(tdb.db);
      assert.equal(listeners.rows[0]!.n, 2, 'no leaked listening connections');
    } finally {
      await a.close();
      await b.close();
      await tdb.drop();
    }
  });

  test('close() ends every connection and leaves no open handles', async () => {
    const tdb = await createTestDatabase({ dialect: 'postgres' });
    const sockets = () => process.getActiveResourcesInfo().filter((r) => r.startsWith('TCP')).length;
    const count = async (db = tdb.db) =>
      (
        await sql<{ n: number }>`
          select count(*)::int as n from pg_stat_activity
          where datname = current_database() and application_name like 'portico-events%'`.execute(db)
      ).rows[0]!.n;
    try {
      await tdb.db.selectNoFrom(sql`1`.as('one')).execute();
      const before = sockets();
      const bus = postgresEventBus({ url: pgUrl_(tdb.config) });
      await bus.ready();
      const got = collect(bus, 'c');
      await bus.publish('c', ev('t'));
      assert.equal(got.events.length, 1);
      assert.equal(await count(), 2, 'one listening and one publishing connection');
      await bus.close();
      await bus.close(); // twice is harmless
      await assert.rejects(bus.publish('c', ev('t')), EventBusError);
      const deadline = Date.now() + 30_000;
      while ((sockets() > before || (await count()) > 0) && Date.now() < deadline) await sleep(20);
      assert.equal(sockets(), before, 'the bus closed its sockets');
      assert.equal(await count(), 0, 'the server sees no bus connections');
    } finally {
      await tdb.drop();
    }
  });

  test('close() while the first connection is still being made does not leave it open', async () => {
    const tdb = await createTestDatabase({ dialect: 'postgres' });
    try {
      const bus = postgresEventBus({ url: pgUrl_(tdb.config) });
      await bus.close();
      await sleep(100);
      const n = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and application_name like 'portico-events%'`.execute(tdb.db);
      assert.equal(n.rows[0]!.n, 0);
    } finally {
      await tdb.drop();
    }
  });
});

function pgUrl_(config: { database: { dialect: string } & ({ url: string } | { path: string }) }): string {
  if (!('url' in config.database)) throw new Error('expected a PostgreSQL test database');
  return config.database.url;
}
