import { sql } from 'kysely';
import type { AnyDb, Dialect, Migration } from './helpers.ts';
import { columns } from './helpers.ts';

/**
 * Invoices (issue 15, points 1 and 2). The arithmetic is src/shared/billing (docs/billing.md); these
 * tables keep what it works on and what it decided.
 *
 * - tax_rates: the provider's taxes (name, rate in percent as a decimal string "19", "9.975").
 * - invoice_series: number series, each with a prefix and the next number. Issuing an invoice takes the
 *   series' next number and advances it in the same transaction (a row update, so concurrent issues
 *   queue on the row), and the unique (series, number) key makes a reused number fail its insert: never
 *   reused, no gaps within a series.
 * - invoices: one client's invoice. Draft (no number, lines editable) -> sent (issued: numbered, lines
 *   frozen) -> viewed (a contact opened it) -> partially_paid / paid / overdue, or void. The currency is
 *   the client's, frozen at creation; the rounding rule is the organisation's, frozen at issue. The
 *   totals are cached from the lines; `balance_minor` is the total less what has been allocated to it
 *   (nothing yet: payments come with a later change and keep it in step).
 * - invoice_lines: description, decimal quantity (text, exact), unit price in minor units, an optional
 *   discount (a percentage or an amount), prices exclusive or inclusive of tax, order, and the line's
 *   cached figures. `kind`: item (typed by staff), time (approved time entries), overage (a closed hour
 *   bank period's overage) or info (a zero-amount line showing the block hours used).
 * - invoice_line_taxes: the taxes on a line, their name and rate frozen, and the line's amount of each.
 * - invoice_line_time_entries: which time entries a line bills. The unique time entry key makes an entry
 *   billed once: a second invoice's insert fails. Voiding an invoice deletes its links (the entries go
 *   back to approved), so the work can be billed again.
 * - invoice_lines.bank_period_id on an overage line: likewise, a closed period's overage is billed once.
 */
