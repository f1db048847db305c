import { randomInt, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Config } from '../config.ts';
import type { Database } from './db/db.ts';

/**
 * Event bus: tells open pages (through Server-Sent Events) that something changed.
 *
 * Events carry ids, not bodies: a subscriber re-reads what it needs through the scoped services, so an
 * event never leaks a record to someone who may not see it, and stays small enough for NOTIFY.
 * Delivery is at most once and best effort: an event published while a process's listening connection
 * is down does not reach that process (see `onReconnect`, which lets the caller ask pages to resync).
 *
 * Adapters: `memoryEventBus` (one process, embedded profile) and `postgresEventBus` (LISTEN/NOTIFY,
 * several app processes sharing one PostgreSQL database). Both validate channels and sizes alike, and
 * both hand subscribers a JSON copy of the event, so code that works on one works on the other.
 */
export interface BusEvent {
  type: string;
  clientId: number | null;
  data: unknown;
}

export type EventListener = (event: BusEvent) => void | Promise<void>;

export interface EventBus {
  /** Delivers to every subscriber of `channel`, in this process and (PostgreSQL) every other, once each. */
  publish(channel: string, event: BusEvent): Promise<void>;
  /** Returns the unsubscribe function. A listener that throws or rejects never affects others. */
  subscribe(channel: string, listener: EventListener): () => void;
  /** Resolves once the bus receives events from other processes (at once for the memory bus). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface EventBusLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const CHANNEL_PATTERN = /^[a-z0-9_]{1,50}$/;
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; keep a margin. */
export const MAX_PAYLOAD_BYTES = 7900;
/** The one PostgreSQL channel; the logical channel travels inside the payload, so LISTEN is static SQL. */
export const PG_CHANNEL = 'portico_events';

export class EventBusError extends Error {}

export interface Envelope {
  /** Origin: the publishing bus, so a process skips the echo of its own events. */
  o: string;
  /** Logical channel. */
  c: string;
  e: BusEvent;
}

export function assertChannel(channel: string): void {
  if (typeof channel !== 'string' || !CHANNEL_PATTERN.test(channel)) {
    throw new EventBusError(
      `Invalid event channel ${JSON.stringify(channel)}: use 1 to 50 lowercase letters, digits or underscores`,
    );
  }
}

export function encode(origin: string, channel: string, event: BusEvent): string {
  assertChannel(channel);
  if (!event || typeof event.type !== 'string' || event.type === '') {
    throw new EventBusError('An event needs a non-empty string type');
  }
  if (event.clientId !== null && !Number.isInteger(event.clientId)) {
    throw new EventBusError('An event clientId must be an integer or null');
  }
  const payload = JSON.stringify({
    o: origin,
    c: channel,
    e: { type: event.type, clientId: event.clientId, data: event.data ?? null },
  } satisfies Envelope);
  const bytes = Buffer.byteLength(payload, 'utf8');
  if (bytes > MAX_PAYLOAD_BYTES) {
    throw new EventBusError(
      `Event ${event.type} on ${channel} is ${bytes} bytes, over the ${MAX_PAYLOAD_BYTES}-byte limit: ` +
        'events carry ids, not record bodies',
    );
  }
  return payload;
}

export function decode(payload: string): Envelope | null {
  try {
    const v = JSON.parse(payload) as Partial<Envelope> | null;
    if (
      !v ||
      typeof v.o !== 'string' ||
      typeof v.c !== 'string' ||
      !v.e ||
      typeof v.e !== 'object' ||
      typeof v.e.type !== 'string'
    ) {
      return null;
    }
    return v as Envelope;
  } catch {
    return null;
  }
}

/**
 * Subscribers by channel: plain Sets, so thousands of subscribers raise no max-listeners warning.
 * Exported with `encode`/`decode` for the other cross-process adapter (platform/redis.ts).
 */
export class Registry {
  readonly #byChannel = new Map<string, Set<EventListener>>();
  constructor(private readonly log?: EventBusLog) {}

  subscribe(channel: string, listener: EventListener): () => void {
    assertChannel(channel);
    // Wrap so the same function subscribed twice gets two independent subscriptions.
    const entry: EventListener = (event) => listener(event);
    let set = this.#byChannel.get(channel);
    if (!set) {
      set = new Set();
      this.#byChannel.set(channel, set);
    }
    set.add(entry);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const current = this.#byChannel.get(channel);
      current?.delete(entry);
      if (current?.size === 0) this.#byChannel.delete(channel);
    };
  }

