import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from './actor.ts';
import type { Database, DbOrTrx } from './db/db.ts';
import { preparedShapes } from './db/prepared.ts';

/**
 * `lastAttempt` is true when a failure now is final (the job will not be tried again). Delivery is at
 * least once: after a crash a finished job may run again, so a handler must be safe to repeat.
 */
export type JobHandler = (
  payload: unknown,
  context: { attempt: number; lastAttempt: boolean },
) => Promise<void>;

const LEASE_MS = 60_000;
/** Rows per multi-row insert: far below SQLite's and PostgreSQL's limits on bound values. */
export const INSERT_CHUNK = 200;

/** 5 s, 10 s, 20 s … capped at one hour: a mail server down for half an hour is retried, not dropped. */
export function backoffMs(attempts: number): number {
  return Math.min(3_600_000, 5000 * 2 ** Math.max(0, attempts - 1));
}

export type Jobs = ReturnType<typeof createJobs>;

/**
 * The worker's claim: the due jobs, leased. On PostgreSQL the rows are picked `FOR UPDATE SKIP LOCKED`,
 * so two workers claiming at once take different jobs rather than queue behind each other's locks;
 * SQLite has a single writer (transactions begin IMMEDIATE). The lease is checked again on the row
 * itself, so two workers never both take a job on either database. Compiled once per database kind
 * (see preparedShapes()), as the runner sends it every tick.
 */
