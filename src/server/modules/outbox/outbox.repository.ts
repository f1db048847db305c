import { sql } from 'kysely';
import type { DbOrTrx } from '../../platform/db/db.ts';
import type { Cursor } from '../../platform/pagination.ts';

const summaryColumns = [
  'e.id',
  'e.to_address',
  'e.to_name',
  'e.subject',
  'e.status',
  'e.attempts',
  'e.last_error',
  'e.client_id',
  'c.name as client_name',
  'e.created_at',
  'e.sent_at',
] as const;

/** A case-insensitive "contains" pattern; the person's % and _ match themselves. */
function containsPattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Reads the emails table; writing it is the mailer's (platform/mail.ts) business alone. */
export const outboxRepository = Object.freeze({
  /** Newest first by (created_at, id); `limit + 1` rows so the caller can tell whether more exist. */
  list(db: DbOrTrx, filters: { to?: string | undefined }, cursor: Cursor | null, limit: number) {
    let query = db
      .selectFrom('emails as e')
      .leftJoin('clients as c', 'c.id', 'e.client_id')
      .select([...summaryColumns]);
    if (filters.to) {
      const pattern = containsPattern(filters.to);
      query = query.where((eb) =>
        eb.or([
          sql<boolean>`lower(${eb.ref('e.to_address')}) like ${pattern} escape '\\'`,
          sql<boolean>`lower(coalesce(${eb.ref('e.to_name')}, '')) like ${pattern} escape '\\'`,
        ]),
      );
    }
    if (cursor && typeof cursor.k === 'string') {
      const k = cursor.k;
      query = query.where((eb) =>
        eb.or([eb('e.created_at', '<', k), eb.and([eb('e.created_at', '=', k), eb('e.id', '<', cursor.id)])]),
      );
    }
    return query
      .orderBy('e.created_at', 'desc')
      .orderBy('e.id', 'desc')
      .limit(limit + 1)
      .execute();
  },

  get(db: DbOrTrx, id: number) {
    return db
      .selectFrom('emails as e')
      .leftJoin('clients as c', 'c.id', 'e.client_id')
      .select([...summaryColumns, 'e.text', 'e.html'])
      .where('e.id', '=', id)
      .executeTakeFirst();
  },
});
