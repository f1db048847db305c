import type { DbOrTrx } from '../../platform/db/db.ts';
import type { OrganisationTable } from '../../platform/db/schema.ts';

export const settingsRepository = Object.freeze({
  get(db: DbOrTrx): Promise<OrganisationTable | undefined> {
    return db.selectFrom('organisation').selectAll().where('id', '=', 1).executeTakeFirst();
  },

  async insert(db: DbOrTrx, settings: string, at: string): Promise<void> {
    await db
      .insertInto('organisation')
      .values({ id: 1, settings, logo_key: null, logo_type: null, created_at: at, updated_at: at })
      .execute();
  },

  async update(
    db: DbOrTrx,
    values: Partial<Pick<OrganisationTable, 'settings' | 'logo_key' | 'logo_type'>>,
    at: string,
  ): Promise<void> {
    await db
      .updateTable('organisation')
      .set({ ...values, updated_at: at })
      .where('id', '=', 1)
      .execute();
  },

  /** The ids among `ids` that are active staff accounts (alert recipients must be). */
  /** Every active staff member, by name: the few people an alert can go to (a provider's team). */
  activeStaff(db: DbOrTrx) {
    return db
      .selectFrom('accounts')
      .select(['id', 'name', 'email'])
      .where('kind', '=', 'staff')
      .where('status', '=', 'active')
      .orderBy('name')
      .orderBy('id')
      .limit(500)
      .execute();
  },

  async activeStaffIds(db: DbOrTrx, ids: readonly number[]): Promise<number[]> {
    if (!ids.length) return [];
    const rows = await db
      .selectFrom('accounts')
      .select('id')
      .where('kind', '=', 'staff')
      .where('status', '=', 'active')
      .where('id', 'in', [...ids])
      .execute();
    return rows.map((r) => r.id);
  },
});
