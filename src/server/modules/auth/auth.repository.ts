import type { DbOrTrx } from '../../platform/db/db.ts';
import { prepared } from '../../platform/db/prepared.ts';

/** An account with what is needed to build its actor, read in one query. */
export interface AccountRow {
  id: number;
  kind: 'staff' | 'contact';
  email: string;
  name: string;
  password_hash: string | null;
  staff_role: string | null;
  status: 'active' | 'disabled';
  contact_id: number | null;
  client_id: number | null;
  client_name: string | null;
  client_portal_enabled: number | null;
  client_archived_at: string | null;
  presets: string | null;
  switches: string | null;
  must_change_password: number;
  mfa_enabled_at: string | null;
  locked_until: string | null;
  /** JSON array of CIDR ranges the client's contacts must sign in from; '[]' (or null for staff) means any. */
  client_ip_allowlist: string | null;
  client_require_mfa: number | null;
}

export interface SessionRow extends AccountRow {
  session_id: string;
  preview_contact_id: number | null;
  remember: number;
  last_seen_at: string;
  idle_expires_at: string;
  absolute_expires_at: string;
}

function accountQuery(db: DbOrTrx) {
  return db
    .selectFrom('accounts as a')
    .leftJoin('contacts as c', 'c.id', 'a.contact_id')
    .leftJoin('clients as cl', 'cl.id', 'c.client_id')
    .select([
      'a.id',
      'a.kind',
      'a.email',
      'a.name',
      'a.password_hash',
      'a.staff_role',
      'a.status',
      'a.contact_id',
      'c.client_id',
      'cl.name as client_name',
      'cl.portal_enabled as client_portal_enabled',
      'cl.archived_at as client_archived_at',
      'c.presets',
      'c.switches',
      'a.must_change_password',
      'a.mfa_enabled_at',
      'a.locked_until',
      'cl.ip_allowlist as client_ip_allowlist',
      'cl.require_mfa as client_require_mfa',
    ]);
}

const accountById = prepared((db: DbOrTrx, id: number) => accountQuery(db).where('a.id', '=', id));

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

export const authRepository = Object.freeze({
  findAccountByEmail(db: DbOrTrx, email: string): Promise<AccountRow | undefined> {
    return accountQuery(db).where('a.email', '=', email).executeTakeFirst();
  },

  /** Read for every GET /me (each page load): compiled once (see prepared()). */
  async findAccountById(db: DbOrTrx, id: number): Promise<AccountRow | undefined> {
    return (await accountById(db, id))[0];
  },

  /** The session behind every request, with its account: compiled once (see prepared()). */
  async findSession(db: DbOrTrx, sessionId: string): Promise<SessionRow | undefined> {
    return (await sessionQuery(db, sessionId))[0];
  },

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

  async insertSession(
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

  async touchSession(
    db: DbOrTrx,
    sessionId: string,
    lastSeenAt: string,
    idleExpiresAt: string,
  ): Promise<void> {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: lastSeenAt, idle_expires_at: idleExpiresAt })
      .where('id', '=', sessionId)
      .execute();
  },

  async deleteSession(db: DbOrTrx, sessionId: string): Promise<void> {
    await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
  },

  /** Ends every session of an account but the one kept (a password reset or accepted invitation). */
  async deleteSessionsForAccount(db: DbOrTrx, accountId: number, exceptSessionId?: string): Promise<number> {
    let query = db.deleteFrom('sessions').where('account_id', '=', accountId);
    if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows);
  },

  async deleteExpiredSessions(db: DbOrTrx, now: string): Promise<number> {
    const result = await db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('absolute_expires_at', '<=', now), eb('idle_expires_at', '<=', now)]))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },

  async recordLogin(db: DbOrTrx, accountId: number, at: string): Promise<void> {
    await db.updateTable('accounts').set({ last_login_at: at }).where('id', '=', accountId).execute();
  },

  /**
   * Counts an attempt before the password (or code) is checked, in one atomic UPDATE, so parallel
   * guesses cannot all slip in before the lock. Returns the new count, or undefined while locked.
   */
  async reserveAttempt(db: DbOrTrx, accountId: number, now: string): Promise<number | undefined> {
    const row = await db
      .updateTable('accounts')
      .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
      .where('id', '=', accountId)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .returning('failed_attempts')
      .executeTakeFirst();
    return row?.failed_attempts;
  },

  /** Gives a reserved attempt back: it turned out right, but the sign-in is not finished yet. */
  async releaseAttempt(db: DbOrTrx, accountId: number): Promise<void> {
    await db
      .updateTable('accounts')
      .set((eb) => ({
        failed_attempts: eb
          .case()
          .when('failed_attempts', '>', 0)
          .then(eb('failed_attempts', '-', 1))
          .else(0)
          .end(),
      }))
      .where('id', '=', accountId)
      .execute();
  },

  async resetAttempts(db: DbOrTrx, accountId: number): Promise<void> {
    await db
      .updateTable('accounts')
      .set({ failed_attempts: 0, locked_until: null })
      .where('id', '=', accountId)
      .execute();
  },

  /** Locks the account until `until` unless it is locked already; true for the one caller that locked it. */
  async lock(db: DbOrTrx, accountId: number, until: string, now: string): Promise<boolean> {
    const result = await db
      .updateTable('accounts')
      .set({ locked_until: until, failed_attempts: 0 })
      .where('id', '=', accountId)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async lockedUntil(db: DbOrTrx, accountId: number): Promise<string | null> {
    const row = await db
      .selectFrom('accounts')
      .select('locked_until')
      .where('id', '=', accountId)
      .executeTakeFirst();
    return row?.locked_until ?? null;
  },

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

  listSessions(db: DbOrTrx, accountId: number, now: string) {
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

  async deleteSessionOfAccount(db: DbOrTrx, accountId: number, sessionId: string): Promise<boolean> {
    const result = await db
      .deleteFrom('sessions')
      .where('id', '=', sessionId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  },
});