const claimDue = preparedShapes(
  (db: DbOrTrx, dialect: Database['dialect'], v: { now: string; lease: string; limit: number }) =>
    db
      .updateTable('jobs')
      .set((eb) => ({ locked_until: v.lease, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', (eb) => {
        const due = eb
          .selectFrom('jobs')
          .select('id')
          .where('done_at', 'is', null)
          .where('failed_at', 'is', null)
          .where('run_at', '<=', v.now)
          .where((w) => w.or([w('locked_until', 'is', null), w('locked_until', '<=', v.now)]))
          .orderBy('run_at')
          .limit(v.limit);
        return dialect === 'postgres' ? due.forUpdate().skipLocked() : due;
      })
      .where('done_at', 'is', null)
      .where((w) => w.or([w('locked_until', 'is', null), w('locked_until', '<=', v.now)]))
      .returning(['id', 'kind', 'payload', 'attempts', 'max_attempts']),
  { everyValueUsed: true },
);

/** A batch's finished jobs, marked done together (compiled once per batch size). */
const markDone = preparedShapes(
  (db: DbOrTrx, _shape: null, v: { at: string; ids: number[] }) =>
    db
      .updateTable('jobs')
      .set({ done_at: v.at, locked_until: null, last_error: null })
      .where('id', 'in', v.ids),
  { everyValueUsed: true },
);

/**
 * The insert behind every job (a domain event's deliveries in each write request, emails after):
 * compiled once per number of rows (see preparedShapes()).
 */
const insertJobs = preparedShapes(
  (
    db: DbOrTrx,
    _shape: null,
    v: { kind: string; payloads: string[]; runAt: string; maxAttempts: number; createdAt: string },
  ) =>
    db.insertInto('jobs').values(
      v.payloads.map((payload) => ({
        kind: v.kind,
        payload,
        run_at: v.runAt,
        max_attempts: v.maxAttempts,
        created_at: v.createdAt,
      })),
    ),
  { everyValueUsed: true },
);

/**
 * Side effects (email today; webhooks later) are recorded as jobs in the same transaction as the change
 * that causes them, then delivered with retries. Several processes may run the worker: a job is claimed
 * with a lease, and the claim re-checks the lease on the row itself so two workers never both take it.
 */
export function createJobs(deps: { database: Database; clock: Clock; log?: FastifyBaseLogger }) {
  const { database, clock } = deps;
  /** The worker's own queue (a provider table): claimed and finished for no person. */
  const queue = database.system('job queue').db;
  const handlers = new Map<string, JobHandler>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;

  async function claim(limit: number) {
    const now = clock().toISOString();
    const lease = new Date(clock().getTime() + LEASE_MS).toISOString();
    return claimDue(queue, database.dialect, database.dialect, { now, lease, limit });
  }

  async function runOnce(limit = 20): Promise<number> {
    const claimed = await claim(limit);
    // The batch's finished jobs are marked done together: one commit (one disk flush) per batch rather
    // than per job. A crash before that leaves them leased; they run again when the lease ends, so
    // handlers are idempotent (an email already sent or kept in the outbox is not sent again).
    const done: number[] = [];
    for (const job of claimed) {
      const handler = handlers.get(job.kind);
      try {
        if (!handler) throw new Error(`No handler for job kind ${job.kind}`);
        await handler(JSON.parse(job.payload), {
          attempt: job.attempts,
          lastAttempt: job.attempts >= job.max_attempts,
        });
        done.push(job.id);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const giveUp = job.attempts >= job.max_attempts;
        deps.log?.warn({ jobId: job.id, kind: job.kind, attempts: job.attempts, err: message }, 'job failed');
        await queue
          .updateTable('jobs')
          .set({
            locked_until: null,
            last_error: message.slice(0, 1000),
            ...(giveUp
              ? { failed_at: clock().toISOString() }
              : { run_at: new Date(clock().getTime() + backoffMs(job.attempts)).toISOString() }),
          })
          .where('id', '=', job.id)
          .execute();
      }
    }
    if (done.length) {
      await markDone(queue, 'done', null, { at: clock().toISOString(), ids: done });
    }
    return claimed.length;
  }

  return {
    register(kind: string, handler: JobHandler) {
      handlers.set(kind, handler);
    },

    /** Records a job in the caller's transaction. */
    async enqueue(
      db: DbOrTrx,
      kind: string,
      payload: unknown,
      options: { runAt?: Date; maxAttempts?: number } = {},
    ) {
      await this.enqueueMany(db, kind, [payload], options);
    },

    /**
     * Records a job with a unique key in the caller's transaction, unless a job with that key exists
     * (kept until pruned): then nothing is inserted. Returns whether this call inserted it. The unique
     * constraint decides, not a look-up: two workers enqueuing the same scheduled run at once insert
     * one job (the second waits for the first's transaction, then conflicts).
     */
    async enqueueUnique(
      db: DbOrTrx,
      kind: string,
      uniqueKey: string,
      payload: unknown,
      options: { runAt?: Date; maxAttempts?: number } = {},
    ): Promise<boolean> {
      return (await this.enqueueUniqueMany(db, [{ kind, uniqueKey, payload, ...options }])) === 1;
    },

    /**
     * Several keyed jobs (of any kinds) in one statement per INSERT_CHUNK, each skipped when its key is
     * taken, as `enqueueUnique` does for one. Returns how many this call inserted.
     */
    async enqueueUniqueMany(
      db: DbOrTrx,
      runs: readonly {
        kind: string;
        uniqueKey: string;
        payload: unknown;
        runAt?: Date;
        maxAttempts?: number;
      }[],
    ): Promise<number> {
      const now = clock();
      let inserted = 0;
      for (let at = 0; at < runs.length; at += INSERT_CHUNK) {
        const rows = await db
          .insertInto('jobs')
          .values(
            runs.slice(at, at + INSERT_CHUNK).map((run) => ({
              kind: run.kind,
              payload: JSON.stringify(run.payload),
              run_at: (run.runAt ?? now).toISOString(),
              max_attempts: run.maxAttempts ?? 10,
              created_at: now.toISOString(),
              unique_key: run.uniqueKey,
            })),
          )
          .onConflict((oc) => oc.column('unique_key').doNothing())
          .returning('id')
          .execute();
        inserted += rows.length;
      }
      return inserted;
    },

    /** Several jobs of one kind in one statement (a notification to twenty people is one insert). */
    async enqueueMany(
      db: DbOrTrx,
      kind: string,
      payloads: readonly unknown[],
      options: { runAt?: Date; maxAttempts?: number } = {},
    ) {
      const now = clock();
      for (let at = 0; at < payloads.length; at += INSERT_CHUNK) {
        await insertJobs(db, 'jobs', null, {
          kind,
          payloads: payloads.slice(at, at + INSERT_CHUNK).map((payload) => JSON.stringify(payload)),
          runAt: (options.runAt ?? now).toISOString(),
          maxAttempts: options.maxAttempts ?? 10,
          createdAt: now.toISOString(),
        });
      }
    },

    /** Deletes the finished (done or failed) jobs of these kinds that finished before `before`. */
    async pruneFinished(db: DbOrTrx, kinds: readonly string[], before: string): Promise<void> {
      await db
        .deleteFrom('jobs')
        .where('kind', 'in', kinds)
        .where((eb) =>
          eb.or([
            eb.and([eb('done_at', 'is not', null), eb('done_at', '<', before)]),
            eb.and([eb('failed_at', 'is not', null), eb('failed_at', '<', before)]),
          ]),
        )
        .execute();
    },

    /** Runs every due job until none is left (tests and the CLI use this). */
    async drain(): Promise<number> {
      let total = 0;
      for (;;) {
        const n = await runOnce();
        total += n;
        if (n === 0) return total;
      }
    },

    /** Asks the worker to look now rather than at its next tick. */
    kick() {
      if (!timer || running) return;
      running = runOnce().finally(() => {
        running = null;
      });
    },

    start(intervalMs = 1000) {
      if (timer) return;
      timer = setInterval(() => {
        if (running) return;
        running = runOnce()
          .catch((err: unknown) => {
            deps.log?.error({ err }, 'job worker failed');
            return 0;
          })
          .finally(() => {
            running = null;
          });
      }, intervalMs);
      timer.unref();
    },

    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
