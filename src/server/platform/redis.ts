import { createHash, randomInt, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Redis, RedisOptions } from 'ioredis';
import {
  CHANNEL_PATTERN,
  decode,
  type EventBus,
  EventBusError,
  type EventBusLog,
  encode,
  Registry,
} from './events.ts';
import { memoryRateLimiter, type RateLimiter } from './rate-limit.ts';

/**
 * Redis adapters for what several app processes must share (issue 5): rate-limit counters and,
 * optionally, the event bus. Redis is never the only copy of anything: counters are short-lived and
 * events are best effort, so losing Redis degrades limits to per-process ones and pauses cross-process
 * live updates, but never fails a request or crashes the process.
 */

export interface RedisLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Every key and channel Portico uses starts with this (tests use a unique one per run). */
export const DEFAULT_REDIS_PREFIX = 'portico:';

/** Reconnect forever with capped, jittered backoff: a Redis restart is waited out, not fatal. */
function retryStrategy(times: number): number {
  const ceiling = Math.min(5000, 100 * 2 ** Math.min(times, 10));
  return Math.floor(ceiling / 2) + randomInt(Math.max(1, Math.ceil(ceiling / 2)));
}

/** Logs a failure at most once a minute (a Redis outage would otherwise log on every retry). */
function throttled(log: RedisLog | undefined, msg: string) {
  let last = 0;
  return (err: unknown) => {
    const now = Date.now();
    if (now - last < 60_000) return;
    last = now;
    try {
      // The message only: an ioredis error never includes the URL, but keep the object small anyway.
      log?.warn({ err: err instanceof Error ? err.message : String(err) }, msg);
    } catch {
      // A broken logger must not break the caller.
    }
  };
}

/**
 * A client that fails commands at once while disconnected (no offline queue), so a request never waits
 * on a Redis that is down; it keeps reconnecting in the background.
 */
export function createRedisClient(
  url: string,
  options: { name: string; log?: RedisLog; extra?: RedisOptions },
): Redis {
  // Loaded when Redis is configured, not with every app process.
  const { Redis } = createRequire(import.meta.url)('ioredis') as typeof import('ioredis');
  const client = new Redis(url, {
    connectionName: options.name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 2000,
    connectTimeout: 5000,
    retryStrategy,
    ...options.extra,
  });
  // Without an 'error' listener ioredis prints every failed reconnect to stderr.
  client.on('error', throttled(options.log, `Redis connection ${options.name} failed; reconnecting`));
  return client;
}

