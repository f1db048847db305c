import type { DbOrTrx } from '../../platform/db/db.ts';
import { containsText } from './config.repository.ts';

/** Canned responses. */
export const cannedRepository = Object.freeze({
  /** Up to `limit` responses by title, those whose title or body contains `q` when it is given. */
  list(db: DbOrTrx, q: string | undefined, limit: number) {
    let select = db
      .selectFrom('canned_responses')
      .select(['id', 'title', 'body', 'updated_at'])
      .orderBy('title')
      .orderBy('id')
      .limit(limit);
    if (q) {
      select = select.where((eb) => eb.or([containsText('title', q), containsText('body', q)]));
    }
    return select.execute();
  },

  /** One response with its author's name. */
  detail(db: DbOrTrx, id: number) {
    return db
      .selectFrom('canned_responses as r')
      .leftJoin('accounts as a', 'a.id', 'r.created_by')
      .selectAll('r')
      .select('a.name as created_by_name')
      .where('r.id', '=', id)
      .executeTakeFirst();
  },

  find(db: DbOrTrx, id: number) {
    return db.selectFrom('canned_responses').selectAll().where('id', '=', id).executeTakeFirst();
  },

  findTitle(db: DbOrTrx, id: number) {
    return db.selectFrom('canned_responses').select(['id', 'title']).where('id', '=', id).executeTakeFirst();
  },

  async insert(
    db: DbOrTrx,
    row: { title: string; body: string; created_by: number; at: string },
  ): Promise<number> {
    const { at, ...values } = row;
    const { id } = await db
      .insertInto('canned_responses')
      .values({ ...values, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  },

  async update(
    db: DbOrTrx,
    id: number,
    values: { title?: string; body?: string },
    at: string,
  ): Promise<void> {
    await db
      .updateTable('canned_responses')
      .set({ ...values, updated_at: at })
      .where('id', '=', id)
      .execute();
  },
});
