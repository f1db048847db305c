import type { StaffRole } from '../../../shared/permissions.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';

/** Reads of what support configuration refers to but does not own: clients and staff accounts. */
export const referencesRepository = Object.freeze({
  /** Which of these ids are active staff accounts in one of `roles`. */
  async activeStaffIn(db: DbOrTrx, ids: readonly number[], roles: readonly StaffRole[]): Promise<number[]> {
    const rows = await db
      .selectFrom('accounts')
      .select('id')
      .where('id', 'in', [...ids])
      .where('kind', '=', 'staff')
      .where('status', '=', 'active')
      .where('staff_role', 'in', [...roles])
      .execute();
    return rows.map((r) => r.id);
  },

  async clientExists(db: DbOrTrx, clientId: number): Promise<boolean> {
    const found = await db.selectFrom('clients').select('id').where('id', '=', clientId).executeTakeFirst();
    return found !== undefined;
  },

  /** A client's sites, by label (what a new ticket may name). */
  clientSites(db: DbOrTrx, clientId: number): Promise<{ id: number; label: string }[]> {
    return db
      .selectFrom('client_sites')
      .select(['id', 'label'])
      .where('client_id', '=', clientId)
      .orderBy('label')
      .orderBy('id')
      .execute();
  },

  async activeClientExists(db: DbOrTrx, clientId: number): Promise<boolean> {
    const found = await db
      .selectFrom('clients')
      .select('id')
      .where('id', '=', clientId)
      .where('archived_at', 'is', null)
      .executeTakeFirst();
    return found !== undefined;
  },
});
