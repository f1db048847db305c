import { sql } from 'kysely';
import type { AnyDb, Dialect, Migration } from './helpers.ts';
import { columns } from './helpers.ts';

/**
 * Consent before overage (issue 14, point 8).
 *
 * - ticket_estimates: a technician's estimate of the work a ticket needs, one row per ticket (the
 *   tickets table belongs to the tickets module; this one to the overage module).
 * - overage_requests: the ticket asking its client "approve up to N extra hours at R per hour?". A
 *   request is pending, then approved or refused once by a contact allowed to (who, when, from which
 *   address, with an optional comment), or withdrawn when a new need replaces it. The partial unique
 *   index keeps at most one pending request per ticket, whatever races it; the rate and currency are
 *   frozen when the request is made, so the client approves the figure they were shown.
 */
export default function overageRequests(dialect: Dialect): Migration {
  const c = columns(dialect);
  return {
    async up(db: AnyDb) {
      await c
        .id(db.schema.createTable('ticket_estimates'))
        .addColumn('ticket_id', 'integer', (col) =>
          col.notNull().references('tickets.id').onDelete('cascade'),
        )
        .addColumn('minutes', 'integer', (col) => col.notNull())
        .addColumn('set_by_account_id', 'integer', (col) =>
          col.references('accounts.id').onDelete('set null'),
        )
        .addColumn('updated_at', c.instant, (col) => col.notNull())
        .addUniqueConstraint('ticket_estimates_ticket_key', ['ticket_id'])
        .execute();

      await c
        .id(db.schema.createTable('overage_requests'))
        .addColumn('ticket_id', 'integer', (col) =>
          col.notNull().references('tickets.id').onDelete('cascade'),
        )
        .addColumn('contract_id', 'integer', (col) => col.notNull().references('contracts.id'))
        .addColumn('extra_minutes', 'integer', (col) => col.notNull())
        .addColumn('rate_minor', 'integer')
        .addColumn('currency', 'text')
        // estimate | time | manual: what made the ticket ask.
        .addColumn('trigger', 'text', (col) => col.notNull())
        // pending | approved | refused | withdrawn
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('requested_by_account_id', 'integer', (col) =>
          col.references('accounts.id').onDelete('set null'),
        )
        .addColumn('requested_at', c.instant, (col) => col.notNull())
        .addColumn('decided_by_contact_id', 'integer', (col) =>
          col.references('contacts.id').onDelete('set null'),
        )
        .addColumn('decided_by_name', 'text')
        .addColumn('decided_at', c.instant)
        .addColumn('decided_ip', 'text')
        .addColumn('comment', 'text')
        .addColumn('withdrawn_at', c.instant)
        .execute();
      // A ticket's requests, newest first (the staff history, the current state).
      await db.schema
        .createIndex('overage_requests_ticket_idx')
        .on('overage_requests')
        .columns(['ticket_id', 'requested_at', 'id'])
        .execute();
      // One pending request per ticket.
      await db.schema
        .createIndex('overage_requests_pending_key')
        .on('overage_requests')
        .column('ticket_id')
        .unique()
        .where(sql.ref('status'), '=', 'pending')
        .execute();
    },
  };
}
