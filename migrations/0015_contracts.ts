import type { AnyDb, Dialect, Migration } from './helpers.ts';
import { columns } from './helpers.ts';

/**
 * Contracts (issue 14): what each client bought. A contract belongs to one client and names its type,
 * its scope of service (Markdown), the SLA policy and coverage hours (an SLA calendar) it promises, its
 * dates (start, end, renewal; calendar dates 'YYYY-MM-DD' as text on both databases, never instants),
 * auto-renewal and notice period, and its status (draft, active, expired, cancelled). It covers either
 * all of the client's sites (`all_sites`) or those listed in contract_sites; contract_contacts lists the
 * client's contacts to notify. A site or contact removed leaves the contracts that named it. A ticket
 * records the contract it was opened under (its SLA policy came from it); null: none covered it.
 */
export default function contracts(dialect: Dialect): Migration {
  const c = columns(dialect);
  return {
    async up(db: AnyDb) {
      await c
        .id(db.schema.createTable('contracts'))
        .addColumn('client_id', 'integer', (col) => col.notNull().references('clients.id'))
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('type', 'text', (col) => col.notNull())
        .addColumn('scope', 'text', (col) => col.notNull().defaultTo(''))
        .addColumn('sla_policy_id', 'integer', (col) => col.references('sla_policies.id'))
        .addColumn('sla_calendar_id', 'integer', (col) => col.references('sla_calendars.id'))
        .addColumn('all_sites', c.flag, (col) => col.notNull().defaultTo(1))
        .addColumn('start_date', 'text', (col) => col.notNull())
        .addColumn('end_date', 'text')
        .addColumn('renewal_date', 'text')
        .addColumn('auto_renew', c.flag, (col) => col.notNull().defaultTo(0))
        .addColumn('notice_days', 'integer')
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .addColumn('updated_at', c.instant, (col) => col.notNull())
        .execute();
      // A client's contracts, newest first; and every client's, for the staff list across clients.
      await db.schema
        .createIndex('contracts_client_idx')
        .on('contracts')
        .columns(['client_id', 'start_date', 'id'])
        .execute();
      await db.schema
        .createIndex('contracts_start_idx')
        .on('contracts')
        .columns(['start_date', 'id'])
        .execute();

      await db.schema
        .createTable('contract_sites')
        .addColumn('contract_id', 'integer', (col) =>
          col.notNull().references('contracts.id').onDelete('cascade'),
        )
        .addColumn('site_id', 'integer', (col) =>
          col.notNull().references('client_sites.id').onDelete('cascade'),
        )
        .addPrimaryKeyConstraint('contract_sites_pk', ['contract_id', 'site_id'])
        .execute();
      await db.schema.createIndex('contract_sites_site_idx').on('contract_sites').column('site_id').execute();

      await db.schema
        .createTable('contract_contacts')
        .addColumn('contract_id', 'integer', (col) =>
          col.notNull().references('contracts.id').onDelete('cascade'),
        )
        .addColumn('contact_id', 'integer', (col) =>
          col.notNull().references('contacts.id').onDelete('cascade'),
        )
        .addPrimaryKeyConstraint('contract_contacts_pk', ['contract_id', 'contact_id'])
        .execute();
      await db.schema
        .createIndex('contract_contacts_contact_idx')
        .on('contract_contacts')
        .column('contact_id')
        .execute();

      await db.schema
        .alterTable('tickets')
        .addColumn('contract_id', 'integer', (col) => col.references('contracts.id'))
        .execute();
    },
  };
}