  deliver(channel: string, event: BusEvent): void {
    const set = this.#byChannel.get(channel);
    if (!set) return;
    // A snapshot: listeners (un)subscribing during delivery do not disturb this round.
    for (const listener of [...set]) {
      try {
        const result = listener(event);
        if (result && typeof (result as Promise<void>).then === 'function') {
          (result as Promise<void>).catch((err: unknown) => this.#failed(channel, event, err));
        }
      } catch (err) {
        this.#failed(channel, event, err);
      }
    }
  }

  clear(): void {
    this.#byChannel.clear();
  }

  get size(): number {
    let n = 0;
    for (const set of this.#byChannel.values()) n += set.size;
    return n;
  }

  #failed(channel: string, event: BusEvent, err: unknown): void {
    try {
      this.log?.error({ err, channel, type: event.type }, 'event listener failed');
    } catch {
      // A broken logger must not break delivery either.
    }
  }
}

/** In-process bus for the embedded profile (one app process). */
export function memoryEventBus(options: { log?: EventBusLog } = {}): EventBus {
  const registry = new Registry(options.log);
  let closed = false;
  return {
    async publish(channel, event) {
      if (closed) throw new EventBusError('The event bus is closed');
      const payload = encode('local', channel, event);
      registry.deliver(channel, (JSON.parse(payload) as Envelope).e);
    },
    subscribe(channel, listener) {
      return registry.subscribe(channel, listener);
    },
    ready: () => Promise.resolve(),
    async close() {
      closed = true;
      registry.clear();
    },
  };
}

export interface PostgresEventBusOptions {
  url: string;
  log?: EventBusLog;
  connectTimeoutMs?: number;
  /** Called after the listening connection is re-established; events in the gap were missed. */
  onReconnect?: () => void;
  /** Backoff bounds for reconnecting the listening connection. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** How often the listening connection is checked with `select 1` (catches half-open TCP). */
  heartbeatMs?: number;
}

/**
 * LISTEN/NOTIFY bus for the PostgreSQL profile. One dedicated pg.Client listens (never a pooled
 * connection, which would be handed to other queries); a small pool of its own publishes with
 * `select pg_notify($1, $2)`. Events published here are delivered to local subscribers directly and
 * their NOTIFY echo is skipped by origin, so each process sees its own events exactly once, even while
 * its listening connection is reconnecting.
 */
export function postgresEventBus(options: PostgresEventBusOptions): EventBus {
  const { url, log } = options;
  const connectTimeoutMs = options.connectTimeoutMs ?? 5000;
  const minBackoff = options.minBackoffMs ?? 100;
  const maxBackoff = options.maxBackoffMs ?? 10_000;
  const heartbeatMs = options.heartbeatMs ?? 30_000;
  const origin = randomUUID();
  const registry = new Registry(log);
  const publisher = new pg.Pool({
    connectionString: url,
    max: 2,
    connectionTimeoutMillis: connectTimeoutMs,
    idleTimeoutMillis: 10_000,
    application_name: 'portico-events-publish',
  });
  publisher.on('error', () => {});

  let closed = false;
  let listener: pg.Client | null = null;
  let connecting: Promise<void> | null = null;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let heartbeat: NodeJS.Timeout | null = null;
  let attempt = 0;
  let everConnected = false;
  let readyWaiters: { resolve: () => void; reject: (err: Error) => void }[] = [];
  let listening = false;

  const onNotification = (msg: pg.Notification) => {
    if (msg.channel !== PG_CHANNEL || msg.payload === undefined) return;
    const envelope = decode(msg.payload);
    if (!envelope) {
      log?.warn({ payloadBytes: msg.payload.length }, 'ignored a malformed event notification');
      return;
    }
    if (envelope.o === origin) return; // already delivered locally by publish()
    if (!CHANNEL_PATTERN.test(envelope.c)) return;
    registry.deliver(envelope.c, envelope.e);
  };

  function scheduleReconnect(): void {
    if (closed || reconnectTimer || connecting) return;
    const ceiling = Math.min(maxBackoff, minBackoff * 2 ** Math.min(attempt, 16));
    const delay = Math.floor(ceiling / 2) + randomInt(Math.max(1, Math.ceil(ceiling / 2)));
    attempt++;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      void connect();
    }, delay);
  }

  function dropped(client: pg.Client, err?: unknown): void {
    if (listener !== client) return; // an old client reporting late
    listener = null;
    listening = false;
    if (heartbeat) {
      clearInterval(heartbeat);
      heartbeat = null;
    }
    client.removeAllListeners('notification');
    client.end().catch(() => {});
    if (closed) return;
    log?.warn({ err }, 'event bus lost its listening connection; reconnecting');
    scheduleReconnect();
  }

  function connect(): Promise<void> {
    if (closed) return Promise.resolve();
    if (connecting) return connecting;
    connecting = (async () => {
      const client = new pg.Client({
        connectionString: url,
        connectionTimeoutMillis: connectTimeoutMs,
        keepAlive: true,
        application_name: 'portico-events',
      });
      // Without an 'error' listener a dropped connection would crash the process.
      client.on('error', (err) => dropped(client, err));
      client.on('end', () => dropped(client));
      client.on('notification', onNotification);
      try {
        listener = client;
        await client.connect();
        await client.query(`LISTEN ${PG_CHANNEL}`);
      } catch (err) {
        if (listener === client) {
          listener = null;
          client.removeAllListeners('notification');
          client.end().catch(() => {});
        }
        if (!closed) {
          log?.warn({ err, attempt }, 'event bus could not listen; retrying');
        }
        return;
      } finally {
        connecting = null;
      }
      if (closed) {
        if (listener === client) listener = null;
        await client.end().catch(() => {});
        return;
      }
      if (listener !== client) return; // dropped between LISTEN and here
      listening = true;
      attempt = 0;
      heartbeat = setInterval(() => {
        client.query('select 1').catch((err: unknown) => dropped(client, err));
      }, heartbeatMs);
      heartbeat.unref();
      const waiters = readyWaiters;
      readyWaiters = [];
      for (const w of waiters) w.resolve();
      if (everConnected) {
        try {
          options.onReconnect?.();
        } catch (err) {
          log?.error({ err }, 'event bus onReconnect failed');
        }
      }
      everConnected = true;
    })();
    const current = connecting;
    void current.then(() => {
      if (!closed && !listening && !listener) scheduleReconnect();
    });
    return current;
  }

  void connect();

  return {
    async publish(channel, event) {
      if (closed) throw new EventBusError('The event bus is closed');
      const payload = encode(origin, channel, event);
      await publisher.query('select pg_notify($1, $2)', [PG_CHANNEL, payload]);
      registry.deliver(channel, (JSON.parse(payload) as Envelope).e);
    },
    subscribe(channel, listener) {
      return registry.subscribe(channel, listener);
    },
    ready() {
      if (closed) return Promise.reject(new EventBusError('The event bus is closed'));
      if (listening) return Promise.resolve();
      return new Promise((resolve, reject) => readyWaiters.push({ resolve, reject }));
    },
    async close() {
      if (closed) return;
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = null;
      const waiters = readyWaiters;
      readyWaiters = [];
      for (const w of waiters) w.reject(new EventBusError('The event bus is closed'));
      registry.clear();
      if (connecting) await connecting.catch(() => {});
      const client = listener;
      listener = null;
      listening = false;
      if (client) {
        client.removeAllListeners('notification');
        await client.end().catch(() => {});
      }
      await publisher.end().catch(() => {});
    },
  };
}

/** PostgreSQL profile: LISTEN/NOTIFY shared by every app process; embedded profile: in process. */
export function createEventBus(
  database: Pick<Database, 'dialect'>,
  config: Pick<Config, 'database' | 'databaseConnectTimeoutMs'>,
  options: Omit<PostgresEventBusOptions, 'url' | 'connectTimeoutMs'> = {},
): EventBus {
  if (database.dialect === 'postgres') {
    if (config.database.dialect !== 'postgres') {
      throw new EventBusError('The database is PostgreSQL but the configuration has no postgres:// URL');
    }
    return postgresEventBus({
      ...options,
      url: config.database.url,
      connectTimeoutMs: config.databaseConnectTimeoutMs,
    });
  }
  return memoryEventBus(options.log ? { log: options.log } : {});
}
