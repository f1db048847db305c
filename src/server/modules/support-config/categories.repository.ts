import type { DbOrTrx } from '../../platform/db/db.ts';

/** Ticket categories. */
export const categoriesRepository = Object.freeze({
  /** Every category, in its order. */
  ordered(db: DbOrTrx) {
    return db
      .selectFrom('ticket_categories')
      .selectAll()
      .orderBy('position')
      .orderBy('name')
      .orderBy('id')
      .execute();
  },

  get(db: DbOrTrx, id: number) {
    return db.selectFrom('ticket_categories').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  },

  /** The category's id and name while it is in use (not archived), else undefined. */
  findActive(db: DbOrTrx, id: number) {
    return db
      .selectFrom('ticket_categories')
      .select(['id', 'name'])
      .where('id', '=', id)
      .where('archived_at', 'is', null)
      .executeTakeFirst();
  },

  async activeExists(db: DbOrTrx, id: number): Promise<boolean> {
    const found = await db
      .selectFrom('ticket_categories')
      .select('id')
      .where('id', '=', id)
      .where('archived_at', 'is', null)
      .executeTakeFirst();
    return found !== undefined;
  },

  /** The categories in use, in their order. */
  active(db: DbOrTrx) {
    return db
      .selectFrom('ticket_categories')
      .select(['id', 'name'])
      .where('archived_at', 'is', null)
      .orderBy('position')
      .orderBy('name')
      .orderBy('id')
      .execute();
  },

  async insert(db: DbOrTrx, row: { name: string; position: number; at: string }): Promise<number> {
    const { id } = await db
      .insertInto('ticket_categories')
      .values({ name: row.name, position: row.position, created_at: row.at, updated_at: row.at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  },

  async update(
    db: DbOrTrx,
    id: number,
    values: { name?: string; archived_at?: string | null },
    at: string,
  ): Promise<void> {
    await db
      .updateTable('ticket_categories')
      .set({ ...values, updated_at: at })
      .where('id', '=', id)
      .execute();
  },
});
