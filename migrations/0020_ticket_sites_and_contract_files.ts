import type { AnyDb, Dialect, Migration } from './helpers.ts';
import { columns } from './helpers.ts';

/**
 * Ticket sites, coverage hours on tickets and contract documents (issue 14, points 1 to 3).
 *
 * - tickets.site_id: the client's site the ticket is about (null: none named). A contract covering only
 *   some sites covers only tickets at those sites; a ticket without a site only an all-sites contract.
 *   A site removed leaves its tickets without one.
 * - tickets.sla_calendar_id: the coverage hours the ticket's clocks count on, recorded when the ticket
 *   takes its policy (its contract's calendar; null: the policy's own). Recorded, not joined through the
 *   contract, so a contract changed later never rewrites a ticket's clocks, closed tickets above all.
 * - contract_files: documents attached to a contract (the signed contract, a schedule). Stored and checked
 *   like ticket attachments (modules/attachments owns them); a contact reads them through the contract.
 */
export default function ticketSitesAndContractFiles(dialect: Dialect): Migration {
  const c = columns(dialect);
  return {
    async up(db: AnyDb) {
      await db.schema
        .alterTable('tickets')
        .addColumn('site_id', 'integer', (col) => col.references('client_sites.id').onDelete('set null'))
        .execute();
      await db.schema
        .alterTable('tickets')
        .addColumn('sla_calendar_id', 'integer', (col) => col.references('sla_calendars.id'))
        .execute();

      await c
        .id(db.schema.createTable('contract_files'))
        .addColumn('contract_id', 'integer', (col) =>
          col.notNull().references('contracts.id').onDelete('cascade'),
        )
        .addColumn('uploaded_by_account_id', 'integer', (col) =>
          col.references('accounts.id').onDelete('set null'),
        )
        .addColumn('storage_key', 'text', (col) => col.notNull())
        .addColumn('filename', 'text', (col) => col.notNull())
        .addColumn('content_type', 'text', (col) => col.notNull())
        .addColumn('size_bytes', 'integer', (col) => col.notNull())
        .addColumn('sha256', 'text', (col) => col.notNull())
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .execute();
      // A contract's files, oldest first.
      await db.schema
        .createIndex('contract_files_contract_idx')
        .on('contract_files')
        .columns(['contract_id', 'id'])
        .execute();
    },
  };
}
