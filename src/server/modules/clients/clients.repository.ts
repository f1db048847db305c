import { type ExpressionBuilder, sql } from 'kysely';
import type { DbOrTrx } from '../../platform/db/db.ts';
import type { ClientSiteTable, ClientTable, DB } from '../../platform/db/schema.ts';
import type { Cursor } from '../../platform/pagination.ts';

export type ClientRow = Omit<
  ClientTable,
  'id' | 'ip_allowlist' | 'require_mfa' | 'language' | 'time_zone' | 'currency'
> & {
  id: number;
  ip_allowlist: string;
  require_mfa: number;
  language: string | null;
  time_zone: string | null;
  currency: string;
};

export type ClientRowWithCounts = ClientRow & { contact_count: number; portal_user_count: number };

export type SiteRow = Omit<ClientSiteTable, 'id'> & { id: number };

export interface ClientUpdate {
  name?: string;
  phone?: string | null;
  website?: string | null;
  notes?: string | null;
  portal_enabled?: number;
  require_mfa?: number;
  ip_allowlist?: string;
  archived_at?: string | null;
  language?: string | null;
  time_zone?: string | null;
  currency?: string;
}

export interface ClientListFilter {
  q?: string | undefined;
  sort: 'name' | 'created';
  order: 'asc' | 'desc';
  status: 'active' | 'archived' | 'all';
  cursor: Cursor | null;
  limit: number;
}

/** "50%_off" is searched for literally: LIKE's wildcards in the search text are escaped. */
export function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function counts(eb: ExpressionBuilder<DB, 'clients'>) {
  return [
    eb
      .selectFrom('contacts')
      .select((s) => s.fn.countAll<number>().as('n'))
      .whereRef('contacts.client_id', '=', 'clients.id')
      .as('contact_count'),
    eb
      .selectFrom('contacts')
      .innerJoin('accounts', 'accounts.contact_id', 'contacts.id')
      .select((s) => s.fn.countAll<number>().as('n'))
      .whereRef('contacts.client_id', '=', 'clients.id')
      .where('accounts.status', '=', 'active')
      .as('portal_user_count'),
  ];
}

/** Clients and their sites. Staff-only data: nothing here is scoped to a contact. */
export const clientsRepository = Object.freeze({
  async insert(
    db: DbOrTrx,
    row: {
      name: string;
      phone: string | null;
      website: string | null;
      notes: string | null;
      portal_enabled: number;
      require_mfa: number;
      ip_allowlist: string;
      language: string | null;
      time_zone: string | null;
      currency: string;
      at: string;
    },
  ): Promise<number> {
    const { at, ...values } = row;
    const inserted = await db
      .insertInto('clients')
      .values({ ...values, created_at: at, updated_at: at, archived_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  },

  find(db: DbOrTrx, id: number): Promise<ClientRowWithCounts | undefined> {
    return db
      .selectFrom('clients')
      .selectAll('clients')
      .select((eb) => counts(eb))
      .where('clients.id', '=', id)
      .executeTakeFirst() as Promise<ClientRowWithCounts | undefined>;
  },

  /** Locks nothing, reads only what the write needs; inside a transaction on SQLite that is enough. */
  findPlain(db: DbOrTrx, id: number): Promise<ClientRow | undefined> {
    return db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async update(db: DbOrTrx, id: number, values: ClientUpdate, at: string): Promise<void> {
    await db
      .updateTable('clients')
      .set({ ...values, updated_at: at })
      .where('id', '=', id)
      .execute();
  },

  /** One page, keyset-paginated on (sort column, id); the sort column comes from an allowlist. */
  async list(db: DbOrTrx, f: ClientListFilter): Promise<ClientRowWithCounts[]> {
    const col = f.sort === 'name' ? 'clients.name' : 'clients.created_at';
    const dir = f.order;
    const op = dir === 'asc' ? '>' : '<';
    let query = db
      .selectFrom('clients')
      .selectAll('clients')
      .select((eb) => counts(eb));
    if (f.status === 'active') query = query.where('clients.archived_at', 'is', null);
    if (f.status === 'archived') query = query.where('clients.archived_at', 'is not', null);
    if (f.q) {
      const pattern = likePattern(f.q);
      query = query.where(sql<boolean>`lower(${sql.ref('clients.name')}) like ${pattern} escape '\\'`);
    }
    const cursor = f.cursor;
    if (cursor) {
      const k = typeof cursor.k === 'string' ? cursor.k : String(cursor.k ?? '');
      query = query.where((eb) =>
        eb.or([eb(col, op, k), eb.and([eb(col, '=', k), eb('clients.id', op, cursor.id)])]),
      );
    }
    const rows = await query
      .orderBy(col, dir)
      .orderBy('clients.id', dir)
      .limit(f.limit + 1)
      .execute();
    return rows as ClientRowWithCounts[];
  },

  listSites(db: DbOrTrx, clientId: number): Promise<SiteRow[]> {
    return db
      .selectFrom('client_sites')
      .selectAll()
      .where('client_id', '=', clientId)
      .orderBy('id')
      .execute() as Promise<SiteRow[]>;
  },

  async insertSite(
    db: DbOrTrx,
    row: { client_id: number; label: string; address: string; at: string },
  ): Promise<number> {
    const { at, ...values } = row;
    const inserted = await db
      .insertInto('client_sites')
      .values({ ...values, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  },

  async updateSite(
    db: DbOrTrx,
    clientId: number,
    siteId: number,
    values: { label: string; address: string },
    at: string,
  ): Promise<void> {
    await db
      .updateTable('client_sites')
      .set({ ...values, updated_at: at })
      .where('client_id', '=', clientId)
      .where('id', '=', siteId)
      .execute();
  },

  async deleteSites(db: DbOrTrx, clientId: number, siteIds: number[]): Promise<void> {
    if (siteIds.length === 0) return;
    await db
      .deleteFrom('client_sites')
      .where('client_id', '=', clientId)
      .where('id', 'in', siteIds)
      .execute();
  },
});
