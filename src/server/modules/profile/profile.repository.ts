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

  /** The contact a staff user previews, read-only. */
  previewedContact(db: DbOrTrx, clientId: number, contactId: number) {
    return db
      .selectFrom('contacts')
      .select(['name', 'email', 'phone', 'mobile'])
      .where('id', '=', contactId)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
  },

  async updateAccountName(db: DbOrTrx, accountId: number, name: string, at: string): Promise<void> {
    await db.updateTable('accounts').set({ name, updated_at: at }).where('id', '=', accountId).execute();
  },

  async updateOwnContact(
    db: DbOrTrx,
    scope: { clientId: number; contactId: number },
    values: { name?: string; phone?: string | null; mobile?: string | null },
    at: string,
  ): Promise<void> {
    await db
      .updateTable('contacts')
      .set({ ...values, updated_at: at })
      .where('id', '=', scope.contactId)
      .where('client_id', '=', scope.clientId)
      .execute();
  },

  async setNotificationPrefs(db: DbOrTrx, accountId: number, prefs: string, at: string): Promise<void> {
    await db
      .updateTable('accounts')
      .set({ notification_prefs: prefs, updated_at: at })
      .where('id', '=', accountId)
      .execute();
  },

  async emailTakenByOther(db: DbOrTrx, email: string, accountId: number): Promise<boolean> {
    const row = await db
      .selectFrom('accounts')
      .select('id')
      .where('email', '=', email)
      .where('id', '!=', accountId)
      .executeTakeFirst();
    return row !== undefined;
  },

  /** One pending change at a time: a new request replaces any earlier link. */
  async startEmailChange(
    db: DbOrTrx,
    row: { tokenHash: string; accountId: number; email: string; expiresAt: string; at: string },
  ): Promise<void> {
    await db
      .deleteFrom('auth_tokens')
      .where('kind', '=', 'email-change')
      .where('account_id', '=', row.accountId)
      .where('used_at', 'is', null)
      .execute();
    await db
      .insertInto('auth_tokens')
      .values({
        id: row.tokenHash,
        kind: 'email-change',
        account_id: row.accountId,
        contact_id: null,
        data: JSON.stringify({ email: row.email }),
        expires_at: row.expiresAt,
        used_at: null,
        created_by: row.accountId,
        created_at: row.at,
      })
      .execute();
    await db
      .updateTable('accounts')
      .set({ pending_email: row.email, updated_at: row.at })
      .where('id', '=', row.accountId)
      .execute();
  },

  /** Spends the link, once, if it is unused and unexpired. */
  consumeEmailChange(db: DbOrTrx, tokenHash: string, now: string) {
    return db
      .updateTable('auth_tokens')
      .set({ used_at: now })
      .where('id', '=', tokenHash)
      .where('kind', '=', 'email-change')
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['account_id', 'data'])
      .executeTakeFirst();
  },

  async applyEmail(db: DbOrTrx, accountId: number, email: string, at: string): Promise<void> {
    await db
      .updateTable('accounts')
      .set({ email, pending_email: null, updated_at: at })
      .where('id', '=', accountId)
      .execute();
  },

  async setContactEmail(db: DbOrTrx, contactId: number, email: string, at: string): Promise<void> {
    await db.updateTable('contacts').set({ email, updated_at: at }).where('id', '=', contactId).execute();
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
