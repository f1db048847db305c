import type { DbOrTrx } from '../../platform/db/db.ts';

/** What auth reads beyond the identity module's accounts and sessions. */
export const authRepository = Object.freeze({
  /** A contact as a portal actor, for a staff preview (the contact may have no login of its own). */
  findContactForPreview(db: DbOrTrx, contactId: number) {
    return db
      .selectFrom('contacts as c')
      .innerJoin('clients as cl', 'cl.id', 'c.client_id')
      .leftJoin('accounts as a', 'a.contact_id', 'c.id')
      .select([
        'c.id',
        'c.name',
        'c.email',
        'c.client_id',
        'cl.name as client_name',
        'c.presets',
        'c.switches',
        'a.email as login_email',
      ])
      .where('c.id', '=', contactId)
      .executeTakeFirst();
  },
});
