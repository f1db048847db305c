import { type Insertable, type Selectable, sql } from 'kysely';
import type { DbOrTrx } from '../../platform/db/db.ts';
import type { OverageRequestTable } from '../../platform/db/schema.ts';

export type OverageRequestRow = Selectable<OverageRequestTable>;
export type OverageRequestWithNames = OverageRequestRow & { requested_by_name: string | null };

/** A ticket with what the overage check needs of its contract (null contract: none covers it). */
export interface TicketTerms {
  id: number;
  client_id: number;
  status: string;
  assignee_account_id: number | null;
  contract_id: number | null;
  bank_kind: string | null;
  currency: string | null;
  rate_minor: number | null;
  overage_rate_minor: number | null;
}

/** Counts as integers on both databases (PostgreSQL's sums are bigint, read as strings). */
const sumWhen = (condition: ReturnType<typeof sql>) =>
  sql<number>`cast(coalesce(sum(case when ${condition} then te.billed_minutes else 0 end), 0) as integer)`;

/**
 * The overage module's tables (ticket_estimates, overage_requests), and the reads of other modules'
 * rows the check needs (a ticket's contract, its time), joined here as the module rules allow.
 */
export const overageRepository = Object.freeze({
  async estimate(db: DbOrTrx, ticketId: number): Promise<number | null> {
    const row = await db
      .selectFrom('ticket_estimates')
      .select('minutes')
      .where('ticket_id', '=', ticketId)
      .executeTakeFirst();
    return row?.minutes ?? null;
  },

  async setEstimate(
    db: DbOrTrx,
    row: { ticket_id: number; minutes: number; set_by_account_id: number; updated_at: string },
  ): Promise<void> {
    await db
      .insertInto('ticket_estimates')
      .values(row)
      .onConflict((oc) =>
        oc.column('ticket_id').doUpdateSet({
          minutes: row.minutes,
          set_by_account_id: row.set_by_account_id,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  },

  async clearEstimate(db: DbOrTrx, ticketId: number): Promise<boolean> {
    const result = await db
      .deleteFrom('ticket_estimates')
      .where('ticket_id', '=', ticketId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  terms(db: DbOrTrx, ticketId: number): Promise<TicketTerms | undefined> {
    return db
      .selectFrom('tickets as t')
      .leftJoin('contracts as c', 'c.id', 't.contract_id')
      .select([
        't.id',
        't.client_id',
        't.status',
        't.assignee_account_id',
        'c.id as contract_id',
        'c.bank_kind',
        'c.currency',
        'c.rate_minor',
        'c.overage_rate_minor',
      ])
      .where('t.id', '=', ticketId)
      .executeTakeFirst();
  },

  /** The ticket's billable billed minutes: approved (or invoiced), and not yet approved (draft, submitted). */
  async billed(db: DbOrTrx, ticketId: number): Promise<{ approved: number; pending: number }> {
    const row = await db
      .selectFrom('time_entries as te')
      .select([
        sumWhen(sql`te.status in ('approved', 'invoiced')`).as('approved'),
        sumWhen(sql`te.status in ('draft', 'submitted')`).as('pending'),
      ])
      .where('te.ticket_id', '=', ticketId)
      .where('te.billable', '=', 1)
      .executeTakeFirst();
    return { approved: Number(row?.approved ?? 0), pending: Number(row?.pending ?? 0) };
  },

  /** The extra minutes approved requests on the ticket allow, in all. */
  async approvedExtra(db: DbOrTrx, ticketId: number): Promise<number> {
    const row = await db
      .selectFrom('overage_requests')
      .select(sql<number>`cast(coalesce(sum(extra_minutes), 0) as integer)`.as('minutes'))
      .where('ticket_id', '=', ticketId)
      .where('status', '=', 'approved')
      .executeTakeFirst();
    return Number(row?.minutes ?? 0);
  },

  pending(db: DbOrTrx, ticketId: number): Promise<OverageRequestRow | undefined> {
    return db
      .selectFrom('overage_requests')
      .selectAll()
      .where('ticket_id', '=', ticketId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
  },

  find(db: DbOrTrx, requestId: number): Promise<OverageRequestRow | undefined> {
    return db.selectFrom('overage_requests').selectAll().where('id', '=', requestId).executeTakeFirst();
  },

  /** The ticket's requests, newest first, with who asked. */
  history(db: DbOrTrx, ticketId: number, limit: number): Promise<OverageRequestWithNames[]> {
    return db
      .selectFrom('overage_requests as o')
      .leftJoin('accounts as a', 'a.id', 'o.requested_by_account_id')
      .selectAll('o')
      .select('a.name as requested_by_name')
      .where('o.ticket_id', '=', ticketId)
      .orderBy('o.requested_at', 'desc')
      .orderBy('o.id', 'desc')
      .limit(limit)
      .execute();
  },

  async withdraw(db: DbOrTrx, requestId: number, at: string): Promise<void> {
    await db
      .updateTable('overage_requests')
      .set({ status: 'withdrawn', withdrawn_at: at })
      .where('id', '=', requestId)
      .where('status', '=', 'pending')
      .execute();
  },

  async insert(db: DbOrTrx, row: Insertable<OverageRequestTable>): Promise<number> {
    const { id } = await db
      .insertInto('overage_requests')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  },

  /** Records the decision on a pending request; false when it is no longer pending (nothing changed). */
  async decide(
    db: DbOrTrx,
    requestId: number,
    values: {
      status: 'approved' | 'refused';
      decided_by_contact_id: number;
      decided_by_name: string;
      decided_at: string;
      decided_ip: string;
      comment: string | null;
    },
  ): Promise<boolean> {
    const result = await db
      .updateTable('overage_requests')
      .set(values)
      .where('id', '=', requestId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  /** The client's active contacts with an active portal login: who may be asked (the service filters by permission). */
  portalContacts(db: DbOrTrx, clientId: number) {
    return db
      .selectFrom('contacts as c')
      .innerJoin('accounts as a', 'a.contact_id', 'c.id')
      .select(['c.id as contact_id', 'c.name', 'c.presets', 'c.switches', 'a.id as account_id', 'a.email'])
      .where('c.client_id', '=', clientId)
      .where('c.status', '=', 'active')
      .where('a.status', '=', 'active')
      .orderBy('c.id')
      .execute();
  },
});
