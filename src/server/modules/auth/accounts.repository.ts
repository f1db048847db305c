import type { DbOrTrx } from '../../platform/db/db.ts';

/** Staff users and contact logins share one accounts table; this is the one place that writes it. */
export const accountsRepository = Object.freeze({
  async insert(
    db: DbOrTrx,
    row: {
      kind: 'staff' | 'contact';
      email: string;
      name: string;
      password_hash: string | null;
      staff_role: string | null;
      contact_id: number | null;
      must_change_password: number;
      at: string;
    },
  ): Promise<number> {
    const { at, ...values } = row;
    const inserted = await db
      .insertInto('accounts')
      .values({ ...values, status: 'active', last_login_at: null, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  },

  async emailTaken(db: DbOrTrx, email: string): Promise<boolean> {
    const row = await db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirst();
    return row !== undefined;
  },
});
