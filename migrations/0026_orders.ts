import type { AnyDb, Dialect, Migration } from './helpers.ts';
import { columns } from './helpers.ts';

/**
 * Orders (issue 15, point 4): hardware and software staff order on a client's behalf.
 *
 * - orders: one per order, in the client's currency (frozen when the order is recorded); its status
 *   (placed, ordered, shipped, delivered, cancelled), carrier and tracking number, expected delivery
 *   date, staff notes, and the contact who asked for it (optional). `total_minor` is the sum of the
 *   lines, kept with them in the same transaction so lists need not add lines up.
 * - order_lines: what was ordered (description, whole quantity, unit price in minor units).
 * - order_status_changes: every status change with who and when (the first row: the order placed).
 *
 * `invoice_id` will point at the invoice the order was billed on. The invoices table arrives from a
 * parallel branch (issue 15, point 1), so the column has no foreign key yet; the migration that joins
 * both adds it. Nothing reads or shows it until then.
 */
export default function orders(dialect: Dialect): Migration {
  const c = columns(dialect);
  return {
    async up(db: AnyDb) {
      await c
        .id(db.schema.createTable('orders'))
        .addColumn('client_id', 'integer', (col) => col.notNull().references('clients.id'))
        // placed | ordered | shipped | delivered | cancelled
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('currency', 'text', (col) => col.notNull())
        .addColumn('total_minor', 'integer', (col) => col.notNull())
        .addColumn('ordered_by_contact_id', 'integer', (col) =>
          col.references('contacts.id').onDelete('set null'),
        )
        .addColumn('carrier', 'text')
        .addColumn('tracking_number', 'text')
        .addColumn('expected_date', 'text')
        // Staff notes: never shown to a contact.
        .addColumn('notes', 'text', (col) => col.notNull().defaultTo(''))
        // The invoice the order is billed on. No foreign key yet: see above.
        .addColumn('invoice_id', 'integer')
        .addColumn('created_by_account_id', 'integer', (col) =>
          col.references('accounts.id').onDelete('set null'),
        )
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .addColumn('updated_at', c.instant, (col) => col.notNull())
        .execute();
      // Lists: newest first, across clients and per client, optionally by status.
      await db.schema.createIndex('orders_created_idx').on('orders').columns(['created_at', 'id']).execute();
      await db.schema
        .createIndex('orders_client_idx')
        .on('orders')
        .columns(['client_id', 'created_at', 'id'])
        .execute();
      await db.schema
        .createIndex('orders_status_idx')
        .on('orders')
        .columns(['status', 'created_at', 'id'])
        .execute();

      await c
        .id(db.schema.createTable('order_lines'))
        .addColumn('order_id', 'integer', (col) => col.notNull().references('orders.id').onDelete('cascade'))
        .addColumn('position', 'integer', (col) => col.notNull())
        .addColumn('description', 'text', (col) => col.notNull())
        .addColumn('quantity', 'integer', (col) => col.notNull())
        .addColumn('unit_price_minor', 'integer', (col) => col.notNull())
        .addUniqueConstraint('order_lines_position_key', ['order_id', 'position'])
        .execute();

      await c
        .id(db.schema.createTable('order_status_changes'))
        .addColumn('order_id', 'integer', (col) => col.notNull().references('orders.id').onDelete('cascade'))
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text', (col) => col.notNull())
        .addColumn('actor_account_id', 'integer', (col) => col.references('accounts.id').onDelete('set null'))
        .addColumn('at', c.instant, (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('order_status_changes_order_idx')
        .on('order_status_changes')
        .columns(['order_id', 'at', 'id'])
        .execute();
    },
  };
}
