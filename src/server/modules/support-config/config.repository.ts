import { sql } from 'kysely';
import type { DbOrTrx, Trx } from '../../platform/db/db.ts';

/** The tables every kind of configuration is kept in (see ConfigResource in common.ts). */
export type ConfigTable =
  | 'ticket_categories'
  | 'sla_calendars'
  | 'sla_policies'
  | 'teams'
  | 'assignment_rules'
  | 'canned_responses';

/** `lower(column) = lower(value)`: names are unique whatever their case. */
export function sameText(column: string, value: string) {
  return sql<boolean>`lower(${sql.ref(column)}) = ${value.toLowerCase()}`;
}

/** "50%_off" is searched for literally: LIKE's wildcards in the search text are escaped. */
export function containsText(column: string, q: string) {
  const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}

/** The queries every kind of configuration shares. */
export const configRepository = Object.freeze({
  /** Whether another row (not `exceptId`) has this name, whatever its case. */
  async nameTaken(
    db: DbOrTrx,
    table: ConfigTable,
    column: 'name' | 'title',
    name: string,
    exceptId: number | null,
  ): Promise<boolean> {
    let query = db.selectFrom(table).select('id').where(sameText(column, name));
    if (exceptId !== null) query = query.where('id', '!=', exceptId);
    return (await query.executeTakeFirst()) !== undefined;
  },

  async remove(trx: Trx, table: ConfigTable, id: number): Promise<void> {
    await trx.deleteFrom(table).where('id', '=', id).execute();
  },

  /** Gives each listed id its new position, in one UPDATE. */
  async setPositions(
    trx: Trx,
    table: 'ticket_categories' | 'assignment_rules',
    changes: readonly (readonly [id: number, position: number])[],
    at: string,
  ): Promise<void> {
    const cases = sql.join(
      changes.map(([id, index]) => sql`when ${id} then cast(${index} as integer)`),
      sql` `,
    );
    await trx
      .updateTable(table)
      .set({ position: sql<number>`case id ${cases} else position end`, updated_at: at })
      .where(
        'id',
        'in',
        changes.map(([id]) => id),
      )
      .execute();
  },
});
