import type { AnyDb, Dialect, Migration } from './helpers.ts';
import { columns } from './helpers.ts';

/**
 * The client's reports (issue 14, points 10 to 12).
 *
 * - report_schedules: a client's report sent on a schedule (weekly, monthly or quarterly) to several
 *   recipients, as a PDF or CSV. Its timing is a stored `job_schedules` row (platform/schedules.ts,
 *   named `report:<id>`); this row keeps what is sent and to whom.
 * - report_deliveries: one row per (schedule, period) sent. The unique key is what makes a period's
 *   report go out once, whichever worker runs it and however often the job is retried: the row is
 *   inserted in the transaction that queues the emails.
 * - Indexes for the activity history (a client's events newest first, by the time they happened) and
 *   the monthly summary (a client's tickets created and resolved in a month).
 */
export default function reports(dialect: Dialect): Migration {
  const c = columns(dialect);
  return {
    async up(db: AnyDb) {
      await c
        .id(db.schema.createTable('report_schedules'))
        .addColumn('client_id', 'integer', (col) =>
          col.notNull().references('clients.id').onDelete('cascade'),
        )
        /** summary | activity */
        .addColumn('report', 'text', (col) => col.notNull())
        /** weekly | monthly | quarterly */
        .addColumn('frequency', 'text', (col) => col.notNull())
        /** pdf | csv */
        .addColumn('format', 'text', (col) => col.notNull())
        /** JSON array of email addresses. */
        .addColumn('recipients', c.json, (col) => col.notNull())
        .addColumn('created_by_account_id', 'integer', (col) =>
          col.references('accounts.id').onDelete('set null'),
        )
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .addColumn('updated_at', c.instant, (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('report_schedules_client_idx')
        .on('report_schedules')
        .columns(['client_id', 'id'])
        .execute();

      await c
        .id(db.schema.createTable('report_deliveries'))
        .addColumn('schedule_id', 'integer', (col) =>
          col.notNull().references('report_schedules.id').onDelete('cascade'),
        )
        .addColumn('client_id', 'integer', (col) =>
          col.notNull().references('clients.id').onDelete('cascade'),
        )
        .addColumn('period_start', 'text', (col) => col.notNull())
        .addColumn('period_end', 'text', (col) => col.notNull())
        .addColumn('recipients', 'integer', (col) => col.notNull())
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .addUniqueConstraint('report_deliveries_period_key', ['schedule_id', 'period_start'])
        .execute();
      await db.schema
        .createIndex('report_deliveries_client_idx')
        .on('report_deliveries')
        .columns(['client_id', 'created_at', 'id'])
        .execute();

      // Emails may carry attachments (a scheduled report's PDF or CSV): JSON [{ filename, contentType,
      // content (base64) }], null when none.
      await db.schema.alterTable('emails').addColumn('attachments', 'text').execute();

      // Activity history and monthly summary: a client's tickets by creation and by resolution; a
      // ticket's messages by time; a client's time entries by when they were logged.
      for (const [name, table, cols] of [
        ['tickets_client_created_idx', 'tickets', ['client_id', 'created_at', 'id']],
        ['tickets_client_resolved_idx', 'tickets', ['client_id', 'resolved_at', 'id']],
        ['ticket_messages_ticket_created_idx', 'ticket_messages', ['ticket_id', 'created_at', 'id']],
        ['time_entries_client_created_idx', 'time_entries', ['client_id', 'created_at', 'id']],
      ] as const) {
        await db.schema
          .createIndex(name)
          .on(table)
          .columns([...cols])
          .execute();
      }
    },
  };
}
