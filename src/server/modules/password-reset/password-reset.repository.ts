import type { DbOrTrx } from '../../platform/db/db.ts';

/** What a password reset reads beyond the identity module's accounts and tokens. */
export const passwordResetRepository = Object.freeze({
  /** A contact of one client with its login, for the staff-triggered password reset. */
  contactWithLogin(db: DbOrTrx, clientId: number, contactId: number) {
    return db
      .selectFrom('contacts as c')
      .leftJoin('accounts as a', 'a.contact_id', 'c.id')
      .select([
        'c.id',
        'c.name',
        'c.status',
        'a.id as account_id',
        'a.email as login_email',
        'a.status as account_status',
      ])
      .where('c.client_id', '=', clientId)
      .where('c.id', '=', contactId)
      .executeTakeFirst();
  },
});