export default function invoices(dialect: Dialect): Migration {
  const c = columns(dialect);
  return {
    async up(db: AnyDb) {
      await c
        .id(db.schema.createTable('tax_rates'))
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('rate', 'text', (col) => col.notNull())
        .addColumn('active', c.flag, (col) => col.notNull().defaultTo(1))
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .addColumn('updated_at', c.instant, (col) => col.notNull())
        .execute();

      await c
        .id(db.schema.createTable('invoice_series'))
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('prefix', 'text', (col) => col.notNull())
        .addColumn('next_number', 'integer', (col) => col.notNull().defaultTo(1))
        // How many digits a number is padded to (INV-0042 is 4).
        .addColumn('pad', 'integer', (col) => col.notNull().defaultTo(4))
        .addColumn('is_default', c.flag, (col) => col.notNull().defaultTo(0))
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .addColumn('updated_at', c.instant, (col) => col.notNull())
        .addUniqueConstraint('invoice_series_prefix_key', ['prefix'])
        .execute();

      await c
        .id(db.schema.createTable('invoices'))
        .addColumn('client_id', 'integer', (col) => col.notNull().references('clients.id'))
        .addColumn('series_id', 'integer', (col) => col.notNull().references('invoice_series.id'))
        // Set when issued: the number within the series, and as printed (prefix and padding).
        .addColumn('sequence', 'integer')
        .addColumn('number', 'text')
        // draft | sent | viewed | partially_paid | paid | overdue | void
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('currency', 'text', (col) => col.notNull())
        // line | document: frozen when issued (the organisation's rule then).
        .addColumn('rounding', 'text', (col) => col.notNull())
        .addColumn('issue_date', 'text')
        .addColumn('due_date', 'text')
        .addColumn('terms', 'text', (col) => col.notNull().defaultTo(''))
        .addColumn('notes', 'text', (col) => col.notNull().defaultTo(''))
        .addColumn('net_minor', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('tax_minor', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('total_minor', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('balance_minor', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('created_by_account_id', 'integer', (col) =>
          col.references('accounts.id').onDelete('set null'),
        )
        .addColumn('issued_by_account_id', 'integer', (col) =>
          col.references('accounts.id').onDelete('set null'),
        )
        .addColumn('issued_at', c.instant)
        .addColumn('viewed_at', c.instant)
        .addColumn('voided_at', c.instant)
        .addColumn('void_reason', 'text')
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .addColumn('updated_at', c.instant, (col) => col.notNull())
        .addUniqueConstraint('invoices_series_sequence_key', ['series_id', 'sequence'])
        .execute();
      // A client's invoices newest first (the portal list, the staff client tab); all invoices by status
      // (the staff list, the overdue sweep by due date).
      for (const [name, cols] of [
        ['invoices_client_idx', ['client_id', 'created_at', 'id']],
        ['invoices_status_idx', ['status', 'due_date', 'id']],
        ['invoices_created_idx', ['created_at', 'id']],
      ] as const) {
        await db.schema
          .createIndex(name)
          .on('invoices')
          .columns([...cols])
          .execute();
      }

      await c
        .id(db.schema.createTable('invoice_lines'))
        .addColumn('invoice_id', 'integer', (col) =>
          col.notNull().references('invoices.id').onDelete('cascade'),
        )
        .addColumn('sort', 'integer', (col) => col.notNull())
        // item | time | overage | info
        .addColumn('kind', 'text', (col) => col.notNull().defaultTo('item'))
        .addColumn('description', 'text', (col) => col.notNull())
        .addColumn('quantity', 'text', (col) => col.notNull())
        .addColumn('unit_price_minor', 'integer', (col) => col.notNull())
        // A percentage (decimal string) or an amount in minor units; at most one.
        .addColumn('discount_percent', 'text')
        .addColumn('discount_minor', 'integer')
        .addColumn('prices_include_tax', c.flag, (col) => col.notNull().defaultTo(0))
        .addColumn('bank_period_id', 'integer', (col) => col.references('bank_periods.id'))
        .addColumn('net_minor', 'integer', (col) => col.notNull())
        .addColumn('tax_minor', 'integer', (col) => col.notNull())
        .addColumn('total_minor', 'integer', (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('invoice_lines_invoice_idx')
        .on('invoice_lines')
        .columns(['invoice_id', 'sort', 'id'])
        .execute();
      // A closed period's overage is billed on one line at most.
      await db.schema
        .createIndex('invoice_lines_bank_period_key')
        .on('invoice_lines')
        .column('bank_period_id')
        .unique()
        .where(sql.ref('bank_period_id'), 'is not', null)
        .execute();

      await c
        .id(db.schema.createTable('invoice_line_taxes'))
        .addColumn('invoice_id', 'integer', (col) =>
          col.notNull().references('invoices.id').onDelete('cascade'),
        )
        .addColumn('line_id', 'integer', (col) =>
          col.notNull().references('invoice_lines.id').onDelete('cascade'),
        )
        .addColumn('tax_rate_id', 'integer', (col) => col.references('tax_rates.id'))
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('rate', 'text', (col) => col.notNull())
        .addColumn('sort', 'integer', (col) => col.notNull())
        .addColumn('amount_minor', 'integer', (col) => col.notNull())
        .addUniqueConstraint('invoice_line_taxes_line_rate_key', ['line_id', 'tax_rate_id'])
        .execute();
      await db.schema
        .createIndex('invoice_line_taxes_invoice_idx')
        .on('invoice_line_taxes')
        .columns(['invoice_id', 'line_id', 'sort'])
        .execute();

      await db.schema
        .createTable('invoice_line_time_entries')
        .addColumn('invoice_id', 'integer', (col) =>
          col.notNull().references('invoices.id').onDelete('cascade'),
        )
        .addColumn('line_id', 'integer', (col) =>
          col.notNull().references('invoice_lines.id').onDelete('cascade'),
        )
        .addColumn('time_entry_id', 'integer', (col) => col.notNull().references('time_entries.id'))
        .addPrimaryKeyConstraint('invoice_line_time_entries_pkey', ['time_entry_id'])
        .execute();
      await db.schema
        .createIndex('invoice_line_time_entries_line_idx')
        .on('invoice_line_time_entries')
        .columns(['invoice_id', 'line_id'])
        .execute();
    },
  };
}
