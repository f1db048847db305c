import type { DbOrTrx } from '../../platform/db/db.ts';
import type { Cursor } from '../../platform/pagination.ts';

export interface WorkTypeValues {
  name: string;
  rate_minor: number | null;
  currency: string | null;
  billable: number;
  active: number;
}

export interface WorkTypeRow extends WorkTypeValues {
  id: number;
  created_at: string;
  updated_at: string;
}

/** What an entry on a ticket needs to know of it: its client, its contract's billing terms. */
export interface TicketTerms {
  id: number;
  subject: string;
  status: string;
  client_id: number;
  client_currency: string;
  contract_id: number | null;
  contract_currency: string | null;
  contract_rate_minor: number | null;
  rounding_increment: number | null;
  rounding_minimum: number | null;
  rounding_direction: string | null;
}

export interface EntryValues {
  ticket_id: number;
  client_id: number;
  contract_id: number | null;
  account_id: number;
  work_type_id: number | null;
  entry_date: string;
  started_at: string | null;
  actual_minutes: number;
  billed_minutes: number;
  billable: number;
  rate_minor: number | null;
  currency: string | null;
  amount_minor: number | null;
  rate_source: string | null;
  note: string;
  status: string;
  reverses_id: number | null;
}

/** An entry with the names shown beside it. */
export interface EntryRow extends EntryValues {
  id: number;
  ticket_subject: string;
  client_name: string;
  account_name: string;
  work_type_name: string | null;
  approved_at: string | null;
  approved_by: number | null;
  approved_by_name: string | null;
  reversed_by_id: number | null;
  submitted_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface EntryFilter {
  accountId?: number | undefined;
  ticketId?: number | undefined;
  statuses?: readonly string[] | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export interface TimerRow {
  id: number;
  account_id: number;
  ticket_id: number;
  ticket_subject: string;
  client_id: number;
  work_type_id: number | null;
  note: string;
  started_at: string;
}

function entryQuery(db: DbOrTrx) {
  return db
    .selectFrom('time_entries as e')
    .innerJoin('tickets', 'tickets.id', 'e.ticket_id')
    .innerJoin('clients', 'clients.id', 'e.client_id')
    .innerJoin('accounts as author', 'author.id', 'e.account_id')
    .leftJoin('work_types', 'work_types.id', 'e.work_type_id')
    .leftJoin('accounts as approver', 'approver.id', 'e.approved_by')
    .leftJoin('time_entries as r', 'r.reverses_id', 'e.id')
    .selectAll('e')
    .select([
      'tickets.subject as ticket_subject',
      'clients.name as client_name',
      'author.name as account_name',
      'work_types.name as work_type_name',
      'approver.name as approved_by_name',
      'r.id as reversed_by_id',
    ]);
}

function filtered<Q extends ReturnType<typeof entryQuery>>(q: Q, f: EntryFilter): Q {
  let out = q;
  if (f.accountId !== undefined) out = out.where('e.account_id', '=', f.accountId) as Q;
  if (f.ticketId !== undefined) out = out.where('e.ticket_id', '=', f.ticketId) as Q;
  if (f.statuses?.length) out = out.where('e.status', 'in', [...f.statuses]) as Q;
  if (f.from !== undefined) out = out.where('e.entry_date', '>=', f.from) as Q;
  if (f.to !== undefined) out = out.where('e.entry_date', '<=', f.to) as Q;
  return out;
}

/** Work types, time entries and timers. All of the module's SQL. */
export const timeRepository = Object.freeze({
  // ---- Work types ----
  listWorkTypes(db: DbOrTrx): Promise<WorkTypeRow[]> {
    return db.selectFrom('work_types').selectAll().orderBy('name').orderBy('id').execute() as Promise<
      WorkTypeRow[]
    >;
  },

  findWorkType(db: DbOrTrx, workTypeId: number): Promise<WorkTypeRow | undefined> {
    return db.selectFrom('work_types').selectAll().where('id', '=', workTypeId).executeTakeFirst() as Promise<
      WorkTypeRow | undefined
    >;
  },

  async insertWorkType(db: DbOrTrx, values: WorkTypeValues, at: string): Promise<number> {
    const row = await db
      .insertInto('work_types')
      .values({ ...values, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  async updateWorkType(db: DbOrTrx, workTypeId: number, values: Partial<WorkTypeValues>, at: string) {
    await db
      .updateTable('work_types')
      .set({ ...values, updated_at: at })
      .where('id', '=', workTypeId)
      .execute();
  },

  // ---- Tickets and their contracts (read only) ----
  /** The ticket's client and the billing terms of the contract it runs under (contracts' columns, read). */
  ticketTerms(db: DbOrTrx, ticketId: number): Promise<TicketTerms | undefined> {
    return db
      .selectFrom('tickets')
      .innerJoin('clients', 'clients.id', 'tickets.client_id')
      .leftJoin('contracts', 'contracts.id', 'tickets.contract_id')
      .select([
        'tickets.id',
        'tickets.subject',
        'tickets.status',
        'tickets.client_id',
        'clients.currency as client_currency',
        'contracts.id as contract_id',
        'contracts.currency as contract_currency',
        'contracts.rate_minor as contract_rate_minor',
        'contracts.rounding_increment',
        'contracts.rounding_minimum',
        'contracts.rounding_direction',
      ])
      .where('tickets.id', '=', ticketId)
      .executeTakeFirst() as Promise<TicketTerms | undefined>;
  },

  // ---- Entries ----
  async insertEntry(db: DbOrTrx, values: EntryValues, at: string, extra: Partial<ApprovalValues> = {}) {
    const row = await db
      .insertInto('time_entries')
      .values({ ...values, ...extra, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  async updateEntry(db: DbOrTrx, entryId: number, values: Partial<EntryValues & ApprovalValues>, at: string) {
    await db
      .updateTable('time_entries')
      .set({ ...values, updated_at: at })
      .where('id', '=', entryId)
      .execute();
  },

  /**
   * Move entries from one status to another in one statement, only those still in `from`: returns how
   * many moved, so a caller can refuse the lot (and roll back) when one had moved meanwhile.
   */
  async moveAll(
    db: DbOrTrx,
    entryIds: readonly number[],
    from: string,
    values: Partial<EntryValues & ApprovalValues>,
    at: string,
  ): Promise<number> {
    const result = await db
      .updateTable('time_entries')
      .set({ ...values, updated_at: at })
      .where('id', 'in', [...entryIds])
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  async deleteEntry(db: DbOrTrx, entryId: number) {
    await db.deleteFrom('time_entries').where('id', '=', entryId).execute();
  },

  findEntry(db: DbOrTrx, entryId: number): Promise<EntryRow | undefined> {
    return entryQuery(db).where('e.id', '=', entryId).executeTakeFirst() as Promise<EntryRow | undefined>;
  },

  findEntries(db: DbOrTrx, entryIds: readonly number[]): Promise<EntryRow[]> {
    if (entryIds.length === 0) return Promise.resolve([]);
    return entryQuery(db)
      .where('e.id', 'in', [...entryIds])
      .orderBy('e.id')
      .execute() as Promise<EntryRow[]>;
  },

  /** Entries, newest day first, then newest id: one keyset page (limit + 1 rows). */
  listEntries(db: DbOrTrx, f: EntryFilter, cursor: Cursor | null, limit: number): Promise<EntryRow[]> {
    let q = filtered(entryQuery(db), f);
    if (cursor && typeof cursor.k === 'string') {
      const k = cursor.k;
      q = q.where((eb) =>
        eb.or([eb('e.entry_date', '<', k), eb.and([eb('e.entry_date', '=', k), eb('e.id', '<', cursor.id)])]),
      );
    }
    return q
      .orderBy('e.entry_date', 'desc')
      .orderBy('e.id', 'desc')
      .limit(limit + 1)
      .execute() as Promise<EntryRow[]>;
  },

  /** The actual and billed minutes of every entry the filter matches (not only one page). */
  async totals(db: DbOrTrx, f: EntryFilter): Promise<{ actual: number; billed: number }> {
    let q = db
      .selectFrom('time_entries as e')
      .select((eb) => [
        eb.fn.coalesce(eb.fn.sum<number>('e.actual_minutes'), eb.lit(0)).as('actual'),
        eb.fn.coalesce(eb.fn.sum<number>('e.billed_minutes'), eb.lit(0)).as('billed'),
      ]);
    if (f.accountId !== undefined) q = q.where('e.account_id', '=', f.accountId);
    if (f.ticketId !== undefined) q = q.where('e.ticket_id', '=', f.ticketId);
    if (f.statuses?.length) q = q.where('e.status', 'in', [...f.statuses]);
    if (f.from !== undefined) q = q.where('e.entry_date', '>=', f.from);
    if (f.to !== undefined) q = q.where('e.entry_date', '<=', f.to);
    const row = await q.executeTakeFirstOrThrow();
    return { actual: Number(row.actual), billed: Number(row.billed) };
  },

  // ---- Timers ----
  timerOf(db: DbOrTrx, accountId: number): Promise<TimerRow | undefined> {
    return db
      .selectFrom('time_timers')
      .innerJoin('tickets', 'tickets.id', 'time_timers.ticket_id')
      .selectAll('time_timers')
      .select('tickets.subject as ticket_subject')
      .where('time_timers.account_id', '=', accountId)
      .executeTakeFirst();
  },

  async insertTimer(
    db: DbOrTrx,
    values: {
      account_id: number;
      ticket_id: number;
      client_id: number;
      work_type_id: number | null;
      note: string;
      started_at: string;
    },
  ) {
    await db.insertInto('time_timers').values(values).execute();
  },

  /** Removes the person's timer; returns whether there was one (two stops at once: one wins). */
  async deleteTimer(db: DbOrTrx, timerId: number): Promise<boolean> {
    const result = await db.deleteFrom('time_timers').where('id', '=', timerId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },
});

export interface ApprovalValues {
  submitted_at: string | null;
  approved_at: string | null;
  approved_by: number | null;
  invoiced_at: string | null;
}
