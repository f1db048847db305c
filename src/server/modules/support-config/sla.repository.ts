import { sql } from 'kysely';
import type { DbOrTrx, Dialect, Trx } from '../../platform/db/db.ts';
import { prepared } from '../../platform/db/prepared.ts';

export interface PolicyValues {
  name?: string;
  calendar_id?: number;
  targets?: string;
  pausing_statuses?: string;
  is_default?: 0 | 1;
}

/** Business-hours calendars and SLA policies. */
// The policy a new ticket takes, read by every ticket raised: compiled once (see prepared()).
function policyForTicketQuery(db: DbOrTrx) {
  return db
    .selectFrom('sla_policies as p')
    .innerJoin('sla_calendars as c', 'c.id', 'p.calendar_id')
    .select(['p.id', 'p.name', 'p.targets', 'p.pausing_statuses', 'c.definition']);
}
const policyById = prepared((db: DbOrTrx, id: number) =>
  policyForTicketQuery(db).where('p.id', '=', id).orderBy('p.id').limit(1),
);
const defaultPolicyRow = prepared((db: DbOrTrx) =>
  policyForTicketQuery(db).where('p.is_default', '=', 1).orderBy('p.id').limit(1),
);

export const slaRepository = Object.freeze({
  // -- calendars

  /** Every calendar (or the one with `id`), by name. */
  calendars(db: DbOrTrx, id?: number) {
    let query = db.selectFrom('sla_calendars').selectAll().orderBy('name').orderBy('id');
    if (id !== undefined) query = query.where('id', '=', id);
    return query.execute();
  },

  /** The policies that use these calendars, by name. */
  policiesOfCalendars(db: DbOrTrx, calendarIds: readonly number[]) {
    return db
      .selectFrom('sla_policies')
      .select(['id', 'name', 'calendar_id'])
      .where('calendar_id', 'in', [...calendarIds])
      .orderBy('name')
      .execute();
  },

  findCalendar(db: DbOrTrx, calendarId: number) {
    return db.selectFrom('sla_calendars').selectAll().where('id', '=', calendarId).executeTakeFirst();
  },

  async calendarExists(db: DbOrTrx, calendarId: number): Promise<boolean> {
    const found = await db
      .selectFrom('sla_calendars')
      .select('id')
      .where('id', '=', calendarId)
      .executeTakeFirst();
    return found !== undefined;
  },

  async insertCalendar(db: DbOrTrx, row: { name: string; definition: string; at: string }): Promise<number> {
    const { id } = await db
      .insertInto('sla_calendars')
      .values({ name: row.name, definition: row.definition, created_at: row.at, updated_at: row.at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  },

  async updateCalendar(
    db: DbOrTrx,
    calendarId: number,
    values: { name?: string; definition?: string },
    at: string,
  ): Promise<void> {
    await db
      .updateTable('sla_calendars')
      .set({ ...values, updated_at: at })
      .where('id', '=', calendarId)
      .execute();
  },

  // -- policies

  /** Every policy (or the one with `id`), the default first, with its calendar and whether tickets use it. */
  policies(db: DbOrTrx, id?: number) {
    let query = db
      .selectFrom('sla_policies as p')
      .innerJoin('sla_calendars as c', 'c.id', 'p.calendar_id')
      .selectAll('p')
      .select(['c.name as calendar_name', 'c.definition'])
      .select((eb) =>
        eb
          .exists(eb.selectFrom('tickets as t').select('t.id').whereRef('t.sla_policy_id', '=', 'p.id'))
          .as('in_use'),
      )
      .orderBy('p.is_default', 'desc')
      .orderBy('p.name')
      .orderBy('p.id');
    if (id !== undefined) query = query.where('p.id', '=', id);
    return query.execute();
  },

  /** The policy with `id`, or the default one, with its calendar's definition. */
  async policyForTicket(db: DbOrTrx, where: { id: number } | { isDefault: true }) {
    const rows = 'id' in where ? await policyById(db, where.id) : await defaultPolicyRow(db);
    return rows[0];
  },

  findPolicy(db: DbOrTrx, policyId: number) {
    return db.selectFrom('sla_policies').selectAll().where('id', '=', policyId).executeTakeFirst();
  },

  async hasDefault(db: DbOrTrx): Promise<boolean> {
    const found = await db
      .selectFrom('sla_policies')
      .select('id')
      .where('is_default', '=', 1)
      .executeTakeFirst();
    return found !== undefined;
  },

  /** No policy is the default any more (the caller makes another one the default). */
  async clearDefault(db: DbOrTrx, at: string): Promise<void> {
    await db
      .updateTable('sla_policies')
      .set({ is_default: 0, updated_at: at })
      .where('is_default', '=', 1)
      .execute();
  },

  async insertPolicy(db: DbOrTrx, row: Required<PolicyValues> & { at: string }): Promise<number> {
    const { at, ...values } = row;
    const { id } = await db
      .insertInto('sla_policies')
      .values({ ...values, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  },

  async updatePolicy(db: DbOrTrx, policyId: number, values: PolicyValues, at: string): Promise<void> {
    await db
      .updateTable('sla_policies')
      .set({ ...values, updated_at: at })
      .where('id', '=', policyId)
      .execute();
  },

  /**
   * On PostgreSQL, locks every policy row first: two people switching the default at once then take turns,
   * and exactly one default remains. (SQLite transactions begin IMMEDIATE and are serial already.)
   */
  async lockPolicies(trx: Trx, dialect: Dialect): Promise<void> {
    if (dialect === 'postgres') {
      await sql`select id from sla_policies for update`.execute(trx);
    }
  },
});
