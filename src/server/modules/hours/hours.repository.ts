import { sql } from 'kysely';
import type { DbOrTrx } from '../../platform/db/db.ts';
import type { BlockRow, ContractTerms, EntryRow, StoredClose } from './hours.bank.ts';

const termColumns = [
  'contracts.id',
  'contracts.client_id',
  'contracts.name',
  'contracts.status',
  'contracts.start_date',
  'contracts.end_date',
  'contracts.currency',
  'contracts.rate_minor',
  'contracts.bank_kind',
  'contracts.bank_period',
  'contracts.bank_minutes',
  'contracts.rollover_kind',
  'contracts.rollover_cap_minutes',
  'contracts.overage_rate_minor',
] as const;

/** An entry as the ledger shows it: the bank's row plus the ticket and who worked. */
export interface LedgerRow extends EntryRow {
  ticket_subject: string;
  worker: string;
}

const billableStatuses = ['approved', 'invoiced'];

/** Hour blocks, closed periods, and the reads the bank needs. All of the module's SQL. */
export const hoursRepository = Object.freeze({
  contract(db: DbOrTrx, contractId: number): Promise<ContractTerms | undefined> {
    return db
      .selectFrom('contracts')
      .select(termColumns)
      .where('contracts.id', '=', contractId)
      .executeTakeFirst();
  },

  /** A client's contracts with a bank (not drafts when `visibleOnly`), newest start first. */
  contractsWithBanks(db: DbOrTrx, clientId: number): Promise<ContractTerms[]> {
    return db
      .selectFrom('contracts')
      .select(termColumns)
      .where('contracts.client_id', '=', clientId)
      .where('contracts.bank_kind', '<>', 'none')
      .where('contracts.status', 'in', ['active', 'expired'])
      .orderBy('contracts.start_date', 'desc')
      .orderBy('contracts.id', 'desc')
      .limit(50)
      .execute();
  },

  /** Every contract with a bank that may have a period to close (system work). */
  contractsToClose(db: DbOrTrx, afterId: number, limit: number): Promise<ContractTerms[]> {
    return db
      .selectFrom('contracts')
      .select(termColumns)
      .where('contracts.bank_kind', '<>', 'none')
      .where('contracts.status', 'in', ['active', 'expired'])
      .where('contracts.id', '>', afterId)
      .orderBy('contracts.id')
      .limit(limit)
      .execute();
  },

  blocks(db: DbOrTrx, contractId: number): Promise<BlockRow[]> {
    return db
      .selectFrom('hour_blocks')
      .select(['id', 'contract_id', 'purchased_on', 'minutes', 'expires_on', 'note'])
      .where('contract_id', '=', contractId)
      .orderBy('purchased_on')
      .orderBy('id')
      .execute();
  },

  async insertBlock(
    db: DbOrTrx,
    row: {
      contract_id: number;
      purchased_on: string;
      minutes: number;
      expires_on: string | null;
      note: string;
      at: string;
    },
  ): Promise<number> {
    const { at, ...values } = row;
    const inserted = await db
      .insertInto('hour_blocks')
      .values({ ...values, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  },

  /** The contract's closed periods, oldest first (the page's history). */
  closes(db: DbOrTrx, contractId: number) {
    return db
      .selectFrom('bank_periods')
      .selectAll()
      .where('contract_id', '=', contractId)
      .orderBy('period_start')
      .execute();
  },

  lastClose(db: DbOrTrx, contractId: number): Promise<StoredClose | undefined> {
    return db
      .selectFrom('bank_periods')
      .select(['period_start', 'period_end', 'detail', 'closed_at'])
      .where('contract_id', '=', contractId)
      .orderBy('period_start', 'desc')
      .limit(1)
      .executeTakeFirst();
  },

  /**
   * The approved billable entries the open bank works on (see hours.bank.ts): dated from `from` to
   * `asOf`, and dated before `from` but approved after `cutoff`. Two index ranges, one query.
   */
  entries(
    db: DbOrTrx,
    contractId: number,
    from: string,
    asOf: string,
    cutoff: string | null,
  ): Promise<LedgerRow[]> {
    const base = () =>
      db
        .selectFrom('time_entries')
        .innerJoin('tickets', 'tickets.id', 'time_entries.ticket_id')
        .innerJoin('accounts', 'accounts.id', 'time_entries.account_id')
        .select([
          'time_entries.id',
          'time_entries.ticket_id',
          'time_entries.entry_date',
          'time_entries.billed_minutes',
          'time_entries.actual_minutes',
          'time_entries.reverses_id',
          (eb) => eb.fn.coalesce('time_entries.approved_at', 'time_entries.created_at').as('approved_at'),
          'tickets.subject as ticket_subject',
          'accounts.name as worker',
        ])
        .where('time_entries.contract_id', '=', contractId)
        .where('time_entries.status', 'in', billableStatuses)
        .where('time_entries.billable', '=', 1);
    const current = base()
      .where('time_entries.entry_date', '>=', from)
      .where('time_entries.entry_date', '<=', asOf);
    const query =
      cutoff === null
        ? current
        : current.unionAll(
            base()
              .where('time_entries.entry_date', '<', from)
              .where((eb) =>
                eb(eb.fn.coalesce('time_entries.approved_at', 'time_entries.created_at'), '>', cutoff),
              ),
          );
    return query.execute() as Promise<LedgerRow[]>;
  },

  /** Billed minutes per calendar month, the twelve months up to `asOf` (months with none left out). */
  async usageByMonth(
    db: DbOrTrx,
    contractId: number,
    asOf: string,
  ): Promise<{ month: string; minutes: number }[]> {
    const [y, m] = asOf.split('-').map(Number) as [number, number];
    const first = new Date(Date.UTC(y, m - 12, 1)).toISOString().slice(0, 10);
    const month = sql<string>`substr(${sql.ref('entry_date')}, 1, 7)`;
    const rows = await db
      .selectFrom('time_entries')
      .select([month.as('month'), (eb) => eb.fn.sum<number>('billed_minutes').as('minutes')])
      .where('contract_id', '=', contractId)
      .where('status', 'in', billableStatuses)
      .where('billable', '=', 1)
      .where('entry_date', '>=', first)
      .where('entry_date', '<=', asOf)
      .groupBy(month)
      .orderBy(month)
      .execute();
    return rows.map((r) => ({ month: r.month, minutes: Number(r.minutes) }));
  },

  /** Writes a close once: false when another close got there first (the unique key). */
  async insertClose(
    db: DbOrTrx,
    row: {
      contract_id: number;
      client_id: number;
      period_start: string;
      period_end: string;
      purchased_minutes: number;
      rolled_over_in_minutes: number;
      carried_in_minutes: number;
      used_minutes: number;
      drawn_minutes: number;
      overage_minutes: number;
      rolled_over_out_minutes: number;
      carried_out_minutes: number;
      expired_minutes: number;
      overage_amount_minor: number;
      currency: string;
      detail: string;
      closed_at: string;
    },
  ): Promise<boolean> {
    const inserted = await db
      .insertInto('bank_periods')
      .values(row)
      .onConflict((oc) => oc.columns(['contract_id', 'period_start']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  },
});
