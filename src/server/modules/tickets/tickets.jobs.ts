import type { Clock } from '../../platform/actor.ts';
import type { Database } from '../../platform/db/db.ts';
import type { Jobs } from '../../platform/jobs.ts';

export const SLA_SWEEP_JOB = 'tickets.sla-sweep';
export const AUTO_CLOSE_JOB = 'tickets.auto-close';
const SLA_SWEEP_EVERY_MS = 60_000;
const AUTO_CLOSE_EVERY_MS = 10 * 60_000;
/** Finished runs of these recurring jobs are deleted after a day, so the jobs table does not grow forever. */
const KEEP_DONE_MS = 86_400_000;

type JobsContext = { database: Database; clock: Clock; jobs: Jobs };

/** Schedules the next run of a recurring job, unless one is already waiting (platform jobs service). */
async function scheduleNext(
  ctx: JobsContext,
  kind: string,
  everyMs: number,
  afterNow: boolean,
): Promise<void> {
  const { clock, jobs } = ctx;
  const { db } = ctx.database.system('recurring ticket jobs');
  const now = clock().toISOString();
  // Inside a run, the run itself is still pending: only a later one counts.
  if (await jobs.hasWaiting(db, kind, afterNow ? { after: now } : {})) return;
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

async function prune(ctx: JobsContext): Promise<void> {
  const before = new Date(ctx.clock().getTime() - KEEP_DONE_MS).toISOString();
  const { db } = ctx.database.system('recurring ticket jobs');
  await ctx.jobs.pruneFinished(db, [SLA_SWEEP_JOB, AUTO_CLOSE_JOB], before);
}

/**
 * The recurring ticket jobs. Each run schedules the next one (also after a failure), unless a later run
 * is already waiting, so several worker processes never multiply the chain. `startRecurringJobs`
 * schedules the first run when none is waiting; tests call the handlers directly or drain the queue.
 */
export function registerRecurringJobs(
  ctx: JobsContext,
  handlers: { sweepSla(): Promise<number>; autoClose(): Promise<number> },
): void {
  ctx.jobs.register(SLA_SWEEP_JOB, async () => {
    try {
      await handlers.sweepSla();
    } finally {
      await scheduleNext(ctx, SLA_SWEEP_JOB, SLA_SWEEP_EVERY_MS, true);
    }
  });
  ctx.jobs.register(AUTO_CLOSE_JOB, async () => {
    try {
      await handlers.autoClose();
      await prune(ctx);
    } finally {
      await scheduleNext(ctx, AUTO_CLOSE_JOB, AUTO_CLOSE_EVERY_MS, true);
    }
  });
}

/** Schedules the SLA sweep and auto-close (idempotent; call where the app serves). */
export async function startRecurringJobs(ctx: JobsContext): Promise<void> {
  await scheduleNext(ctx, SLA_SWEEP_JOB, SLA_SWEEP_EVERY_MS, false);
  await scheduleNext(ctx, AUTO_CLOSE_JOB, AUTO_CLOSE_EVERY_MS, false);
}
