import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { buildApp } from '../app.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { Client, createTestDatabase, errorOf, setUp } from '../test/harness.ts';
import { type BusEvent, type EventBus, EventBusError, MAX_PAYLOAD_BYTES } from './events.ts';
import { closeRedis, createRedisClient, redisEventBus, redisRateLimiter, redisReady } from './redis.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const skip = (await reachable(REDIS_URL))
  ? false
  : `Redis is not reachable at ${REDIS_URL}: start it (or set TEST_REDIS_URL) to run the Redis adapter tests`;

/** Keys and channels of this run only, so parallel runs and a real installation never meet. */
const runPrefix = `portico-test-${randomUUID().slice(0, 8)}:`;
let n = 0;
const uniquePrefix = () => `${runPrefix}${++n}:`;

async function client(name = 'portico-test'): Promise<Redis> {
  const c = createRedisClient(REDIS_URL, { name });
  await redisReady(c);
  return c;
}

function collect(bus: EventBus, channel: string) {
  const events: BusEvent[] = [];
  bus.subscribe(channel, (e) => {
    events.push(e);
  });
  return {
    events,
    async waitFor(count: number, ms = 30_000) {
      const deadline = Date.now() + ms;
      while (events.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} event(s), got ${events.length}`);
        await sleep(10);
      }
    },
  };
}

describe('Redis settings', () => {
  test('REDIS_URL, EVENT_BUS and RATE_LIMIT_STORE resolve as documented', () => {
    const plain = loadConfig({ NODE_ENV: 'test' });
    assert.equal(plain.redisUrl, null);
    assert.equal(plain.eventBus, 'memory');
    assert.equal(plain.rateLimitStore, 'memory');
    assert.equal(plain.redisPrefix, 'portico:');
    const pg = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://u@db.example.com/portico' });
    assert.equal(pg.eventBus, 'postgres', 'auto is postgres on PostgreSQL');
    const withRedis = loadConfig({ NODE_ENV: 'test', REDIS_URL: 'redis://:pw@cache:6379/0' });
    assert.equal(withRedis.rateLimitStore, 'redis', 'counters go to Redis by default when it is set');
    assert.equal(withRedis.eventBus, 'memory', 'the bus uses Redis only when asked');
    const asked = loadConfig({
      NODE_ENV: 'test',
      REDIS_URL: 'rediss://cache:6380',
      EVENT_BUS: 'redis',
      RATE_LIMIT_STORE: 'memory',
      REDIS_PREFIX: 'acme:',
    });
    assert.equal(asked.eventBus, 'redis');
    assert.equal(asked.rateLimitStore, 'memory');
    assert.equal(asked.redisPrefix, 'acme:');
  });

  test('wrong combinations are refused in one line; the Redis password is never echoed', () => {
    const refused = (env: Record<string, string>, pattern: RegExp) =>
      assert.throws(
        () => loadConfig({ NODE_ENV: 'test', ...env }),
        (e: Error) =>
          e instanceof ConfigError &&
          pattern.test(e.message) &&
          !e.message.includes('\n') &&
          !e.message.includes('hunter2'),
        JSON.stringify(env),
      );
    refused(
      { REDIS_URL: 'http://:hunter2@cache' },
      /^Invalid configuration: REDIS_URL must look like redis:/,
    );
    refused({ EVENT_BUS: 'kafka' }, /EVENT_BUS must be auto, memory, postgres or redis/);
    refused({ EVENT_BUS: 'redis' }, /EVENT_BUS=redis needs REDIS_URL/);
    refused({ EVENT_BUS: 'postgres' }, /EVENT_BUS=postgres needs a PostgreSQL DATABASE_URL/);
    refused({ RATE_LIMIT_STORE: 'redis' }, /RATE_LIMIT_STORE=redis needs REDIS_URL/);
    refused({ RATE_LIMIT_STORE: 'disk' }, /RATE_LIMIT_STORE must be memory or redis/);
    refused({ REDIS_PREFIX: 'a b' }, /REDIS_PREFIX must be/);
    refused({ WORKERS: 'sometimes' }, /WORKERS must be true or false/);
  });
});

describe('Redis rate limiter', { skip }, () => {
  test('two limiter instances (two processes) share one count', async () => {
    const [a, b] = [await client(), await client()];
    try {
      const prefix = uniquePrefix();
      const one = redisRateLimiter({ redis: a, prefix });
      const two = redisRateLimiter({ redis: b, prefix });
      const results = [];
      for (let i = 0; i < 6; i++)
        results.push(await (i % 2 ? two : one).hit('login:account:x@example.com', 4, 60_000));
      assert.deepEqual(
        results.map((r) => r.allowed),
        [true, true, true, true, false, false],
      );
      assert.ok(results[5]!.retryAfterSeconds >= 1 && results[5]!.retryAfterSeconds <= 60);
      // A different key counts on its own; reset from either instance clears for both.
      assert.equal((await two.hit('login:account:y@example.com', 4, 60_000)).allowed, true);
      await two.reset('login:account:x@example.com');
      assert.equal((await one.hit('login:account:x@example.com', 4, 60_000)).allowed, true);
      // Keys hold a hash, never the address itself.
      const keys = await a.keys(`${prefix}*`);
      assert.ok(keys.length >= 2);
      assert.ok(
        keys.every((k) => !k.includes('example.com')),
        keys.join(', '),
      );
      await a.del(...keys);
    } finally {
      await closeRedis(a);
      await closeRedis(b);
    }
  });

  test('hits in parallel from two instances never let more than the limit through (atomic)', async () => {
    const [a, b] = [await client(), await client()];
    try {
      const prefix = uniquePrefix();
      const one = redisRateLimiter({ redis: a, prefix });
      const two = redisRateLimiter({ redis: b, prefix });
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) => (i % 2 ? one : two).hit('login:ip:203.0.113.9', 10, 60_000)),
      );
      assert.equal(results.filter((r) => r.allowed).length, 10);
      const keys = await a.keys(`${prefix}*`);
      assert.equal(keys.length, 1);
      const ttl = await a.pttl(keys[0]!);
      assert.ok(ttl > 0 && ttl <= 60_000, `the window has an expiry (${ttl} ms)`);
      await a.del(...keys);
    } finally {
      await closeRedis(a);
      await closeRedis(b);
    }
  });

  test('the window expires (by Redis’s clock) and counting starts again', async () => {
    const a = await client();
    try {
      const limiter = redisRateLimiter({ redis: a, prefix: uniquePrefix() });
      assert.equal((await limiter.hit('k', 1, 300)).allowed, true);
      assert.equal((await limiter.hit('k', 1, 300)).allowed, false);
      let allowed = false;
      for (let i = 0; i < 600 && !allowed; i++) {
        await sleep(50);
        allowed = (await limiter.hit('probe', 1, 300)).allowed && (await limiter.hit('k', 1, 300)).allowed;
      }
      assert.equal(allowed, true, 'a new window lets the key through again');
    } finally {
      await closeRedis(a);
    }
  });

  test('while Redis cannot be reached, limits are still enforced (per process) and nothing throws', async () => {
    const warnings: unknown[] = [];
    const down = createRedisClient('redis://127.0.0.1:1', {
      name: 'portico-test-down',
      log: { warn: (o) => warnings.push(o), error: (o) => warnings.push(o) },
    });
    try {
      const limiter = redisRateLimiter({
        redis: down,
        prefix: uniquePrefix(),
        log: { warn: (o) => warnings.push(o), error: (o) => warnings.push(o) },
      });
      const results = [];
      for (let i = 0; i < 4; i++) results.push((await limiter.hit('login:ip:1', 2, 60_000)).allowed);
      assert.deepEqual(results, [true, true, false, false]);
      await limiter.reset('login:ip:1');
      assert.equal((await limiter.hit('login:ip:1', 2, 60_000)).allowed, true);
      assert.ok(warnings.length >= 1, 'the outage is logged');
      assert.ok(warnings.length <= 3, 'but not on every call');
    } finally {
      await closeRedis(down);
    }
  });
});

describe('Redis event bus', { skip }, () => {
  test('two buses (two processes): each event reaches the other once and its own once', async () => {
    const prefix = uniquePrefix();
    const a = redisEventBus({ url: REDIS_URL, prefix });
    const b = redisEventBus({ url: REDIS_URL, prefix });
    const other = redisEventBus({ url: REDIS_URL, prefix: uniquePrefix() });
    try {
      await Promise.all([a.ready(), b.ready(), other.ready()]);
      const onA = collect(a, 'tickets');
      const onB = collect(b, 'tickets');
      const onOther = collect(other, 'tickets');
      const elsewhere = collect(b, 'other_channel');
      await a.publish('tickets', { type: 'ticket.created', clientId: 7, data: { ticketId: 1 } });
      await b.publish('tickets', { type: 'ticket.updated', clientId: null, data: { ticketId: 2 } });
      await onA.waitFor(2);
      await onB.waitFor(2);
      await sleep(150);
      assert.deepEqual(onA.events.map((e) => e.type).sort(), ['ticket.created', 'ticket.updated']);
      assert.deepEqual(onB.events.map((e) => e.type).sort(), ['ticket.created', 'ticket.updated']);
      assert.deepEqual(
        onB.events.find((e) => e.type === 'ticket.created'),
        { type: 'ticket.created', clientId: 7, data: { ticketId: 1 } },
      );
      assert.equal(onOther.events.length, 0, 'another prefix (installation) hears nothing');
      assert.equal(elsewhere.events.length, 0, 'another channel hears nothing');
    } finally {
      await Promise.all([a.close(), b.close(), other.close()]);
    }
  });

  test('the same validation as the other buses: bad channels and oversized events are refused', async () => {
    const bus = redisEventBus({ url: REDIS_URL, prefix: uniquePrefix() });
    try {
      await bus.ready();
      await assert.rejects(
        bus.publish('Bad Channel', { type: 'x', clientId: null, data: null }),
        EventBusError,
      );
      await assert.rejects(
        bus.publish('tickets', { type: 'x', clientId: null, data: 'y'.repeat(MAX_PAYLOAD_BYTES) }),
        /over the 7900-byte limit/,
      );
      assert.throws(() => bus.subscribe('Nope!', () => {}), EventBusError);
    } finally {
      await bus.close();
    }
    await assert.rejects(bus.publish('tickets', { type: 'x', clientId: null, data: null }), /closed/);
  });

  test('a dropped connection is survived: the bus reconnects, resubscribes and delivers again', async () => {
    const prefix = uniquePrefix();
    const name = `portico-test-drop-${randomUUID().slice(0, 8)}`;
    let reconnects = 0;
    const warnings: unknown[] = [];
    const a = redisEventBus({
      url: REDIS_URL,
      prefix,
      redisOptions: { connectionName: name },
      onReconnect: () => reconnects++,
      log: { warn: (o) => warnings.push(o), error: (o) => warnings.push(o) },
    });
    const b = redisEventBus({ url: REDIS_URL, prefix });
    const admin = await client('portico-test-admin');
    try {
      await Promise.all([a.ready(), b.ready()]);
      const onA = collect(a, 'tickets');
      // Kill only this bus's connections (matched by their unique name), as a Redis restart would.
      const list = await admin.client('LIST');
      const ids = String(list)
        .split('\n')
        .filter((line) => line.includes(`name=${name} `))
        .map((line) => /\bid=(\d+)/.exec(line)?.[1])
        .filter((id): id is string => !!id);
      assert.equal(ids.length, 2, 'the publishing and the subscribing connection');
      for (const id of ids) await admin.client('KILL', 'ID', id);
      for (let i = 0; i < 1200 && reconnects === 0; i++) await sleep(25);
      assert.equal(reconnects, 1, 'onReconnect tells the caller that events may have been missed');
      await a.ready();
      await b.publish('tickets', { type: 'after.drop', clientId: null, data: null });
      await onA.waitFor(1);
      assert.equal(onA.events[0]?.type, 'after.drop');
      await a.publish('tickets', { type: 'from.a', clientId: null, data: null });
      await onA.waitFor(2);
    } finally {
      await Promise.all([a.close(), b.close(), closeRedis(admin)]);
    }
  });

  test('close() ends both connections', async () => {
    const bus = redisEventBus({ url: REDIS_URL, prefix: uniquePrefix() });
    await bus.ready();
    await bus.close();
    for (const c of bus.connections) assert.equal(c.status, 'end');
    await bus.close();
  });
});

describe('Redis across app processes', { skip }, () => {
  test('sign-in limits hold across two app instances sharing Redis', async () => {
    const prefix = uniquePrefix();
    const tdb = await createTestDatabase({
      env: { REDIS_URL, REDIS_PREFIX: prefix, LOGIN_MAX_PER_IP: '3', EVENT_BUS: 'redis' },
    });
    const one = await buildApp({ config: tdb.config, database: tdb.database, logger: false });
    const two = await buildApp({ config: tdb.config, database: tdb.database, logger: false });
    try {
      await Promise.all([one.app.ready(), two.app.ready()]);
      await Promise.all([one.services.events.ready(), two.services.events.ready()]);
      await setUp({ ...tdb, app: one.app } as never);
      const clients = [new Client(one.app), new Client(two.app)];
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await clients[i % 2]!.post('/api/v1/auth/login', {
          email: 'nobody@example.com',
          password: 'wrong password here',
          remember: false,
        });
        codes.push(res.statusCode);
        if (res.statusCode === 429) assert.equal(errorOf(res).code, 'rate_limited');
      }
      assert.deepEqual(codes.slice(3), [429, 429], `the fourth attempt is limited on either app (${codes})`);
      assert.ok(
        codes.slice(0, 3).every((c) => c !== 429),
        `${codes}`,
      );
      // Events published by one app reach the other through Redis.
      const heard: BusEvent[] = [];
      two.services.events.subscribe('tickets', (e) => {
        heard.push(e);
      });
      await one.services.events.publish('tickets', { type: 'ticket.updated', clientId: 1, data: { id: 1 } });
      for (let i = 0; i < 1500 && heard.length === 0; i++) await sleep(20);
      assert.equal(heard.length, 1);
    } finally {
      await one.app.close();
      await two.app.close();
      await tdb.drop();
      const admin = new Redis(REDIS_URL);
      const keys = await admin.keys(`${prefix}*`);
      if (keys.length) await admin.del(...keys);
      await admin.quit();
    }
  });
});
