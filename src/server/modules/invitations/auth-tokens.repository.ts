import type { DbOrTrx } from '../../platform/db/db.ts';
import type { AuthTokenKind } from '../../platform/db/schema.ts';

/**
 * Single-use tokens (invitations, password resets). Only the SHA-256 of a token is stored; a token
 * is spent by one conditional UPDATE, so two requests racing with the same token cannot both win.
 */
export const authTokensRepository = Object.freeze({
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
});
