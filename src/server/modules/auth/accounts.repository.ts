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

  /**
   * A new password from a reset link: it also ends a lockout and any "must change password" state,
   * since the person has just proved they read the account's email.
   */
  async resetPassword(db: DbOrTrx, accountId: number, passwordHash: string, at: string): Promise<void> {
    await db
      .updateTable('accounts')
      .set({
        password_hash: passwordHash,
        password_changed_at: at,
        must_change_password: 0,
        failed_attempts: 0,
        locked_until: null,
        updated_at: at,
      })
      .where('id', '=', accountId)
      .execute();
  },

  async emailTaken(db: DbOrTrx, email: string): Promise<boolean> {
    const row = await db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirst();
    return row !== undefined;
  },
});
