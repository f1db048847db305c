import { Cron } from 'croner';
import type { FastifyBaseLogger } from 'fastify';
import { type RawBuilder, sql } from 'kysely';
import { z } from 'zod';
import type { Clock } from './actor.ts';
import type { Database, DbOrTrx } from './db/db.ts';
import type { Jobs } from './jobs.ts';

/**
 * Schedules: recurring jobs from cron expressions (decision 011, docs/events.md "Schedules").
 *
 * A schedule is a name, a five-field cron expression, an IANA time zone and a payload, kept as a row of
 * `job_schedules`. Code-defined schedules (`define`, in the composition root or a module's service
 * builder) are written there when background work starts; stored schedules (`create`) are made by the
 * module that owns them, for people (a client's scheduled report), with a handler registered for their
 * kind (`handle`).
 *
 * The scheduler's tick, in every process that runs background work, enqueues each due run as a job
 * whose unique key is `schedule:<id>:<scheduled instant>`, in the transaction that moves the schedule's
 * `next_run_at` on. Several workers may tick at once: on PostgreSQL the due rows are taken
 * `FOR UPDATE SKIP LOCKED` (a second worker skips them rather than waits), on SQLite the transaction
 * begins IMMEDIATE (one writer); either way the job's unique key is what makes a run enqueued once. The
 * job runner then runs it (at least once, with retries and backoff, like every job).
 *
 * Missed runs (no worker ran for a while): a due schedule gets one run, for the latest instant its
 * expression names at or before now; earlier missed instants are skipped, never replayed as a flood.
 */

/** What a run's handler receives. */
export interface ScheduledRun {
  /** The schedule's name; null for a run enqueued by hand (`jobs.enqueue(db, kind, {})`). */
  schedule: string | null;
  scheduleId: number | null;
  /** The instant the run was scheduled for (it may run later: a busy queue, a retry, a missed run). */
  scheduledFor: Date | null;
  /** The schedule's payload (`{}` when none). */
  payload: unknown;
  attempt: number;
  /** True when a failure now is final for this run (the next scheduled run still comes). */
  lastAttempt: boolean;
}

export interface ScheduleHandler {
  run(run: ScheduledRun): Promise<void>;
  /** Attempts per run (retried with the job runner's backoff); default 3. */
  maxAttempts?: number;
  /** Finished runs of this kind are deleted after this long; default 7 days. */
  keepFinishedMs?: number;
}

export interface ScheduleDefinition extends ScheduleHandler {
  /** Unique and stable; also the job kind of its runs (`tickets.sla-sweep`). */
  name: string;
  /** Five fields: minute, hour, day of month, month, day of week (`0 9 1 * *`); or `@daily` etc. */
  cron: string;
  /** IANA time zone the expression is read in; default UTC. */
  timezone?: string;
  payload?: Record<string, unknown>;
}

export interface StoredScheduleInput {
  name: string;
  kind: string;
  cron: string;
  timezone: string;
  payload?: Record<string, unknown>;
  clientId?: number | null;
  createdByAccountId?: number | null;
  enabled?: boolean;
}

export type ScheduleProblem = 'cron' | 'timezone';

/** Why a cron expression and time zone cannot make a schedule, or null when they can. */
export function scheduleProblem(cron: string, timezone: string): ScheduleProblem | null {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    return 'timezone';
  }
  try {
    const parsed = cronFor(cron, timezone);
    if (!parsed.nextRun(new Date(0))) return 'cron';
  } catch {
    return 'cron';
  }
  return null;
}

/** The parsed expression: five fields (minute precision), day of month OR day of week as in cron. */
export function cronFor(cron: string, timezone: string): Cron {
  return new Cron(cron, { timezone, mode: '5-part' });
}

/** The first run strictly after `after`, or null when the expression names none. */
export function nextRunAfter(cron: string, timezone: string, after: Date): Date | null {
  return cronFor(cron, timezone).nextRun(after);
}

/** The latest run at or before `at` (croner counts a run earlier in the reference's second). */
export function latestRunAtOrBefore(cron: string, timezone: string, at: Date): Date | null {
  return cronFor(cron, timezone).previousRuns(1, new Date(at.getTime() + 1))[0] ?? null;
}

/** A run's unique key: the schedule and the instant it was scheduled for. */
export function runKey(scheduleId: number, scheduledFor: Date): string {
  return `schedule:${scheduleId}:${scheduledFor.toISOString()}`;
}

const runPayload = z.object({
  scheduleId: z.number().int().optional(),
  schedule: z.string().optional(),
  scheduledFor: z.iso.datetime().optional(),
  payload: z.unknown().optional(),
});

