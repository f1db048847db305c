import { sql } from 'kysely';
import type { DbOrTrx } from '../../platform/db/db.ts';
import type { Cursor } from '../../platform/pagination.ts';

export interface AuditQueryFilters {
  clientId?: number | undefined;
  actorId?: number | undefined;
  actions?: readonly string[] | undefined;
  /** Inclusive lower bound, UTC ISO. */
  fromUtc?: string | undefined;
  /** Exclusive upper bound, UTC ISO. */
  toUtc?: string | undefined;
  /** Rows up to this id only: an export leaves out what was written after it began. */
  untilId?: number | undefined;
}

export interface AuditRow {
  id: number;
  at: string;
  actor_kind: 'staff' | 'contact' | 'system' | 'anonymous';
  actor_account_id: number | null;
  actor_name: string | null;
  client_id: number | null;
  client_name: string | null;
  action: string;
  target_type: string | null;
  target_id: number | null;
  ip: string | null;
  user_agent: string | null;
  details: string;
}

/** A case-insensitive "contains" pattern; the person's % and _ match themselves. */
function containsPattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function matches(column: ReturnType<typeof sql.ref>, q: string) {
  return sql<boolean>`lower(${column}) like ${containsPattern(q)} escape '\\'`;
}

function base(db: DbOrTrx, filters: AuditQueryFilters) {
  let query = db.selectFrom('audit_events as e').leftJoin('clients as c', 'c.id', 'e.client_id');
  if (filters.clientId !== undefined) query = query.where('e.client_id', '=', filters.clientId);
  if (filters.actorId !== undefined) query = query.where('e.actor_account_id', '=', filters.actorId);
  if (filters.actions?.length) query = query.where('e.action', 'in', [...filters.actions]);
  if (filters.fromUtc) query = query.where('e.at', '>=', filters.fromUtc);
  if (filters.toUtc) query = query.where('e.at', '<', filters.toUtc);
  if (filters.untilId !== undefined) query = query.where('e.id', '<=', filters.untilId);
  return query;
}

/** Reads only: the audit log is append-only, and nothing here (or anywhere) updates or deletes it. */
export const auditRepository = Object.freeze({
  /** Newest first by (at, id); `limit + 1` rows so the caller can tell whether a next page exists. */
  list(db: DbOrTrx, filters: AuditQueryFilters, cursor: Cursor | null, limit: number): Promise<AuditRow[]> {
    let query = base(db, filters);
    if (cursor && typeof cursor.k === 'string') {
      const k = cursor.k;
      query = query.where((eb) =>
        eb.or([eb('e.at', '<', k), eb.and([eb('e.at', '=', k), eb('e.id', '<', cursor.id)])]),
      );
    }
    return query
      .select([
        'e.id',
        'e.at',
        'e.actor_kind',
        'e.actor_account_id',
        'e.actor_name',
        'e.client_id',
        'c.name as client_name',
        'e.action',
        'e.target_type',
        'e.target_id',
        'e.ip',
        'e.user_agent',
        'e.details',
      ])
      .orderBy('e.at', 'desc')
      .orderBy('e.id', 'desc')
      .limit(limit + 1)
      .execute();
  },

  /** How many rows match, counting no further than `max` (an export only needs to know "more than"). */
  async countUpTo(db: DbOrTrx, filters: AuditQueryFilters, max: number): Promise<number> {
    const row = await db
      .selectFrom(base(db, filters).select('e.id').limit(max).as('m'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  async maxId(db: DbOrTrx): Promise<number> {
    const row = await db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    return Number(row?.id ?? 0);
  },

  searchPeople(db: DbOrTrx, q: string, limit: number) {
    let query = db
      .selectFrom('accounts as a')
      .leftJoin('contacts as ct', 'ct.id', 'a.contact_id')
      .leftJoin('clients as c', 'c.id', 'ct.client_id')
      .select(['a.id', 'a.name', 'a.email', 'a.kind', 'c.name as client_name']);
    if (q)
      query = query.where((eb) => eb.or([matches(sql.ref('a.name'), q), matches(sql.ref('a.email'), q)]));
    return query.orderBy('a.kind', 'desc').orderBy('a.name').orderBy('a.id').limit(limit).execute();
  },

  searchClients(db: DbOrTrx, q: string, limit: number) {
    let query = db.selectFrom('clients').select(['id', 'name', 'archived_at']);
    if (q) query = query.where(matches(sql.ref('name'), q));
    return query.orderBy('name').orderBy('id').limit(limit).execute();
  },
});
