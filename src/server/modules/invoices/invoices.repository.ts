import type { Selectable } from 'kysely';
import { formatInvoiceNumber } from '../../../shared/billing/numbers.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import type { InvoiceTable } from '../../platform/db/schema.ts';

export type InvoiceRow = Selectable<InvoiceTable>;

/** The number an issue took: its place in the series and the number as printed. */
export interface IssuedNumber {
  sequence: number;
  number: string;
}

/**
 * The invoices module's tables (tax_rates, invoice_series, invoices and their lines). Repositories take
 * the caller's transaction; the service decides where one starts.
 */
export const invoicesRepository = Object.freeze({
  /**
   * Issues a draft: takes the series' next number and advances it, then numbers the invoice, in the
   * caller's transaction. The series row's update is the queue: on PostgreSQL a concurrent issue waits
   * for this transaction's row lock and then reads the advanced number; on SQLite transactions write one
   * at a time. If the invoice is no longer a draft (issued by someone else meanwhile) nothing is numbered
   * and the caller's transaction must roll back, advance included, so a number is never skipped; the
   * unique (series, sequence) key refuses a number taken twice whatever happens.
   * Returns null when the invoice is not a draft of that series.
   */
  async issueNumber(
    trx: DbOrTrx,
    invoice: { id: number; seriesId: number },
    issue: { issueDate: string; dueDate: string; rounding: string; accountId: number | null; at: string },
  ): Promise<IssuedNumber | null> {
    const series = await trx
      .updateTable('invoice_series')
      .set((eb) => ({ next_number: eb('next_number', '+', 1), updated_at: issue.at }))
      .where('id', '=', invoice.seriesId)
      .returning(['prefix', 'pad', 'next_number'])
      .executeTakeFirst();
    if (!series) return null;
    const sequence = series.next_number - 1;
    const number = formatInvoiceNumber(series.prefix, sequence, series.pad);
    const updated = await trx
      .updateTable('invoices')
      .set({
        sequence,
        number,
        status: 'sent',
        issue_date: issue.issueDate,
        due_date: issue.dueDate,
        rounding: issue.rounding,
        issued_by_account_id: issue.accountId,
        issued_at: issue.at,
        updated_at: issue.at,
      })
      .where('id', '=', invoice.id)
      .where('series_id', '=', invoice.seriesId)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1 ? { sequence, number } : null;
  },
});
