import type { AnyDb, ColumnBuilder, Dialect, Migration } from './helpers.ts';
import { columns } from './helpers.ts';

/**
 * Time and hour banks (issue 14, points 4 to 7). The arithmetic is src/shared/hours (docs/hours.md);
 * these tables keep what it works on and what it decided.
 *
 * - Contracts gain their billing terms: the currency their money is in (the client's, frozen when the
 *   contract is made), an hourly rate (minor units; null: the work type's, then the organisation's
 *   default), the rounding rule (increment, minimum, direction) and the hour bank: none, periodic
 *   (minutes per month/quarter/year with a rollover rule) or prepaid (blocks in hour_blocks), and the
 *   overage rate.
 * - work_types: the provider's kinds of work, each with an optional rate in a currency.
 * - time_entries: minutes a person worked on a ticket. Actual and billed minutes are both kept; the rate
 *   and amount are frozen when the entry is made (or re-made while still a draft). Status moves
 *   draft -> submitted -> approved -> invoiced; an approved entry is never edited: a correction is a
 *   new entry whose `reverses_id` names it (negative minutes and amount), once (unique key).
 *   `entry_date` is the calendar day the work counts on, in the organisation's time zone.
 * - time_timers: a running timer, one per person at a time (unique key), kept server-side so it
 *   survives a reload or another device.
 * - hour_blocks: a prepaid bank's blocks of minutes, each with a purchase date and optional expiry.
 * - bank_periods: a closed period's record (src/shared/hours PeriodRecord), written once at the close
 *   and never changed: the unique (contract, period start) key makes a second close fail its insert.
 */
