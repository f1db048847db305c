import { type Insertable, type Selectable, sql } from 'kysely';
import type { DbOrTrx } from '../../platform/db/db.ts';
import type { TicketRatingTable } from '../../platform/db/schema.ts';

export type RatingRow = Selectable<TicketRatingTable>;

/** A rating with the names its pages show. */
export type RatingWithNames = RatingRow & {
  rated_by_name: string | null;
  technician_name: string | null;
};

export type RatingListRow = RatingWithNames & { ticket_subject: string; client_name: string };

export interface RatingFilter {
  /** Inclusive, ISO instant. */
  from: string;
  /** Exclusive, ISO instant. */
  to: string;
  clientId?: number | undefined;
  technicianAccountId?: number | undefined;
  rating?: string | undefined;
}

export interface Tally {
  good: number;
  bad: number;
}

function withNames(db: DbOrTrx) {
  return db
    .selectFrom('ticket_ratings as r')
    .leftJoin('contacts as rc', 'rc.id', 'r.contact_id')
    .leftJoin('accounts as ra', 'ra.id', 'r.technician_account_id')
    .selectAll('r')
    .select(['rc.name as rated_by_name', 'ra.name as technician_name']);
}

function filtered(db: DbOrTrx, f: RatingFilter) {
  let q = db
    .selectFrom('ticket_ratings as r')
    .where('r.created_at', '>=', f.from)
    .where('r.created_at', '<', f.to);
  if (f.clientId !== undefined) q = q.where('r.client_id', '=', f.clientId);
  if (f.technicianAccountId !== undefined) q = q.where('r.technician_account_id', '=', f.technicianAccountId);
  if (f.rating !== undefined) q = q.where('r.rating', '=', f.rating);
  return q;
}

// Counts as integers on both databases (PostgreSQL's sum and count are bigint, read as strings).
const goodCount = sql<number>`cast(coalesce(sum(case when r.rating = 'good' then 1 else 0 end), 0) as integer)`;
const badCount = sql<number>`cast(coalesce(sum(case when r.rating = 'bad' then 1 else 0 end), 0) as integer)`;

/** The tickets module's ratings (ticket_ratings): one per ticket, written once. */
export const ratingsRepository = Object.freeze({
  forTicket(db: DbOrTrx, ticketId: number): Promise<RatingWithNames | undefined> {
    return withNames(db).where('r.ticket_id', '=', ticketId).executeTakeFirst();
  },

  async exists(db: DbOrTrx, ticketId: number): Promise<boolean> {
    const row = await db
      .selectFrom('ticket_ratings')
      .select('id')
      .where('ticket_id', '=', ticketId)
      .executeTakeFirst();
    return row !== undefined;
  },

  async insert(db: DbOrTrx, row: Insertable<TicketRatingTable>): Promise<number> {
    const { id } = await db
      .insertInto('ticket_ratings')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  },

  /** A page of ratings, newest first, after the cursor (created_at, id). */
  page(
    db: DbOrTrx,
    f: RatingFilter,
    after: { at: string; id: number } | null,
    limit: number,
  ): Promise<RatingListRow[]> {
    let q = filtered(db, f)
      .innerJoin('tickets as t', 't.id', 'r.ticket_id')
      .innerJoin('clients as c', 'c.id', 'r.client_id')
      .leftJoin('contacts as rc', 'rc.id', 'r.contact_id')
      .leftJoin('accounts as ra', 'ra.id', 'r.technician_account_id')
      .selectAll('r')
      .select([
        'rc.name as rated_by_name',
        'ra.name as technician_name',
        't.subject as ticket_subject',
        'c.name as client_name',
      ]);
    if (after) {
      q = q.where((eb) =>
        eb.or([
          eb('r.created_at', '<', after.at),
          eb.and([eb('r.created_at', '=', after.at), eb('r.id', '<', after.id)]),
        ]),
      );
    }
    return q.orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(limit).execute();
  },

  async total(db: DbOrTrx, f: RatingFilter): Promise<Tally> {
    const row = await filtered(db, f)
      .select([goodCount.as('good'), badCount.as('bad')])
      .executeTakeFirst();
    return { good: Number(row?.good ?? 0), bad: Number(row?.bad ?? 0) };
  },

  async byTechnician(
    db: DbOrTrx,
    f: RatingFilter,
  ): Promise<(Tally & { account_id: number | null; name: string | null })[]> {
    const rows = await filtered(db, f)
      .leftJoin('accounts as ra', 'ra.id', 'r.technician_account_id')
      .select([
        'r.technician_account_id as account_id',
        'ra.name as name',
        goodCount.as('good'),
        badCount.as('bad'),
      ])
      .groupBy(['r.technician_account_id', 'ra.name'])
      .execute();
    return rows.map((r) => ({ ...r, good: Number(r.good), bad: Number(r.bad) }));
  },

  async byClient(db: DbOrTrx, f: RatingFilter): Promise<(Tally & { client_id: number; name: string })[]> {
    const rows = await filtered(db, f)
      .innerJoin('clients as c', 'c.id', 'r.client_id')
      .select(['r.client_id as client_id', 'c.name as name', goodCount.as('good'), badCount.as('bad')])
      .groupBy(['r.client_id', 'c.name'])
      .execute();
    return rows.map((r) => ({ ...r, good: Number(r.good), bad: Number(r.bad) }));
  },
});
