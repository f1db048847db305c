import { sql } from 'kysely';
import type { ContactActor } from '../../platform/actor.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import type { Cursor } from '../../platform/pagination.ts';

/** A contact with its portal login (if any), read in one query. */
export interface ContactRow {
  id: number;
  client_id: number;
  name: string;
  title: string | null;
  department: string | null;
  email: string | null;
  phone: string | null;
  mobile: string | null;
  presets: string;
  switches: string;
  status: 'active' | 'inactive';
  language: string | null;
  created_at: string;
  updated_at: string;
  account_id: number | null;
  login_email: string | null;
  login_status: 'active' | 'disabled' | null;
  last_login_at: string | null;
  mfa_enabled_at: string | null;
}

export interface ContactListFilter {
  q?: string | undefined;
  status: 'active' | 'inactive' | 'all';
  login: 'with' | 'without' | 'any';
  sort: 'name' | 'created';
  order: 'asc' | 'desc';
  cursor: Cursor | null;
  limit: number;
}

export interface ContactValues {
  name?: string;
  title?: string | null;
  department?: string | null;
  email?: string | null;
  phone?: string | null;
  mobile?: string | null;
  presets?: string;
  switches?: string;
  status?: 'active' | 'inactive';
}

/** "50%_off" is searched for literally: LIKE's wildcards in the search text are escaped. */
function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function contactQuery(db: DbOrTrx) {
  return db
    .selectFrom('contacts as c')
    .leftJoin('accounts as a', 'a.contact_id', 'c.id')
    .select([
      'c.id',
      'c.client_id',
      'c.name',
      'c.title',
      'c.department',
      'c.email',
      'c.phone',
      'c.mobile',
      'c.presets',
      'c.switches',
      'c.status',
      'c.language',
      'c.created_at',
      'c.updated_at',
      'a.id as account_id',
      'a.email as login_email',
      'a.status as login_status',
      'a.last_login_at',
      'a.mfa_enabled_at',
    ]);
}
type Joined = ReturnType<typeof contactQuery>;

function applyFilter(query: Joined, f: ContactListFilter): Joined {
  let q = query;
  if (f.status !== 'all') q = q.where('c.status', '=', f.status);
  if (f.login === 'with') q = q.where('a.id', 'is not', null);
  if (f.login === 'without') q = q.where('a.id', 'is', null);
  const text = f.q;
  if (text) {
    const pattern = likePattern(text);
    q = q.where((eb) =>
      eb.or([
        sql<boolean>`lower(${sql.ref('c.name')}) like ${pattern} escape '\\'`,
        sql<boolean>`lower(coalesce(${sql.ref('c.email')}, '')) like ${pattern} escape '\\'`,
      ]),
    );
  }
  const col = f.sort === 'name' ? 'c.name' : 'c.created_at';
  const op = f.order === 'asc' ? '>' : '<';
  const cursor = f.cursor;
  if (cursor) {
    const k = typeof cursor.k === 'string' ? cursor.k : String(cursor.k ?? '');
    q = q.where((eb) => eb.or([eb(col, op, k), eb.and([eb(col, '=', k), eb('c.id', op, cursor.id)])]));
  }
  return q
    .orderBy(col, f.order)
    .orderBy('c.id', f.order)
    .limit(f.limit + 1);
}

/**
 * Contacts. Staff functions name the client they work in; every query filters by it, so a contact
 * of another client is simply not found. Portal functions take the contact actor and scope by its
 * client themselves, so a handler cannot forget to.
 */
