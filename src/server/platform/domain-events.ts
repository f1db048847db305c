import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import type { Clock } from './actor.ts';
import type { Database, DbOrTrx } from './db/db.ts';
import { prepared, preparedShapes } from './db/prepared.ts';
import { INSERT_CHUNK, type Jobs } from './jobs.ts';

/**
 * Domain events: what happened (a ticket was created, replied to, changed status …), recorded in the
 * transaction of the change and delivered to subscribers at least once, through the job runner. Not to
 * be confused with the event bus (events.ts), which tells open pages about changes after commit and
 * forgets them.
 *
 * - `publish(trx, name, payload)` validates the payload against the event's schema, inserts the event
 *   and one job per subscriber of that name, all in the caller's transaction: the event and everything
 *   it causes commit together or not at all.
 * - A subscriber registers `{ event, name, handle }`. Each delivery is a job (kind `domain-event`): a
 *   handler that throws is retried with backoff (jobs.ts) and marked failed after its last attempt.
 * - Delivery is at least once, so handlers are idempotent: before making an effect, a handler claims a
 *   key for it with `ctx.claim(trx, keys)` in the transaction that makes the effect; a key claimed by an
 *   earlier run that committed is not returned again. docs/events.md has the details.
 */

export const DOMAIN_EVENT_JOB = 'domain-event';

/** Event name → zod schema of its payload. The application has one (modules/domain-events.ts). */
export type EventCatalog = Record<string, z.ZodType>;

export type EventName<C extends EventCatalog> = keyof C & string;

export interface DomainEvent<C extends EventCatalog, N extends EventName<C> = EventName<C>> {
  id: number;
  name: N;
  payload: z.output<C[N]>;
  occurredAt: string;
}

export interface DeliveryContext {
  eventId: number;
  subscriber: string;
  /** 1 on the first run. */
  attempt: number;
  /** A failure now is final: the delivery is marked failed and not tried again. */
  lastAttempt: boolean;
  /**
   * Claims effect keys for this event and subscriber in `db`, which must be the transaction that makes
   * the effects. Returns the keys claimed now; those claimed by an earlier run that committed are left
   * out (so their effects are not made twice). If the transaction rolls back, so do its claims.
   */
  claim(db: DbOrTrx, keys: readonly string[]): Promise<Set<string>>;
}

export interface Subscriber<C extends EventCatalog, N extends EventName<C>> {
  event: N;
  /** Unique among subscribers; names the delivery jobs and the claimed effects, so keep it stable. */
  name: string;
  /** Runs before the delivery is marked failed (default 10; the backoff doubles from 5 s to an hour). */
  maxAttempts?: number;
  handle(ctx: DeliveryContext, event: DomainEvent<C, N>): Promise<void>;
}

export interface DomainEvents<C extends EventCatalog> {
  /** Records the event, and its deliveries to the current subscribers, in the caller's transaction. */
  publish<N extends EventName<C>>(db: DbOrTrx, name: N, payload: z.input<C[N]>): Promise<number>;
  subscribe<N extends EventName<C>>(subscriber: Subscriber<C, N>): void;
  /** The subscribers' names per event (for tests and logs). */
  readonly subscribers: Record<string, string[]>;
}

interface Delivery {
  eventId: number;
  subscriber: string;
}

// The statements behind every event, in the request that publishes it and in each delivery: compiled
// once (see prepared()).
const insertEvent = prepared((db: DbOrTrx, name: string, payload: string, occurredAt: string) =>
  db.insertInto('domain_events').values({ name, payload, occurred_at: occurredAt }).returning('id'),
);
const eventById = prepared((db: DbOrTrx, id: number) =>
  db.selectFrom('domain_events').selectAll().where('id', '=', id),
);
// An insert, not a look-up: the primary key decides, in the transaction that makes the effect. A
// concurrent run's uncommitted claim of the same key makes this wait for it, then skip the key.
const insertEffects = preparedShapes(
  (db: DbOrTrx, _shape: null, v: { eventId: number; subscriber: string; keys: string[]; at: string }) =>
    db
      .insertInto('domain_event_effects')
      .values(
        v.keys.map((key) => ({
          event_id: v.eventId,
          subscriber: v.subscriber,
          effect_key: key,
          created_at: v.at,
        })),
      )
      .onConflict((oc) => oc.columns(['event_id', 'subscriber', 'effect_key']).doNothing())
      .returning('effect_key'),
  { everyValueUsed: true },
);