export default function timeAndHourBanks(dialect: Dialect): Migration {
  const c = columns(dialect);
  return {
    async up(db: AnyDb) {
      const same: ColumnBuilder = (col) => col;
      const contractColumns: [string, 'text' | 'integer', ColumnBuilder][] = [
        ['currency', 'text', same],
        ['rate_minor', 'integer', same],
        ['rounding_increment', 'integer', (col) => col.notNull().defaultTo(1)],
        ['rounding_minimum', 'integer', (col) => col.notNull().defaultTo(0)],
        ['rounding_direction', 'text', (col) => col.notNull().defaultTo('up')],
        ['bank_kind', 'text', (col) => col.notNull().defaultTo('none')],
        ['bank_period', 'text', (col) => col.notNull().defaultTo('monthly')],
        ['bank_minutes', 'integer', same],
        ['rollover_kind', 'text', (col) => col.notNull().defaultTo('none')],
        ['rollover_cap_minutes', 'integer', same],
        ['overage_rate_minor', 'integer', same],
      ];
      for (const [name, type, build] of contractColumns) {
        await db.schema.alterTable('contracts').addColumn(name, type, build).execute();
      }
      // Existing contracts take their client's currency.
      await db
        .updateTable('contracts')
        .set({
          currency: db
            .selectFrom('clients')
            .select('clients.currency')
            .whereRef('clients.id', '=', 'contracts.client_id'),
        })
        .execute();

      await c
        .id(db.schema.createTable('work_types'))
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('rate_minor', 'integer')
        .addColumn('currency', 'text')
        .addColumn('billable', c.flag, (col) => col.notNull().defaultTo(1))
        .addColumn('active', c.flag, (col) => col.notNull().defaultTo(1))
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .addColumn('updated_at', c.instant, (col) => col.notNull())
        .execute();

      await c
        .id(db.schema.createTable('time_entries'))
        .addColumn('ticket_id', 'integer', (col) => col.notNull().references('tickets.id'))
        .addColumn('client_id', 'integer', (col) => col.notNull().references('clients.id'))
        .addColumn('contract_id', 'integer', (col) => col.references('contracts.id'))
        .addColumn('account_id', 'integer', (col) => col.notNull().references('accounts.id'))
        .addColumn('work_type_id', 'integer', (col) => col.references('work_types.id'))
        .addColumn('entry_date', 'text', (col) => col.notNull())
        .addColumn('started_at', c.instant)
        .addColumn('actual_minutes', 'integer', (col) => col.notNull())
        .addColumn('billed_minutes', 'integer', (col) => col.notNull())
        .addColumn('billable', c.flag, (col) => col.notNull())
        .addColumn('rate_minor', 'integer')
        .addColumn('currency', 'text')
        .addColumn('amount_minor', 'integer')
        .addColumn('rate_source', 'text')
        .addColumn('note', 'text', (col) => col.notNull().defaultTo(''))
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('reverses_id', 'integer', (col) => col.references('time_entries.id'))
        .addColumn('submitted_at', c.instant)
        .addColumn('approved_at', c.instant)
        .addColumn('approved_by', 'integer', (col) => col.references('accounts.id'))
        .addColumn('invoiced_at', c.instant)
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .addColumn('updated_at', c.instant, (col) => col.notNull())
        .addUniqueConstraint('time_entries_reverses_key', ['reverses_id'])
        .execute();
      // A ticket's time; a client's and a contract's by date (hours page, ledger, reports); a person's
      // timesheet; the approval queue by status.
      for (const [name, cols] of [
        ['time_entries_ticket_idx', ['ticket_id', 'entry_date', 'id']],
        ['time_entries_client_idx', ['client_id', 'entry_date', 'id']],
        ['time_entries_contract_idx', ['contract_id', 'status', 'entry_date', 'id']],
        ['time_entries_account_idx', ['account_id', 'entry_date', 'id']],
        ['time_entries_status_idx', ['status', 'entry_date', 'id']],
      ] as const) {
        await db.schema
          .createIndex(name)
          .on('time_entries')
          .columns([...cols])
          .execute();
      }

      await c
        .id(db.schema.createTable('time_timers'))
        .addColumn('account_id', 'integer', (col) =>
          col.notNull().references('accounts.id').onDelete('cascade'),
        )
        .addColumn('ticket_id', 'integer', (col) =>
          col.notNull().references('tickets.id').onDelete('cascade'),
        )
        .addColumn('client_id', 'integer', (col) => col.notNull().references('clients.id'))
        .addColumn('work_type_id', 'integer', (col) => col.references('work_types.id'))
        .addColumn('note', 'text', (col) => col.notNull().defaultTo(''))
        .addColumn('started_at', c.instant, (col) => col.notNull())
        .addUniqueConstraint('time_timers_account_key', ['account_id'])
        .execute();
      await db.schema.createIndex('time_timers_ticket_idx').on('time_timers').column('ticket_id').execute();

      await c
        .id(db.schema.createTable('hour_blocks'))
        .addColumn('contract_id', 'integer', (col) =>
          col.notNull().references('contracts.id').onDelete('cascade'),
        )
        .addColumn('purchased_on', 'text', (col) => col.notNull())
        .addColumn('minutes', 'integer', (col) => col.notNull())
        .addColumn('expires_on', 'text')
        .addColumn('note', 'text', (col) => col.notNull().defaultTo(''))
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('hour_blocks_contract_idx')
        .on('hour_blocks')
        .columns(['contract_id', 'purchased_on', 'id'])
        .execute();

      await c
        .id(db.schema.createTable('bank_periods'))
        .addColumn('contract_id', 'integer', (col) => col.notNull().references('contracts.id'))
        .addColumn('client_id', 'integer', (col) => col.notNull().references('clients.id'))
        .addColumn('period_start', 'text', (col) => col.notNull())
        .addColumn('period_end', 'text', (col) => col.notNull())
        .addColumn('purchased_minutes', 'integer', (col) => col.notNull())
        .addColumn('rolled_over_in_minutes', 'integer', (col) => col.notNull())
        .addColumn('carried_in_minutes', 'integer', (col) => col.notNull())
        .addColumn('used_minutes', 'integer', (col) => col.notNull())
        .addColumn('drawn_minutes', 'integer', (col) => col.notNull())
        .addColumn('overage_minutes', 'integer', (col) => col.notNull())
        .addColumn('rolled_over_out_minutes', 'integer', (col) => col.notNull())
        .addColumn('carried_out_minutes', 'integer', (col) => col.notNull())
        .addColumn('expired_minutes', 'integer', (col) => col.notNull())
        .addColumn('overage_amount_minor', 'integer', (col) => col.notNull())
        .addColumn('currency', 'text', (col) => col.notNull())
        /** The ledger and lots of the period as closed (src/shared/hours ClosedPeriod), JSON. */
        .addColumn('detail', c.json, (col) => col.notNull())
        .addColumn('closed_at', c.instant, (col) => col.notNull())
        .addUniqueConstraint('bank_periods_contract_start_key', ['contract_id', 'period_start'])
        .execute();
      await db.schema
        .createIndex('bank_periods_client_idx')
        .on('bank_periods')
        .columns(['client_id', 'period_start', 'id'])
        .execute();
    },
  };
}
