import type { AnyDb, Dialect, Migration } from './helpers.ts';
import { columns } from './helpers.ts';

/**
 * Alerts and in-portal notices (issue 14, point 9).
 *
 * alert_deliveries: one row per alert that fired. Its unique key (kind, subject, threshold, period) is
 * what makes an alert fire once: the row is inserted in the transaction that publishes the alert's
 * domain event, `on conflict do nothing`, so a second worker, a retry or a run after a restart inserts
 * nothing and publishes nothing. `period_key` names the period the threshold belongs to (a contract's
 * end date for "contract ending"; a bank period's start for bank usage), so a new period alerts again.
 *
 * notices: what the bell in both faces lists, one row per recipient account. A notice is stored as a
 * kind and its parameters (JSON), never as text: it is worded in the reader's language when read.
 * `client_id` is the recipient contact's client (null: a staff member's), for scoping and for the
 * client's data going with the client.
 */
export default function alertsAndNotices(dialect: Dialect): Migration {
  const c = columns(dialect);
  return {
    async up(db: AnyDb) {
      await c
        .id(db.schema.createTable('alert_deliveries'))
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('subject_id', 'integer', (col) => col.notNull())
        .addColumn('threshold', 'integer', (col) => col.notNull())
        .addColumn('period_key', 'text', (col) => col.notNull())
        .addColumn('client_id', 'integer', (col) => col.references('clients.id').onDelete('cascade'))
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .addUniqueConstraint('alert_deliveries_key', ['kind', 'subject_id', 'threshold', 'period_key'])
        .execute();
      await db.schema
        .createIndex('alert_deliveries_client_idx')
        .on('alert_deliveries')
        .column('client_id')
        .execute();

      await c
        .id(db.schema.createTable('notices'))
        .addColumn('account_id', 'integer', (col) =>
          col.notNull().references('accounts.id').onDelete('cascade'),
        )
        .addColumn('client_id', 'integer', (col) => col.references('clients.id').onDelete('cascade'))
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('params', 'text', (col) => col.notNull().defaultTo('{}'))
        .addColumn('link', 'text')
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .addColumn('read_at', c.instant)
        .execute();
      // The bell's list (newest first, keyset on id) and its unread count, per recipient.
      await db.schema
        .createIndex('notices_account_idx')
        .on('notices')
        .columns(['account_id', 'id'])
        .execute();
      await db.schema
        .createIndex('notices_unread_idx')
        .on('notices')
        .columns(['account_id', 'read_at'])
        .execute();
      await db.schema.createIndex('notices_client_idx').on('notices').column('client_id').execute();
    },
  };
}
