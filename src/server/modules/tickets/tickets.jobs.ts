import type { Schedules } from '../../platform/schedules.ts';

export const SLA_SWEEP_JOB = 'tickets.sla-sweep';
export const AUTO_CLOSE_JOB = 'tickets.auto-close';
/** Finished runs of these recurring jobs are deleted after a day, so the jobs table does not grow forever. */
const KEEP_DONE_MS = 86_400_000;

/**
 * The recurring ticket jobs, as schedules (platform/schedules.ts): the SLA sweep every minute and
 * auto-close every ten minutes. The scheduler enqueues each run once, however many workers run; a
 * failed run is not retried (the next one does the same work). Tests call the handlers directly or
 * enqueue a run by hand and drain the queue.
 */
export function registerRecurringJobs(
  ctx: { schedules: Schedules },
  handlers: { sweepSla(): Promise<number>; autoClose(): Promise<number> },
): void {
  ctx.schedules.define({
    name: SLA_SWEEP_JOB,
    cron: '* * * * *',
    maxAttempts: 1,
    keepFinishedMs: KEEP_DONE_MS,
    run: async () => {
      await handlers.sweepSla();
    },
  });
  ctx.schedules.define({
    name: AUTO_CLOSE_JOB,
    cron: '*/10 * * * *',
    maxAttempts: 1,
    keepFinishedMs: KEEP_DONE_MS,
    run: async () => {
      await handlers.autoClose();
    },
  });
}
