import type { DbOrTrx } from '../../platform/db/db.ts';
import type { AuthTokenKind } from '../../platform/db/schema.ts';

/**
 * Single-use tokens: invitations, password resets, email changes and the code step of a sign-in.
 * Only the SHA-256 of a token is stored; a token is spent by one conditional UPDATE, so two requests
 * racing with the same token cannot both win.
 */
export const tokensRepository = Object.freeze({
  async insert(
    db: DbOrTrx,
    row: {
      id: string;
      kind: AuthTokenKind;
      account_id: number | null;
      contact_id: number | null;
      expires_at: string;
      created_by: number | null;
      created_at: string;
      /** JSON: what the token was issued for (the address an invitation went to). */
      data?: string;
    },
  ): Promise<void> {
    await db
      .insertInto('auth_tokens')
      .values({ ...row, used_at: null })
      .execute();
  },

  find(db: DbOrTrx, kind: AuthTokenKind, hash: string) {
    return db
      .selectFrom('auth_tokens')
      .select(['id', 'account_id', 'contact_id', 'expires_at', 'used_at', 'data'])
      .where('id', '=', hash)
      .where('kind', '=', kind)
      .executeTakeFirst();
  },

  /** Marks the token used if it is unused and unexpired; returns it only to the one caller that did. */
  consume(db: DbOrTrx, kind: AuthTokenKind, hash: string, now: string) {
    return db
      .updateTable('auth_tokens')
      .set({ used_at: now })
      .where('id', '=', hash)
      .where('kind', '=', kind)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['id', 'account_id', 'contact_id', 'data'])
      .executeTakeFirst();
  },

  /** Only the newest invitation of a contact works: older unused ones are removed when it is sent. */
  async deleteUnusedForContact(db: DbOrTrx, kind: AuthTokenKind, contactId: number): Promise<void> {
    await db
      .deleteFrom('auth_tokens')
      .where('kind', '=', kind)
      .where('contact_id', '=', contactId)
      .where('used_at', 'is', null)
      .execute();
  },

  async deleteUnusedForAccount(db: DbOrTrx, kind: AuthTokenKind, accountId: number): Promise<void> {
    await db
      .deleteFrom('auth_tokens')
      .where('kind', '=', kind)
      .where('account_id', '=', accountId)
      .where('used_at', 'is', null)
      .execute();
  },

  // --- The code step of a sign-in ---------------------------------------------------------------

  async insertChallenge(
    db: DbOrTrx,
    row: { id: string; account_id: number; data: string; expires_at: string; created_at: string },
  ): Promise<void> {
    await db
      .insertInto('auth_tokens')
      .values({ ...row, kind: 'mfa-challenge', contact_id: null, used_at: null, created_by: null })
      .execute();
  },

  /**
   * Counts one code against a live challenge, atomically, before the code is checked. Undefined when
   * the challenge is unknown, used, expired or out of attempts.
   */
  reserveChallengeAttempt(db: DbOrTrx, id: string, now: string, maxAttempts: number) {
    return db
      .updateTable('auth_tokens')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .where('kind', '=', 'mfa-challenge')
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .where('attempts', '<', maxAttempts)
      .returning(['account_id', 'data', 'attempts'])
      .executeTakeFirst();
  },

  /** Spends the challenge; true only for the one request that did. */
  async consumeChallenge(db: DbOrTrx, id: string, now: string): Promise<boolean> {
    const result = await db
      .updateTable('auth_tokens')
      .set({ used_at: now })
      .where('id', '=', id)
      .where('kind', '=', 'mfa-challenge')
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async deleteDeadChallenges(db: DbOrTrx, now: string): Promise<void> {
    await db
      .deleteFrom('auth_tokens')
      .where('kind', '=', 'mfa-challenge')
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb('used_at', 'is not', null)]))
      .execute();
  },

  // --- An email change, confirmed by a link to the new address ---------------------------------

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
});
