import type { DbOrTrx } from '../../platform/db/db.ts';
import { prepared } from '../../platform/db/prepared.ts';
import { type AccountRow, accountQuery } from './accounts.repository.ts';

export interface SessionRow extends AccountRow {
  session_id: string;
  preview_contact_id: number | null;
  remember: number;
  last_seen_at: string;
  idle_expires_at: string;
  absolute_expires_at: string;
}

const sessionQuery = prepared((db: DbOrTrx, sessionId: string) =>
  accountQuery(db)
    .innerJoin('sessions as s', 's.account_id', 'a.id')
    .select([
      's.id as session_id',
      's.remember',
      's.last_seen_at',
      's.idle_expires_at',
      's.absolute_expires_at',
      's.preview_contact_id',
    ])
    .where('s.id', '=', sessionId),
);

/** Sessions, each keyed by the SHA-256 of its cookie token. */
export const sessionsRepository = Object.freeze({
  /** The session behind every request, with its account: compiled once (see prepared()). */
  async find(db: DbOrTrx, sessionId: string): Promise<SessionRow | undefined> {
    return (await sessionQuery(db, sessionId))[0];
  },

  async insert(
    db: DbOrTrx,
    row: {
      id: string;
      account_id: number;
      remember: number;
      created_at: string;
      idle_expires_at: string;
      absolute_expires_at: string;
      ip: string;
      user_agent: string;
      preview_contact_id?: number | null;
    },
  ): Promise<void> {
    await db
      .insertInto('sessions')
      .values({ ...row, last_seen_at: row.created_at })
      .execute();
  },

  async touch(db: DbOrTrx, sessionId: string, lastSeenAt: string, idleExpiresAt: string): Promise<void> {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: lastSeenAt, idle_expires_at: idleExpiresAt })
      .where('id', '=', sessionId)
      .execute();
  },

  async delete(db: DbOrTrx, sessionId: string): Promise<void> {
    await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
  },

  /** Ends every session of an account but the one kept (a password reset or accepted invitation). */
  async deleteForAccount(db: DbOrTrx, accountId: number, exceptSessionId?: string): Promise<number> {
    let query = db.deleteFrom('sessions').where('account_id', '=', accountId);
    if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows);
  },

  /** Sessions end at once when a contact's login is disabled; actor resolution would refuse them anyway. */
  async deleteForContact(db: DbOrTrx, contactId: number) {
    await db
      .deleteFrom('sessions')
      .where('account_id', 'in', (eb) =>
        eb.selectFrom('accounts').select('accounts.id').where('accounts.contact_id', '=', contactId),
      )
      .execute();
  },

  async deleteExpired(db: DbOrTrx, now: string): Promise<number> {
    const result = await db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('absolute_expires_at', '<=', now), eb('idle_expires_at', '<=', now)]))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },

  listForAccount(db: DbOrTrx, accountId: number, now: string) {
    return db
      .selectFrom('sessions')
      .select(['id', 'created_at', 'last_seen_at', 'ip', 'user_agent', 'remember'])
      .where('account_id', '=', accountId)
      .where('preview_contact_id', 'is', null)
      .where('absolute_expires_at', '>', now)
      .where('idle_expires_at', '>', now)
      .orderBy('last_seen_at', 'desc')
      .orderBy('id')
      .limit(200)
      .execute();
  },

  async deleteOfAccount(db: DbOrTrx, accountId: number, sessionId: string): Promise<boolean> {
    const result = await db
      .deleteFrom('sessions')
      .where('id', '=', sessionId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  },
});
