import type { DbOrTrx } from '../../platform/db/db.ts';

export const staffRepository = Object.freeze({
  async insert(
    db: DbOrTrx,
    row: {
      email: string;
      name: string;
      password_hash: string;
      staff_role: string;
      must_change_password: number;
      at: string;
    },
  ): Promise<number> {
    const inserted = await db
      .insertInto('accounts')
      .values({
        kind: 'staff',
        email: row.email,
        name: row.name,
        password_hash: row.password_hash,
        staff_role: row.staff_role,
        contact_id: null,
        status: 'active',
        must_change_password: row.must_change_password,
        last_login_at: null,
        created_at: row.at,
        updated_at: row.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  },

  async emailTaken(db: DbOrTrx, email: string): Promise<boolean> {
    const row = await db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirst();
    return row !== undefined;
  },
});
