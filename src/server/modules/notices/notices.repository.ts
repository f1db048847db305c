import type { DbOrTrx } from '../../platform/db/db.ts';
import type { Cursor } from '../../platform/pagination.ts';

export interface NoticeRow {
  id: number;
  kind: string;
  params: string;
  link: string | null;
  created_at: string;
  read_at: string | null;
}

export interface NewNotice {
  account_id: number;
  client_id: number | null;
  kind: string;
  params: string;
  link: string | null;
  created_at: string;
}

const columns = ['id', 'kind', 'params', 'link', 'created_at', 'read_at'] as const;

/**
 * Every read and write names the recipient account: a person reaches only their own notices, whatever
 * else the access layer's client filter would let through (a colleague's).
 */
export const noticesRepository = Object.freeze({
  async insertMany(db: DbOrTrx, rows: readonly NewNotice[]): Promise<void> {
    if (!rows.length) return;
    await db
      .insertInto('notices')
      .values([...rows])
      .execute();
  },

  /** Newest first, keyset on id (notices_account_idx). */
  page(
    db: DbOrTrx,
    accountId: number,
    options: { cursor: Cursor | null; limit: number; unread: boolean },
  ): Promise<NoticeRow[]> {
    let q = db.selectFrom('notices').select(columns).where('account_id', '=', accountId);
    if (options.unread) q = q.where('read_at', 'is', null);
    if (options.cursor) q = q.where('id', '<', options.cursor.id);
    return q
      .orderBy('id', 'desc')
      .limit(options.limit + 1)
      .execute();
  },

  async unreadCount(db: DbOrTrx, accountId: number): Promise<number> {
    const row = await db
      .selectFrom('notices')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('account_id', '=', accountId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  },

  /** The ids among `ids` that are this account's notices. */
  own(db: DbOrTrx, accountId: number, ids: readonly number[]): Promise<{ id: number }[]> {
    return db
      .selectFrom('notices')
      .select('id')
      .where('account_id', '=', accountId)
      .where('id', 'in', [...ids])
      .execute();
  },

  byId(db: DbOrTrx, accountId: number, id: number): Promise<NoticeRow | undefined> {
    return db
      .selectFrom('notices')
      .select(columns)
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  async markRead(db: DbOrTrx, accountId: number, id: number, at: string): Promise<void> {
    await db
      .updateTable('notices')
      .set({ read_at: at })
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .where('read_at', 'is', null)
      .execute();
  },

  async markAllRead(db: DbOrTrx, accountId: number, at: string): Promise<number> {
    const result = await db
      .updateTable('notices')
      .set({ read_at: at })
      .where('account_id', '=', accountId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },
});
