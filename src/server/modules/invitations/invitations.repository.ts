import type { DbOrTrx } from '../../platform/db/db.ts';

/**
 * What invitations read of clients and contacts, and the invite_links table. Every contact query is
 * scoped by the client id from the path, so a contact of another client is simply not found.
 */
export const invitationsRepository = Object.freeze({
  findClient(db: DbOrTrx, clientId: number) {
    return db
      .selectFrom('clients')
      .select(['id', 'name', 'portal_enabled', 'archived_at'])
      .where('id', '=', clientId)
      .executeTakeFirst();
  },

  /** The chosen contacts of one client, with the login each one already holds (if any). */
  contactsOfClient(db: DbOrTrx, clientId: number, contactIds: readonly number[]) {
    if (contactIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('contacts as c')
      .leftJoin('accounts as a', 'a.contact_id', 'c.id')
      .select(['c.id', 'c.name', 'c.email', 'c.status', 'a.id as account_id'])
      .where('c.client_id', '=', clientId)
      .where('c.id', 'in', contactIds)
      .orderBy('c.id')
      .execute();
  },

  /** The contact an invitation token was issued for, with its client, for the invite page. */
  contactForInvite(db: DbOrTrx, contactId: number) {
    return db
      .selectFrom('contacts as c')
      .innerJoin('clients as cl', 'cl.id', 'c.client_id')
      .leftJoin('accounts as a', 'a.contact_id', 'c.id')
      .select([
        'c.id',
        'c.name',
        'c.email',
        'c.status',
        'c.client_id',
        'cl.name as client_name',
        'cl.portal_enabled',
        'cl.archived_at',
        'a.id as account_id',
      ])
      .where('c.id', '=', contactId)
      .executeTakeFirst();
  },

  /** Whether a contact of this client already has this email (with or without a login). */
  async contactEmailInClient(db: DbOrTrx, clientId: number, email: string): Promise<boolean> {
    const row = await db
      .selectFrom('contacts')
      .select('id')
      .where('client_id', '=', clientId)
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .executeTakeFirst();
    return row !== undefined;
  },

  async insertLink(
    db: DbOrTrx,
    row: {
      client_id: number;
      token_hash: string;
      expires_at: string;
      max_uses: number | null;
      created_by: number;
      created_at: string;
    },
  ): Promise<number> {
    const inserted = await db
      .insertInto('invite_links')
      .values({ ...row, revoked_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  },

  /** Newest first, keyset on id (no OFFSET). */
  listLinks(db: DbOrTrx, clientId: number, options: { beforeId: number | null; limit: number }) {
    let query = linkQuery(db).where('l.client_id', '=', clientId);
    if (options.beforeId !== null) query = query.where('l.id', '<', options.beforeId);
    return query.orderBy('l.id', 'desc').limit(options.limit).execute();
  },

  findLink(db: DbOrTrx, clientId: number, id: number) {
    return linkQuery(db).where('l.client_id', '=', clientId).where('l.id', '=', id).executeTakeFirst();
  },

  async revokeLink(db: DbOrTrx, clientId: number, id: number, at: string): Promise<void> {
    await db
      .updateTable('invite_links')
      .set({ revoked_at: at })
      .where('client_id', '=', clientId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  },

  /** A link by its token's hash, with its client, for the join page. */
  linkByHash(db: DbOrTrx, tokenHash: string) {
    return db
      .selectFrom('invite_links as l')
      .innerJoin('clients as cl', 'cl.id', 'l.client_id')
      .select([
        'l.id',
        'l.client_id',
        'l.expires_at',
        'l.max_uses',
        'l.uses',
        'l.revoked_at',
        'cl.name as client_name',
        'cl.portal_enabled',
        'cl.archived_at',
      ])
      .where('l.token_hash', '=', tokenHash)
      .executeTakeFirst();
  },

  /**
   * Takes one use of a link in a single conditional UPDATE. PostgreSQL re-checks the WHERE after a
   * concurrent update of the row commits, and SQLite transactions begin IMMEDIATE, so parallel joins
   * can never take more uses than the link allows.
   */
  claimLinkUse(db: DbOrTrx, tokenHash: string, now: string) {
    return db
      .updateTable('invite_links')
      .set((eb) => ({ uses: eb('uses', '+', 1) }))
      .where('token_hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .where((eb) => eb.or([eb('max_uses', 'is', null), eb('uses', '<', eb.ref('max_uses'))]))
      .returning(['id', 'client_id'])
      .executeTakeFirst();
  },
});

function linkQuery(db: DbOrTrx) {
  return db
    .selectFrom('invite_links as l')
    .leftJoin('accounts as a', 'a.id', 'l.created_by')
    .select([
      'l.id',
      'l.client_id',
      'l.expires_at',
      'l.max_uses',
      'l.uses',
      'l.revoked_at',
      'l.created_at',
      'a.name as created_by_name',
    ]);
}

export type InviteLinkRow = NonNullable<Awaited<ReturnType<typeof invitationsRepository.findLink>>>;
