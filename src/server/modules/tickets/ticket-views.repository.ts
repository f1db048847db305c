import type { DbOrTrx } from '../../platform/db/db.ts';

export interface ViewRow {
  id: number;
  name: string;
  filters: string;
  created_at: string;
}

/** A staff member's saved queue views (ticket_views): each person's own. */
export const ticketViewsRepository = Object.freeze({
  /** The stored filters of one of the account's views. */
  filtersOf(db: DbOrTrx, viewId: number, accountId: number): Promise<{ filters: string } | undefined> {
    return db
      .selectFrom('ticket_views')
      .select('filters')
      .where('id', '=', viewId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
  },

  listOf(db: DbOrTrx, accountId: number): Promise<ViewRow[]> {
    return db
      .selectFrom('ticket_views')
      .select(['id', 'name', 'filters', 'created_at'])
      .where('account_id', '=', accountId)
      .orderBy('name')
      .orderBy('id')
      .execute();
  },

  insert(
    db: DbOrTrx,
    values: { account_id: number; name: string; filters: string; created_at: string },
  ): Promise<ViewRow> {
    return db
      .insertInto('ticket_views')
      .values(values)
      .returning(['id', 'name', 'filters', 'created_at'])
      .executeTakeFirstOrThrow();
  },

  /** Removes one of the account's views; the number of rows removed. */
  async remove(db: DbOrTrx, viewId: number, accountId: number): Promise<number> {
    const removed = await db
      .deleteFrom('ticket_views')
      .where('id', '=', viewId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return Number(removed.numDeletedRows);
  },
});
