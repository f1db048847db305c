import type { Clock } from '../../platform/actor.ts';
import type { Database } from '../../platform/db/db.ts';
import type { Jobs } from '../../platform/jobs.ts';

export const SLA_SWEEP_JOB = 'tickets.sla-sweep';
export const AUTO_CLOSE_JOB = 'tickets.auto-close';
const SLA_SWEEP_EVERY_MS = 60_000;
const AUTO_CLOSE_EVERY_MS = 10 * 60_000;
/** Finished runs of these recurring jobs are deleted after a day, so the jobs table does not grow forever. */
const KEEP_DONE_MS = 86_400_000;

/**
 * The recurring ticket jobs. Each run schedules the next one (also after a failure), unless a later run
 * is already waiting, so several worker processes never multiply the chain. `start` schedules the first
 * run when none is waiting; tests call the handlers directly or drain the queue.
 */
export function recurringJobs(deps: {
  database: Database;
  clock: Clock;
  jobs: Jobs;
  sweepSla(): Promise<number>;
  autoClose(): Promise<number>;
}) {
  const { database, clock, jobs } = deps;
  const { db } = database.system('recurring ticket jobs');

  async function scheduleNext(kind: string, everyMs: number, afterNow: boolean): Promise<void> {
    const now = clock().toISOString();
    let waiting = db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', kind)
      .where('done_at', 'is', null)
      .where('failed_at', 'is', null);
    // Inside a run, the run itself is still pending: only a later one counts.
    if (afterNow) waiting = waiting.where('run_at', '>', now);
    if (await waiting.limit(1).executeTakeFirst()) return;
    await jobs.enqueue(
      db,
      kind,
      {},
      {
        runAt: new Date(clock().getTime() + (afterNow ? everyMs : 0)),
        maxAttempts: 1,
      },
    );
  }

  async function prune(): Promise<void> {
    const before = new Date(clock().getTime() - KEEP_DONE_MS).toISOString();
    await db
      .deleteFrom('jobs')
      .where('kind', 'in', [SLA_SWEEP_JOB, AUTO_CLOSE_JOB])
      .where((eb) =>
        eb.or([
          eb.and([eb('done_at', 'is not', null), eb('done_at', '<', before)]),
          eb.and([eb('failed_at', 'is not', null), eb('failed_at', '<', before)]),
        ]),
      )
      .execute();
  }

  jobs.register(SLA_SWEEP_JOB, async () => {
    try {
      await deps.sweepSla();
    } finally {
      await scheduleNext(SLA_SWEEP_JOB, SLA_SWEEP_EVERY_MS, true);
    }
  });
  jobs.register(AUTO_CLOSE_JOB, async () => {
    try {
      await deps.autoClose();
      await prune();
    } finally {
      await scheduleNext(AUTO_CLOSE_JOB, AUTO_CLOSE_EVERY_MS, true);
    }
  });

  return {
    async start(): Promise<void> {
      await scheduleNext(SLA_SWEEP_JOB, SLA_SWEEP_EVERY_MS, false);
      await scheduleNext(AUTO_CLOSE_JOB, AUTO_CLOSE_EVERY_MS, false);
    },
  };
}