export const contactsRepository = Object.freeze({
  findInClient(db: DbOrTrx, clientId: number, contactId: number): Promise<ContactRow | undefined> {
    return contactQuery(db)
      .where('c.client_id', '=', clientId)
      .where('c.id', '=', contactId)
      .executeTakeFirst();
  },

  findManyInClient(db: DbOrTrx, clientId: number, contactIds: number[]): Promise<ContactRow[]> {
    if (contactIds.length === 0) return Promise.resolve([]);
    return contactQuery(db)
      .where('c.client_id', '=', clientId)
      .where('c.id', 'in', contactIds)
      .orderBy('c.id')
      .execute();
  },

  listInClient(db: DbOrTrx, clientId: number, f: ContactListFilter): Promise<ContactRow[]> {
    return applyFilter(contactQuery(db).where('c.client_id', '=', clientId), f).execute();
  },

  /** Colleague: a contact of the actor's own client, or undefined (which the caller answers with 404). */
  findColleague(db: DbOrTrx, actor: ContactActor, contactId: number): Promise<ContactRow | undefined> {
    return contactQuery(db)
      .where('c.client_id', '=', actor.clientId)
      .where('c.id', '=', contactId)
      .executeTakeFirst();
  },

  listColleagues(db: DbOrTrx, actor: ContactActor, f: ContactListFilter): Promise<ContactRow[]> {
    return applyFilter(contactQuery(db).where('c.client_id', '=', actor.clientId), f).execute();
  },

  /** Every contact for an export, with its client's name; one client's, or all of them. */
  exportRows(db: DbOrTrx, clientId: number | null): Promise<(ContactRow & { client_name: string })[]> {
    let q = contactQuery(db)
      .innerJoin('clients as cl', 'cl.id', 'c.client_id')
      .select('cl.name as client_name');
    if (clientId !== null) q = q.where('c.client_id', '=', clientId);
    return q.orderBy('cl.name').orderBy('c.client_id').orderBy('c.name').orderBy('c.id').execute() as Promise<
      (ContactRow & { client_name: string })[]
    >;
  },

  async insert(
    db: DbOrTrx,
    row: {
      client_id: number;
      name: string;
      title: string | null;
      department: string | null;
      email: string | null;
      phone: string | null;
      mobile: string | null;
      presets: string;
      switches: string;
      at: string;
    },
  ): Promise<number> {
    const { at, ...values } = row;
    // A new contact starts in their client's language (null: the organisation's); it is theirs to change.
    const inserted = await db
      .insertInto('contacts')
      .values((eb) => ({
        ...values,
        language: eb
          .selectFrom('clients')
          .select('clients.language')
          .where('clients.id', '=', values.client_id),
        status: 'active',
        created_at: at,
        updated_at: at,
      }))
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  },

  /** The contact's language, time zone and date format (null: their client's, then the organisation's). */
  async setLocale(
    db: DbOrTrx,
    clientId: number,
    contactId: number,
    values: { language?: string | null; time_zone?: string | null; date_format?: string | null },
    at: string,
  ) {
    await db
      .updateTable('contacts')
      .set({ ...values, updated_at: at })
      .where('client_id', '=', clientId)
      .where('id', '=', contactId)
      .execute();
  },

  async update(db: DbOrTrx, clientId: number, contactId: number, values: ContactValues, at: string) {
    await db
      .updateTable('contacts')
      .set({ ...values, updated_at: at })
      .where('client_id', '=', clientId)
      .where('id', '=', contactId)
      .execute();
  },

  /** Which of these (lower-case) emails other contacts of the client already use. */
  async emailsUsedInClient(
    db: DbOrTrx,
    clientId: number,
    emails: string[],
    exceptContactId: number | null = null,
  ): Promise<Set<string>> {
    if (emails.length === 0) return new Set();
    let q = db
      .selectFrom('contacts')
      .select((eb) => eb.fn<string>('lower', ['email']).as('email'))
      .where('client_id', '=', clientId)
      .where((eb) => eb(eb.fn('lower', ['email']), 'in', emails));
    if (exceptContactId !== null) q = q.where('id', '!=', exceptContactId);
    const rows = await q.execute();
    return new Set(rows.map((r) => r.email));
  },

  /** A contact's own details, changed by the contact from their profile. */
  async updateOwn(
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

  /** The contact's email follows its login's, once the person confirmed a new address. */
  async setEmail(db: DbOrTrx, contactId: number, email: string, at: string): Promise<void> {
    await db.updateTable('contacts').set({ email, updated_at: at }).where('id', '=', contactId).execute();
  },
});
