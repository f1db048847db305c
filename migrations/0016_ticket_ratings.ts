import type { AnyDb, Dialect, Migration } from './helpers.ts';
import { columns } from './helpers.ts';

/**
 * Ticket ratings (issue 14, satisfaction): once a ticket is resolved its requester rates it, good or
 * bad with an optional comment, once. The unique key on ticket_id is what makes it once: a second
 * rating fails its insert, whatever races it. The row keeps, for reporting, what the ticket was at that
 * moment: its client and the technician it was assigned to (the assignee when rated; null: none).
 */
export default function ticketRatings(dialect: Dialect): Migration {
  const c = columns(dialect);
  return {
    async up(db: AnyDb) {
      await c
        .id(db.schema.createTable('ticket_ratings'))
        .addColumn('ticket_id', 'integer', (col) =>
          col.notNull().references('tickets.id').onDelete('cascade'),
        )
        .addColumn('client_id', 'integer', (col) => col.notNull().references('clients.id'))
        .addColumn('contact_id', 'integer', (col) => col.references('contacts.id').onDelete('set null'))
        .addColumn('technician_account_id', 'integer', (col) =>
          col.references('accounts.id').onDelete('set null'),
        )
        .addColumn('rating', 'text', (col) => col.notNull())
        .addColumn('comment', 'text')
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .addUniqueConstraint('ticket_ratings_ticket_key', ['ticket_id'])
        .execute();
      // The recent ratings (staff list, newest first) and the summaries over a date range: every
      // rating, a client's, a technician's.
      await db.schema
        .createIndex('ticket_ratings_created_idx')
        .on('ticket_ratings')
        .columns(['created_at', 'id'])
        .execute();
      await db.schema
        .createIndex('ticket_ratings_client_idx')
        .on('ticket_ratings')
        .columns(['client_id', 'created_at', 'id'])
        .execute();
      await db.schema
        .createIndex('ticket_ratings_technician_idx')
        .on('ticket_ratings')
        .columns(['technician_account_id', 'created_at'])
        .execute();
    },
  };
}
