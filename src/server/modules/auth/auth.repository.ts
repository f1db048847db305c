import type { DbOrTrx } from '../../platform/db/db.ts';

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
    ]);
}

export const authRepository = Object.freeze({
  findAccountByEmail(db: DbOrTrx, email: string): Promise<AccountRow | undefined> {
    return accountQuery(db).where('a.email', '=', email).executeTakeFirst();
  },

  findAccountById(db: DbOrTrx, id: number): Promise<AccountRow | undefined> {
    return accountQuery(db).where('a.id', '=', id).executeTakeFirst();
  },

  findSession(db: DbOrTrx, sessionId: string): Promise<SessionRow | undefined> {
    return accountQuery(db)
      .innerJoin('sessions as s', 's.account_id', 'a.id')
      .select([
        's.id as session_id',
        's.remember',
        's.last_seen_at',
        's.idle_expires_at',
        's.absolute_expires_at',
        's.preview_contact_id',
      ])
      .where('s.id', '=', sessionId)
      .executeTakeFirst();
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
});
