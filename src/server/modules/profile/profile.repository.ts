import type { DbOrTrx } from '../../platform/db/db.ts';
import type { Cursor } from '../../platform/pagination.ts';

/** The actions that make up a person's sign-in history; each names the account as its target. */
export const signInActions = ['auth.login', 'auth.login_failed', 'auth.mfa_failed', 'auth.locked'] as const;

/**
 * A person's own profile. Every query is keyed by the signed-in account (and, for the contact row, by
 * the contact's client as well), so nobody reaches another person's record through it.
 */
export const profileRepository = Object.freeze({
  own(db: DbOrTrx, accountId: number) {
    return db
      .selectFrom('accounts as a')
      .leftJoin('contacts as c', 'c.id', 'a.contact_id')
      .select([
        'a.id',
        'a.kind',
        'a.name',
        'a.email',
        'a.pending_email',
        'a.password_changed_at',
        'a.notification_prefs',
        'a.contact_id',
        'c.phone',
        'c.mobile',
      ])
      .where('a.id', '=', accountId)
      .executeTakeFirst();
  },

  /** The person's locale choices with their client's (for contacts), to resolve what is in effect. */
  ownLocale(db: DbOrTrx, accountId: number) {
    return db
      .selectFrom('accounts as a')
      .leftJoin('contacts as c', 'c.id', 'a.contact_id')
      .leftJoin('clients as cl', 'cl.id', 'c.client_id')
      .select([
        'a.kind',
        'a.language as account_language',
        'a.time_zone as account_time_zone',
        'a.date_format as account_date_format',
        'c.language as contact_language',
        'c.time_zone as contact_time_zone',
        'c.date_format as contact_date_format',
        'cl.language as client_language',
        'cl.time_zone as client_time_zone',
        'cl.currency as client_currency',
      ])
      .where('a.id', '=', accountId)
      .executeTakeFirst();
  },

  /** The contact a staff user previews, read-only. */
  previewedContact(db: DbOrTrx, clientId: number, contactId: number) {
    return db
      .selectFrom('contacts')
      .select(['name', 'email', 'phone', 'mobile'])
      .where('id', '=', contactId)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
  },

  /** Newest first by id (ids grow with time); `limit + 1` rows so the caller can tell if more follow. */
  signIns(db: DbOrTrx, accountId: number, cursor: Cursor | null, limit: number) {
    let query = db
      .selectFrom('audit_events')
      .select(['id', 'at', 'action', 'ip', 'user_agent'])
      .where('target_type', '=', 'account')
      .where('target_id', '=', accountId)
      .where('action', 'in', [...signInActions])
      // A wrong code while setting up or switching off MFA is not a sign-in (those are recorded anonymously).
      .where((eb) => eb.or([eb('action', '!=', 'auth.mfa_failed'), eb('actor_kind', '=', 'anonymous')]));
    if (cursor) query = query.where('id', '<', cursor.id);
    return query
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
  },
});