/** Resolves when the client is connected (or rejects after `timeoutMs`). */
export function redisReady(client: Redis, timeoutMs = 5000): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      reject(new Error(`Redis did not become ready within ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    client.once('ready', onReady);
  });
}

/** Closes politely, or drops the connection when Redis is not there to answer QUIT. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  const ended = new Promise<void>((resolve) => client.once('end', () => resolve()));
  if (client.status !== 'ready') client.disconnect();
  else await client.quit().catch(() => client.disconnect());
  // QUIT answers before the socket closes: wait for the end, briefly (a client between reconnects has
  // no socket left and may never say 'end').
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    ended,
    new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        client.disconnect();
        resolve();
      }, 1000);
    }),
  ]);
  clearTimeout(timer);
}

/**
 * INCR and the window's expiry in one atomic step, timed by Redis's clock: the first hit of a window
 * sets its expiry (also repairing a key that somehow lost it), later hits only count.
 */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

type HitCommand = (key: string, windowMs: number) => Promise<[number, number]>;

export interface RedisRateLimiterOptions {
  redis: Redis;
  prefix?: string;
  log?: RedisLog;
  /** Used while Redis cannot be reached (defaults to an in-process limiter). */
  fallback?: RateLimiter;
}

/**
 * Fixed-window counters shared by every process using the same Redis (same interface and window
 * semantics as `memoryRateLimiter`). Keys hold a hash of the limited name (an email address or IP),
 * never the name itself. While Redis is unreachable, limits are counted per process instead.
 */
export function redisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  const { redis } = options;
  const prefix = `${options.prefix ?? DEFAULT_REDIS_PREFIX}rl:`;
  const fallback = options.fallback ?? memoryRateLimiter();
  const degraded = throttled(options.log, 'Redis unavailable: rate limits are counted per process for now');
  if (!('porticoHit' in redis)) redis.defineCommand('porticoHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
  const hitCommand = (redis as unknown as { porticoHit: HitCommand }).porticoHit.bind(redis);
  const keyFor = (key: string) => prefix + createHash('sha256').update(key).digest('base64url');
  return {
    async hit(key, limit, windowMs) {
      let result: [number, number];
      try {
        result = await hitCommand(keyFor(key), windowMs);
      } catch (err) {
        degraded(err);
        return fallback.hit(key, limit, windowMs);
      }
      const [count, ttl] = result.map(Number) as [number, number];
      return { allowed: count <= limit, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
    },
    async reset(key) {
      await fallback.reset(key);
      try {
        await redis.del(keyFor(key));
      } catch (err) {
        degraded(err);
      }
    },
  };
}

export interface RedisEventBusOptions {
  url: string;
  prefix?: string;
  log?: EventBusLog;
  /** Called after the subscribing connection is re-established; events in the gap were missed. */
  onReconnect?: () => void;
  /** Extra ioredis options (tests shorten timeouts). */
  redisOptions?: RedisOptions;
}

/**
 * Redis pub/sub bus, the same contract as `postgresEventBus`: the same validation and size limit (the
 * shared `encode`), one Redis channel with the logical channel inside the payload, local delivery on
 * publish and the echo skipped by origin, so each process sees its own events exactly once.
 */
export function redisEventBus(options: RedisEventBusOptions): EventBus & { readonly connections: Redis[] } {
  const { log } = options;
  const redisChannel = `${options.prefix ?? DEFAULT_REDIS_PREFIX}events`;
  const origin = randomUUID();
  const registry = new Registry(log);
  const logAs: RedisLog | undefined = log;
  const publisher = createRedisClient(options.url, {
    name: 'portico-events-publish',
    ...(logAs ? { log: logAs } : {}),
    ...(options.redisOptions ? { extra: options.redisOptions } : {}),
  });
  // The subscriber subscribes itself on every (re)connect, below.
  const subscriber = createRedisClient(options.url, {
    name: 'portico-events',
    ...(logAs ? { log: logAs } : {}),
    extra: { autoResubscribe: false, enableOfflineQueue: true, ...options.redisOptions },
  });

  let closed = false;
  let listening = false;
  let everListened = false;
  let waiters: { resolve: () => void; reject: (err: Error) => void }[] = [];

  const settleWaiters = () => {
    if (!listening || publisher.status !== 'ready') return;
    const w = waiters;
    waiters = [];
    for (const x of w) x.resolve();
  };

  subscriber.on('message', (channel: string, payload: string) => {
    if (channel !== redisChannel) return;
    const envelope = decode(payload);
    if (!envelope) {
      log?.warn({ payloadBytes: payload.length }, 'ignored a malformed event message');
      return;
    }
    if (envelope.o === origin) return; // already delivered locally by publish()
    if (!CHANNEL_PATTERN.test(envelope.c)) return;
    registry.deliver(envelope.c, envelope.e);
  });
  subscriber.on('close', () => {
    if (listening && !closed) log?.warn({}, 'event bus lost its Redis subscription; reconnecting');
    listening = false;
  });
  subscriber.on('ready', () => {
    if (closed) return;
    subscriber
      .subscribe(redisChannel)
      .then(() => {
        if (closed) return;
        listening = true;
        if (everListened) {
          try {
            options.onReconnect?.();
          } catch (err) {
            log?.error({ err }, 'event bus onReconnect failed');
          }
        }
        everListened = true;
        settleWaiters();
      })
      .catch((err: unknown) => {
        log?.warn({ err: err instanceof Error ? err.message : String(err) }, 'event bus could not subscribe');
        // The connection is probably gone; the next 'ready' tries again.
      });
  });
  publisher.on('ready', settleWaiters);

  return {
    connections: [publisher, subscriber],
    async publish(channel, event) {
      if (closed) throw new EventBusError('The event bus is closed');
      const payload = encode(origin, channel, event);
      await publisher.publish(redisChannel, payload);
      registry.deliver(channel, decode(payload)!.e);
    },
    subscribe(channel, listener) {
      return registry.subscribe(channel, listener);
    },
    ready() {
      if (closed) return Promise.reject(new EventBusError('The event bus is closed'));
      if (listening && publisher.status === 'ready') return Promise.resolve();
      return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
    },
    async close() {
      if (closed) return;
      closed = true;
      listening = false;
      const w = waiters;
      waiters = [];
      for (const x of w) x.reject(new EventBusError('The event bus is closed'));
      registry.clear();
      subscriber.removeAllListeners('message');
      await Promise.all([closeRedis(subscriber), closeRedis(publisher)]);
    },
  };
}
