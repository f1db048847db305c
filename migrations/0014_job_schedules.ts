import { columns, type Dialect, type Migration } from './helpers.ts';

/**
 * Schedules (issue 14, "Timed work"; decision 011): recurring jobs from cron expressions, and a unique
 * key per run on the job itself.
 *
 * `job_schedules` holds one row per schedule: the code-defined ones (the SLA sweep, auto-close), synced
 * from the composition root when background work starts, and stored ones made for people (a client's
 * scheduled report), written by the owning module through the platform. `next_run_at` is the next run's
 * scheduled instant; the scheduler moves it on in the transaction that enqueues the run.
 *
 * `jobs.unique_key` (nullable, unique) is the run's key, `schedule:<id>:<instant>`: a second worker
 * enqueuing the same run conflicts on it and inserts nothing. Exactly once comes from this key, never
 * from a lock or a look-up.
 */
export default function jobSchedules(dialect: Dialect): Migration {
  const c = columns(dialect);
  return {
    async up(db) {
      await c
        .id(db.schema.createTable('job_schedules'))
        /** Unique and stable: a code schedule's name (`tickets.sla-sweep`), or one its module makes (`report:42`). */
        .addColumn('name', 'text', (col) => col.notNull().unique())
        /** The job kind a run enqueues: a handler registered with the scheduler. */
        .addColumn('kind', 'text', (col) => col.notNull())
        /** A five-field cron expression (minute precision), read in `timezone`. */
        .addColumn('cron', 'text', (col) => col.notNull())
        /** An IANA time zone (`Europe/Berlin`): a run at 09:00 stays at 09:00 across DST changes. */
        .addColumn('timezone', 'text', (col) => col.notNull())
        /** JSON handed to every run (a stored schedule's report id); `{}` for most code schedules. */
        .addColumn('payload', c.json, (col) => col.notNull())
        /** `code` (defined in the composition root, synced at start) or `stored` (made for people). */
        .addColumn('source', 'text', (col) => col.notNull())
        /** The client a stored schedule is for (a client's report): deleted with the client. */
        .addColumn('client_id', 'integer', (col) => col.references('clients.id').onDelete('cascade'))
        .addColumn('created_by_account_id', 'integer', (col) =>
          col.references('accounts.id').onDelete('set null'),
        )
        .addColumn('enabled', c.flag, (col) => col.notNull().defaultTo(1))
        /** The next run's scheduled instant. */
        .addColumn('next_run_at', c.instant, (col) => col.notNull())
        /** The scheduled instant of the last run enqueued (null before the first). */
        .addColumn('last_run_at', c.instant)
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .addColumn('updated_at', c.instant, (col) => col.notNull())
        .execute();
      // The scheduler's tick: the enabled schedules that are due.
      await db.schema
        .createIndex('job_schedules_due_idx')
        .on('job_schedules')
        .columns(['enabled', 'next_run_at'])
        .execute();
      await db.schema
        .createIndex('job_schedules_client_idx')
        .on('job_schedules')
        .column('client_id')
        .execute();

      await db.schema.alterTable('jobs').addColumn('unique_key', 'text').execute();
      // Several jobs without a key (null) are allowed on both databases.
      await db.schema.createIndex('jobs_unique_key').on('jobs').column('unique_key').unique().execute();
    },
  };
}