export function createDomainEvents<C extends EventCatalog>(deps: {
  database: Database;
  clock: Clock;
  jobs: Jobs;
  catalog: C;
  log?: FastifyBaseLogger;
}): DomainEvents<C> {
  const { database, clock, jobs, catalog } = deps;
  const byName = new Map<string, Subscriber<C, EventName<C>>>();
  const byEvent = new Map<string, Subscriber<C, EventName<C>>[]>();

  async function claim(db: DbOrTrx, eventId: number, subscriber: string, keys: readonly string[]) {
    const claimed = new Set<string>();
    const unique = [...new Set(keys)];
    const now = clock().toISOString();
    for (let at = 0; at < unique.length; at += INSERT_CHUNK) {
      const rows = await insertEffects(db, 'effects', null, {
        eventId,
        subscriber,
        keys: unique.slice(at, at + INSERT_CHUNK),
        at: now,
      });
      for (const row of rows) claimed.add(row.effect_key);
    }
    return claimed;
  }

  jobs.register(DOMAIN_EVENT_JOB, async (raw, { attempt, lastAttempt }) => {
    const { eventId, subscriber: name } = raw as Delivery;
    const subscriber = byName.get(name);
    if (!subscriber) throw new Error(`No subscriber ${name} is registered in this process`);
    const [row] = await eventById(database.system('domain event delivery').db, eventId);
    if (!row) throw new Error(`Domain event ${eventId} does not exist`);
    if (row.name !== subscriber.event) {
      throw new Error(`Subscriber ${name} handles ${subscriber.event}, not ${row.name}`);
    }
    const schema = catalog[row.name];
    if (!schema) throw new Error(`Unknown domain event ${row.name}`);
    const event: DomainEvent<C> = {
      id: row.id,
      name: row.name,
      payload: schema.parse(JSON.parse(row.payload)) as z.output<C[EventName<C>]>,
      occurredAt: row.occurred_at,
    };
    try {
      await subscriber.handle(
        {
          eventId,
          subscriber: name,
          attempt,
          lastAttempt,
          claim: (db, keys) => claim(db, eventId, name, keys),
        },
        event,
      );
    } catch (error) {
      if (lastAttempt) {
        deps.log?.error(
          { err: error, eventId, event: row.name, subscriber: name, attempt },
          'domain event delivery failed for good',
        );
      }
      throw error;
    }
  });

  return {
    async publish(db, name, payload) {
      const schema = catalog[name];
      if (!schema) throw new Error(`Unknown domain event ${name}`);
      // A publisher cannot write what its subscribers would refuse to read.
      const parsed: unknown = schema.parse(payload);
      const [inserted] = await insertEvent(db, name, JSON.stringify(parsed), clock().toISOString());
      if (!inserted) throw new Error(`Domain event ${name} was not recorded`);
      const subscribers = byEvent.get(name) ?? [];
      // One delivery job per subscriber: each is retried, and fails, on its own (an email that cannot be
      // written does not hold back, or repeat, another subscriber's work). Grouped by attempts allowed.
      const groups = new Map<number, Delivery[]>();
      for (const s of subscribers) {
        const max = s.maxAttempts ?? 10;
        groups.set(max, [...(groups.get(max) ?? []), { eventId: inserted.id, subscriber: s.name }]);
      }
      for (const [maxAttempts, deliveries] of groups) {
        await jobs.enqueueMany(db, DOMAIN_EVENT_JOB, deliveries, { maxAttempts });
      }
      return inserted.id;
    },

    subscribe(subscriber) {
      if (!(subscriber.event in catalog)) throw new Error(`Unknown domain event ${subscriber.event}`);
      if (byName.has(subscriber.name)) throw new Error(`A subscriber is already named ${subscriber.name}`);
      const s = subscriber as unknown as Subscriber<C, EventName<C>>;
      byName.set(s.name, s);
      byEvent.set(s.event, [...(byEvent.get(s.event) ?? []), s]);
    },

    get subscribers() {
      return Object.fromEntries([...byEvent].map(([event, list]) => [event, list.map((s) => s.name)]));
    },
  };
}