const DEFAULT_KEEP_MS = 7 * 86_400_000;
/** What a tick changes on one schedule; a field left out keeps its value. */
interface ScheduleMove {
  id: number;
  nextRunAt?: string;
  enabled?: 0 | 1;
  lastRunAt?: string;
  updatedAt?: string;
}

/** Due schedules handled per tick (and transaction); the rest are taken by the next tick. */
const TICK_LIMIT = 100;

export type Schedules = ReturnType<typeof createSchedules>;

export function createSchedules(deps: {
  database: Database;
  clock: Clock;
  jobs: Jobs;
  log?: FastifyBaseLogger;
  /** How often the scheduler looks for due runs; default 10 s (runs are minute-precise). */
  tickMs?: number;
}) {
  const { database, clock, jobs, log } = deps;
  const handle = database.system('schedules');
  const handlers = new Map<string, ScheduleHandler>();
  const definitions = new Map<string, ScheduleDefinition & { timezone: string }>();
  let started = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;

  function register(kind: string, handler: ScheduleHandler, fallbackPayload: unknown) {
    handlers.set(kind, handler);
    jobs.register(kind, async (raw, context) => {
      const p = runPayload.parse(raw);
      await handler.run({
        schedule: p.schedule ?? null,
        scheduleId: p.scheduleId ?? null,
        scheduledFor: p.scheduledFor ? new Date(p.scheduledFor) : null,
        payload: p.payload ?? fallbackPayload,
        attempt: context.attempt,
        lastAttempt: context.lastAttempt,
      });
    });
  }

  function mustBeValid(cron: string, timezone: string, what: string) {
    const problem = scheduleProblem(cron, timezone);
    if (problem) throw new Error(`Schedule ${what}: invalid ${problem} (${cron}, ${timezone})`);
  }

  const scheduleColumns = [
    'id',
    'name',
    'kind',
    'cron',
    'timezone',
    'payload',
    'source',
    'client_id',
    'created_by_account_id',
    'enabled',
    'next_run_at',
    'last_run_at',
  ] as const;

  /** Writes the code-defined schedules: inserted when new, updated when their expression changed. */
  async function sync(): Promise<void> {
    if (!definitions.size) return;
    const now = clock();
    // One transaction per schedule: two processes starting at once (of two releases, in any order)
    // never hold one row each while waiting for the other's.
    for (const def of definitions.values()) {
      await handle.transaction(async (trx) => {
        const payload = JSON.stringify(def.payload ?? {});
        const next = nextRunAfter(def.cron, def.timezone, now);
        if (!next) throw new Error(`Schedule ${def.name} names no future run`);
        // Two workers starting at once: the second's insert waits for the first's, then does nothing.
        await trx
          .insertInto('job_schedules')
          .values({
            name: def.name,
            kind: def.name,
            cron: def.cron,
            timezone: def.timezone,
            payload,
            source: 'code',
            next_run_at: next.toISOString(),
            created_at: now.toISOString(),
            updated_at: now.toISOString(),
          })
          .onConflict((oc) => oc.column('name').doNothing())
          .execute();
        const row = await trx
          .selectFrom('job_schedules')
          .select(['source', 'cron', 'timezone', 'payload', 'enabled', 'kind'])
          .where('name', '=', def.name)
          .executeTakeFirstOrThrow();
        if (row.source !== 'code') throw new Error(`Schedule name ${def.name} is taken by a stored schedule`);
        if (
          row.cron !== def.cron ||
          row.timezone !== def.timezone ||
          row.payload !== payload ||
          row.kind !== def.name ||
          row.enabled !== 1
        ) {
          await trx
            .updateTable('job_schedules')
            .set({
              kind: def.name,
              cron: def.cron,
              timezone: def.timezone,
              payload,
              enabled: 1,
              next_run_at: next.toISOString(),
              updated_at: now.toISOString(),
            })
            .where('name', '=', def.name)
            .execute();
        }
      });
    }
  }

  /**
   * Moves the ticked schedules on in one statement: each column set per id (`case id when …`), the
   * columns a schedule does not change kept as they are.
   */
  async function moveSchedules(trx: DbOrTrx, moves: readonly ScheduleMove[]): Promise<void> {
    if (!moves.length) return;
    const column = <K extends Exclude<keyof ScheduleMove, 'id'>>(
      field: K,
      name: 'next_run_at' | 'enabled' | 'last_run_at' | 'updated_at',
    ) => {
      const set = moves.filter((m) => m[field] !== undefined);
      if (!set.length) return sql.ref(name);
      const whens = set.map((m) => sql`when ${m.id} then ${m[field]}`);
      return sql`case ${sql.ref('id')} ${sql.join(whens, sql` `)} else ${sql.ref(name)} end`;
    };
    await trx
      .updateTable('job_schedules')
      .set({
        next_run_at: column('nextRunAt', 'next_run_at') as RawBuilder<string>,
        enabled: column('enabled', 'enabled') as RawBuilder<number>,
        last_run_at: column('lastRunAt', 'last_run_at') as RawBuilder<string | null>,
        updated_at: column('updatedAt', 'updated_at') as RawBuilder<string>,
      })
      .where(
        'id',
        'in',
        moves.map((m) => m.id),
      )
      .execute();
  }

  /**
   * Enqueues every due run of the schedules whose kind has a handler in this process (a schedule of a
   * newer release waits for a process that knows it). Returns the runs this call enqueued.
   */
  async function tick(): Promise<number> {
    const kinds = [...handlers.keys()];
    if (!kinds.length) return 0;
    const now = clock();
    const enqueued = await handle.transaction(async (trx) => {
      const dueQuery = trx
        .selectFrom('job_schedules')
        .select(scheduleColumns)
        .where('enabled', '=', 1)
        .where('next_run_at', '<=', now.toISOString())
        .where('kind', 'in', kinds)
        .orderBy('next_run_at')
        .limit(TICK_LIMIT);
      // PostgreSQL: a schedule another worker is enqueuing right now is skipped, not waited for. The
      // lock only spares work; the run's unique key is what keeps it single.
      const due = await (database.dialect === 'postgres'
        ? dueQuery.forUpdate().skipLocked()
        : dueQuery
      ).execute();
      const ranKinds = new Set<string>();
      const runs: Parameters<Jobs['enqueueUniqueMany']>[1][number][] = [];
      const moves: ScheduleMove[] = [];
      for (const schedule of due) {
        const handler = handlers.get(schedule.kind);
        if (!handler) continue;
        let runAt: Date | null;
        let next: Date | null;
        try {
          runAt = latestRunAtOrBefore(schedule.cron, schedule.timezone, now);
          next = nextRunAfter(schedule.cron, schedule.timezone, now);
        } catch (err) {
          // A stored expression that no longer parses (a time zone gone from the system's data):
          // switched off and reported, rather than tried on every tick.
          log?.error({ err, schedule: schedule.name }, 'schedule cannot be computed; disabled');
          moves.push({ id: schedule.id, enabled: 0, updatedAt: now.toISOString() });
          continue;
        }
        const lastRun = schedule.last_run_at === null ? null : Date.parse(schedule.last_run_at);
        const isNewRun = runAt !== null && (lastRun === null || runAt.getTime() > lastRun);
        if (runAt && isNewRun) {
          if (runAt.getTime() > Date.parse(schedule.next_run_at)) {
            log?.info(
              { schedule: schedule.name, missedFrom: schedule.next_run_at, runFor: runAt.toISOString() },
              'schedule missed runs: running the latest once',
            );
          }
          runs.push({
            kind: schedule.kind,
            uniqueKey: runKey(schedule.id, runAt),
            payload: {
              scheduleId: schedule.id,
              schedule: schedule.name,
              scheduledFor: runAt.toISOString(),
              payload: JSON.parse(schedule.payload) as unknown,
            },
            runAt: now,
            maxAttempts: handler.maxAttempts ?? 3,
          });
          ranKinds.add(schedule.kind);
        }
        moves.push({
          id: schedule.id,
          nextRunAt: (next ?? now).toISOString(),
          enabled: next ? 1 : 0,
          ...(runAt && isNewRun ? { lastRunAt: runAt.toISOString() } : {}),
        });
      }
      // A fixed number of statements whatever the number of due schedules: every run in one insert
      // (each skipped when its key is taken), every schedule moved on in one update.
      const count = await jobs.enqueueUniqueMany(trx, runs);
      await moveSchedules(trx, moves);
      return { count, ranKinds };
    });
    if (enqueued.count) jobs.kick();
    // Old finished runs go after the commit, each kind in a statement of its own: a slow or failed
    // clean-up never holds the schedules nor undoes the runs just enqueued.
    for (const kind of enqueued.ranKinds) {
      const keep = handlers.get(kind)?.keepFinishedMs ?? DEFAULT_KEEP_MS;
      await jobs
        .pruneFinished(handle.db, [kind], new Date(now.getTime() - keep).toISOString())
        .catch((err: unknown) => log?.warn({ err, kind }, 'pruning finished runs failed'));
    }
    return enqueued.count;
  }

  /** The changes a stored schedule's update makes, with next_run_at recomputed when its timing changed. */
  function timing(cron: string, timezone: string, now: Date): string {
    const next = nextRunAfter(cron, timezone, now);
    if (!next) throw new Error(`Schedule ${cron} (${timezone}) names no future run`);
    return next.toISOString();
  }

  return {
    /**
     * A code-defined schedule: its handler is registered now, its row written when background work
     * starts (`sync`). Defining a name again replaces the definition.
     */
    define(definition: ScheduleDefinition): void {
      if (started) throw new Error(`Schedule ${definition.name} defined after start`);
      const timezone = definition.timezone ?? 'UTC';
      mustBeValid(definition.cron, timezone, definition.name);
      definitions.set(definition.name, { ...definition, timezone });
      register(definition.name, definition, definition.payload ?? {});
    },

    /** The handler for the stored schedules of `kind` (a module's per-client schedules). */
    handle(kind: string, handler: ScheduleHandler): void {
      if (definitions.has(kind)) throw new Error(`Schedule kind ${kind} is a code-defined schedule`);
      register(kind, handler, {});
    },

    /**
     * A stored schedule, in the caller's transaction (the owning module validates first with
     * `scheduleProblem`; an invalid one here is a programming error). Its first run is the first
     * instant after now. A name already taken fails on the unique constraint (isUniqueViolation).
     */
    async create(db: DbOrTrx, input: StoredScheduleInput): Promise<number> {
      mustBeValid(input.cron, input.timezone, input.name);
      if (!handlers.has(input.kind)) throw new Error(`No schedule handler for kind ${input.kind}`);
      if (definitions.has(input.name)) throw new Error(`Schedule name ${input.name} is code-defined`);
      const now = clock();
      const row = await db
        .insertInto('job_schedules')
        .values({
          name: input.name,
          kind: input.kind,
          cron: input.cron,
          timezone: input.timezone,
          payload: JSON.stringify(input.payload ?? {}),
          source: 'stored',
          client_id: input.clientId ?? null,
          created_by_account_id: input.createdByAccountId ?? null,
          enabled: input.enabled === false ? 0 : 1,
          next_run_at: timing(input.cron, input.timezone, now),
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /**
     * Changes a stored schedule. A new expression or time zone, or switching it back on, starts
     * afresh from now (no catch-up for the time it was off). Returns false when there is none.
     */
    async update(
      db: DbOrTrx,
      name: string,
      changes: { cron?: string; timezone?: string; payload?: Record<string, unknown>; enabled?: boolean },
    ): Promise<boolean> {
      const row = await db
        .selectFrom('job_schedules')
        .select(['cron', 'timezone', 'enabled'])
        .where('name', '=', name)
        .where('source', '=', 'stored')
        .executeTakeFirst();
      if (!row) return false;
      const cron = changes.cron ?? row.cron;
      const timezone = changes.timezone ?? row.timezone;
      mustBeValid(cron, timezone, name);
      const now = clock();
      const retimed =
        cron !== row.cron || timezone !== row.timezone || (changes.enabled === true && row.enabled === 0);
      await db
        .updateTable('job_schedules')
        .set({
          cron,
          timezone,
          ...(changes.payload ? { payload: JSON.stringify(changes.payload) } : {}),
          ...(changes.enabled === undefined ? {} : { enabled: changes.enabled ? 1 : 0 }),
          ...(retimed ? { next_run_at: timing(cron, timezone, now) } : {}),
          updated_at: now.toISOString(),
        })
        .where('name', '=', name)
        .execute();
      return true;
    },

    /** Deletes a stored schedule (a run already enqueued still runs). Returns false when there is none. */
    async remove(db: DbOrTrx, name: string): Promise<boolean> {
      const result = await db
        .deleteFrom('job_schedules')
        .where('name', '=', name)
        .where('source', '=', 'stored')
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** A schedule by name (code-defined or stored), or undefined. */
    async find(db: DbOrTrx, name: string) {
      const row = await db
        .selectFrom('job_schedules')
        .select(scheduleColumns)
        .where('name', '=', name)
        .executeTakeFirst();
      return row && { ...row, payload: JSON.parse(row.payload) as unknown, enabled: row.enabled === 1 };
    },

    /**
     * Whether each of the named schedules is switched on, in one query (a module listing its stored
     * schedules: a paused one is off). Names with no schedule are absent from the map.
     */
    async enabledOf(db: DbOrTrx, names: readonly string[]): Promise<Map<string, boolean>> {
      if (!names.length) return new Map();
      const rows = await db
        .selectFrom('job_schedules')
        .select(['name', 'enabled'])
        .where('name', 'in', [...names])
        .execute();
      return new Map(rows.map((r) => [r.name, r.enabled === 1]));
    },

    sync,
    tick,

    /** Writes the code schedules, then ticks every `tickMs` (background work: `serve`, `portico worker`). */
    async start(): Promise<void> {
      if (timer) return;
      started = true;
      await sync();
      const run = () => {
        if (running) return;
        running = tick()
          .catch((err: unknown) => log?.error({ err }, 'schedule tick failed'))
          .finally(() => {
            running = null;
          });
      };
      run();
      timer = setInterval(run, deps.tickMs ?? 10_000);
      timer.unref();
    },

    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
