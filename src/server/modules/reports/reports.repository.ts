import type { DbOrTrx } from '../../platform/db/db.ts';

/**
 * All of the reports module's SQL. It reads the tickets', time's and ratings' tables by joining them
 * into its own queries (never writing them) and writes only report_schedules and report_deliveries.
 * Under a contact's scope the access layer adds the client filter to every table and hides internal
 * notes and unapproved time; the explicit `client_id` conditions here serve staff and system work.
 */

/** The sources of the activity history, in the order that breaks a tie on time (see ActivityCursor). */
export const activitySources = ['created', 'replied', 'status', 'time', 'rated'] as const;
export type ActivitySource = (typeof activitySources)[number];

/** Where a page of the history starts: strictly older than (at, source index, row id). */
export interface ActivityCursor {
  at: string;
  source: number;
  id: number;
}

export interface ActivityRange {
  clientId: number;
  from: string | undefined;
  to: string | undefined;
  cursor: ActivityCursor | null;
  limit: number;
  /** Staff see internal notes (marked) and submitted time; a contact never does. */
  staff: boolean;
}

export interface ActivityRow {
  source: ActivitySource;
  id: number;
  at: string;
  ticket_id: number;
  subject: string;
  by_kind: 'staff' | 'contact' | 'system' | null;
  by_name: string | null;
  status: string | null;
  minutes: number | null;
  rating: string | null;
  internal: number;
}

export interface CountRow {
  priority: string;
  category_id: number | null;
  category_name: string | null;
  count: number | string;
}

export interface ResolvedRow extends CountRow {
  response_sla: string;
  resolution_sla: string;
}

/**
 * The one query behind the summary's submitted and resolved figures: a client's tickets whose `when`
 * instant falls in [from, to), counted by priority and category (callers add groupings of their own).
 */
function ticketCounts(
  db: DbOrTrx,
  clientId: number,
  when: 't.created_at' | 't.resolved_at',
  from: string,
  to: string,
) {
  return db
    .selectFrom('tickets as t')
    .leftJoin('ticket_categories as k', 'k.id', 't.category_id')
    .select((eb) => [
      't.priority',
      't.category_id',
      'k.name as category_name',
      eb.fn.countAll<number>().as('count'),
    ])
    .where('t.client_id', '=', clientId)
    .where(when, '>=', from)
    .where(when, '<', to)
    .groupBy(['t.priority', 't.category_id', 'k.name']);
}

export interface ScheduleRow {
  id: number;
  client_id: number;
  report: string;
  frequency: string;
  format: string;
  recipients: string;
  created_by_account_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface DeliveryValues {
  schedule_id: number;
  client_id: number;
  period_start: string;
  period_end: string;
  recipients: number;
  created_at: string;
}

const num = (v: number | string | bigint | null | undefined): number => Number(v ?? 0);

// biome-ignore lint/suspicious/noExplicitAny: an expression builder of whichever query uses the condition
type Eb = any;

/**
 * The keyset condition for one source: rows strictly older than the cursor in the order
 * (at desc, source desc, id desc). A source ordered after the cursor's includes rows at the same instant.
 */
function olderThan(source: number, cursor: ActivityCursor, at: string, id: string) {
  return (eb: Eb) =>
    source < cursor.source
      ? eb(at, '<=', cursor.at)
      : source > cursor.source
        ? eb(at, '<', cursor.at)
        : eb.or([eb(at, '<', cursor.at), eb.and([eb(at, '=', cursor.at), eb(id, '<', cursor.id)])]);
}

export const reportsRepository = Object.freeze({
  // -------------------------------------------------------------------------------------------------
  // Activity history: one query per source, each reading at most `limit + 1` rows by an index, merged by
  // the service. A fixed number of queries whatever the page.

  async activity(db: DbOrTrx, r: ActivityRange): Promise<ActivityRow[]> {
    const n = r.limit + 1;
    const where = (s: ActivitySource, at: string, id: string) => (eb: Eb) =>
      eb.and([
        eb.lit(true),
        ...(r.from ? [eb(at, '>=', r.from)] : []),
        ...(r.to ? [eb(at, '<', r.to)] : []),
        ...(r.cursor ? [olderThan(activitySources.indexOf(s), r.cursor, at, id)(eb)] : []),
      ]);

    const created = await db
      .selectFrom('tickets as t')
      .leftJoin('contacts as rc', 'rc.id', 't.requester_contact_id')
      .leftJoin('accounts as ca', 'ca.id', 't.created_by_account_id')
      .select([
        't.id',
        't.created_at as at',
        't.id as ticket_id',
        't.subject',
        'rc.name as requester_name',
        'ca.name as creator_name',
        'ca.kind as creator_kind',
      ])
      .where('t.client_id', '=', r.clientId)
      .where(where('created', 't.created_at', 't.id'))
      .orderBy('t.created_at', 'desc')
      .orderBy('t.id', 'desc')
      .limit(n)
      .execute();

    let replies = db
      .selectFrom('ticket_messages as m')
      .innerJoin('tickets as t', 't.id', 'm.ticket_id')
      .select([
        'm.id',
        'm.created_at as at',
        't.id as ticket_id',
        't.subject',
        'm.author_kind',
        'm.author_name',
        'm.internal',
      ])
      .where('t.client_id', '=', r.clientId)
      .where('m.author_kind', '<>', 'system')
      .where(where('replied', 'm.created_at', 'm.id'));
    if (!r.staff) replies = replies.where('m.internal', '=', 0);
    const replied = await replies.orderBy('m.created_at', 'desc').orderBy('m.id', 'desc').limit(n).execute();

    const status = await db
      .selectFrom('ticket_status_changes as s')
      .innerJoin('tickets as t', 't.id', 's.ticket_id')
      .leftJoin('accounts as a', 'a.id', 's.actor_account_id')
      .select([
        's.id',
        's.at',
        't.id as ticket_id',
        't.subject',
        's.status',
        'a.name as actor_name',
        'a.kind as actor_kind',
      ])
      .where('t.client_id', '=', r.clientId)
      // The status a ticket is raised with is its "created" event, not a change.
      .where((eb) => eb('s.at', '<>', eb.ref('t.created_at')))
      .where(where('status', 's.at', 's.id'))
      .orderBy('s.at', 'desc')
      .orderBy('s.id', 'desc')
      .limit(n)
      .execute();

    const time = await db
      .selectFrom('time_entries as e')
      .innerJoin('tickets as t', 't.id', 'e.ticket_id')
      .leftJoin('accounts as a', 'a.id', 'e.account_id')
      .select([
        'e.id',
        'e.created_at as at',
        't.id as ticket_id',
        't.subject',
        'e.billed_minutes',
        'a.name as actor_name',
      ])
      .where('e.client_id', '=', r.clientId)
      .where('e.status', 'in', r.staff ? ['submitted', 'approved', 'invoiced'] : ['approved', 'invoiced'])
      .where(where('time', 'e.created_at', 'e.id'))
      .orderBy('e.created_at', 'desc')
      .orderBy('e.id', 'desc')
      .limit(n)
      .execute();

    const rated = await db
      .selectFrom('ticket_ratings as g')
      .innerJoin('tickets as t', 't.id', 'g.ticket_id')
      .leftJoin('contacts as c', 'c.id', 'g.contact_id')
      .select([
        'g.id',
        'g.created_at as at',
        't.id as ticket_id',
        't.subject',
        'g.rating',
        'c.name as contact_name',
      ])
      .where('g.client_id', '=', r.clientId)
      .where(where('rated', 'g.created_at', 'g.id'))
      .orderBy('g.created_at', 'desc')
      .orderBy('g.id', 'desc')
      .limit(n)
      .execute();

    const base = { status: null, minutes: null, rating: null, internal: 0 };
    return [
      ...created.map(
        (x): ActivityRow => ({
          ...base,
          source: 'created',
          id: x.id,
          at: x.at,
          ticket_id: x.ticket_id,
          subject: x.subject,
          by_kind: x.requester_name ? 'contact' : x.creator_kind === 'staff' ? 'staff' : null,
          by_name: x.requester_name ?? x.creator_name,
        }),
      ),
      ...replied.map(
        (x): ActivityRow => ({
          ...base,
          source: 'replied',
          id: x.id,
          at: x.at,
          ticket_id: x.ticket_id,
          subject: x.subject,
          by_kind: x.author_kind,
          by_name: x.author_name,
          internal: x.internal,
        }),
      ),
      ...status.map(
        (x): ActivityRow => ({
          ...base,
          source: 'status',
          id: x.id,
          at: x.at,
          ticket_id: x.ticket_id,
          subject: x.subject,
          by_kind: x.actor_kind ?? null,
          by_name: x.actor_name,
          status: x.status,
        }),
      ),
      ...time.map(
        (x): ActivityRow => ({
          ...base,
          source: 'time',
          id: x.id,
          at: x.at,
          ticket_id: x.ticket_id,
          subject: x.subject,
          by_kind: x.actor_name ? 'staff' : null,
          by_name: x.actor_name,
          minutes: x.billed_minutes,
        }),
      ),
      ...rated.map(
        (x): ActivityRow => ({
          ...base,
          source: 'rated',
          id: x.id,
          at: x.at,
          ticket_id: x.ticket_id,
          subject: x.subject,
          by_kind: x.contact_name ? 'contact' : null,
          by_name: x.contact_name,
          rating: x.rating,
        }),
      ),
    ];
  },

  // -------------------------------------------------------------------------------------------------
  // Monthly summary: grouped queries over the period, each by an index on (client, time).

  async clientOf(db: DbOrTrx, clientId: number) {
    return db
      .selectFrom('clients')
      .select(['id', 'name', 'language', 'time_zone'])
      .where('id', '=', clientId)
      .executeTakeFirst();
  },

  /** A client's tickets raised in the period, by priority and category. */
  async submittedCounts(db: DbOrTrx, clientId: number, from: string, to: string): Promise<CountRow[]> {
    return ticketCounts(db, clientId, 't.created_at', from, to).execute();
  },

  /** A client's tickets resolved in the period, by priority and category, with how their SLAs ended. */
  async resolvedCounts(db: DbOrTrx, clientId: number, from: string, to: string): Promise<ResolvedRow[]> {
    return ticketCounts(db, clientId, 't.resolved_at', from, to)
      .select(['t.response_sla', 't.resolution_sla'])
      .groupBy(['t.response_sla', 't.resolution_sla'])
      .execute();
  },

  async ratingCounts(db: DbOrTrx, clientId: number, from: string, to: string) {
    const rows = await db
      .selectFrom('ticket_ratings')
      .select((eb) => ['rating', eb.fn.countAll<number>().as('count')])
      .where('client_id', '=', clientId)
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .groupBy('rating')
      .execute();
    return rows.map((r) => ({ rating: r.rating, count: num(r.count) }));
  },

  /** Approved (or invoiced) billable time on days `fromDate` (inclusive) to `toDate` (exclusive). */
  async billableTime(db: DbOrTrx, clientId: number, fromDate: string, toDate: string) {
    const row = await db
      .selectFrom('time_entries')
      .select((eb) => [
        eb.fn.sum<number>('actual_minutes').as('actual'),
        eb.fn.sum<number>('billed_minutes').as('billed'),
        eb.fn.countAll<number>().as('entries'),
      ])
      .where('client_id', '=', clientId)
      .where('entry_date', '>=', fromDate)
      .where('entry_date', '<', toDate)
      .where('status', 'in', ['approved', 'invoiced'])
      .where('billable', '=', 1)
      .executeTakeFirst();
    return { actual: num(row?.actual), billed: num(row?.billed), entries: num(row?.entries) };
  },

  async topRequesters(db: DbOrTrx, clientId: number, from: string, to: string, limit: number) {
    const rows = await db
      .selectFrom('tickets as t')
      .leftJoin('contacts as c', 'c.id', 't.requester_contact_id')
      .select((eb) => ['t.requester_contact_id', 'c.name', eb.fn.countAll<number>().as('count')])
      .where('t.client_id', '=', clientId)
      .where('t.created_at', '>=', from)
      .where('t.created_at', '<', to)
      .where('t.requester_contact_id', 'is not', null)
      .groupBy(['t.requester_contact_id', 'c.name'])
      .orderBy((eb) => eb.fn.countAll(), 'desc')
      .orderBy('t.requester_contact_id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ contactId: r.requester_contact_id, name: r.name ?? '', count: num(r.count) }));
  },

  // -------------------------------------------------------------------------------------------------
  // Schedules and deliveries

  async schedules(db: DbOrTrx, clientId: number) {
    return db
      .selectFrom('report_schedules as s')
      .selectAll('s')
      .select((eb) =>
        eb
          .selectFrom('report_deliveries as d')
          .select((e) => e.fn.max('d.created_at').as('m'))
          .whereRef('d.schedule_id', '=', 's.id')
          .as('last_sent_at'),
      )
      .where('s.client_id', '=', clientId)
      .orderBy('s.id')
      .execute();
  },

  async schedule(db: DbOrTrx, id: number): Promise<ScheduleRow | undefined> {
    return db.selectFrom('report_schedules').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async countSchedules(db: DbOrTrx, clientId: number): Promise<number> {
    const row = await db
      .selectFrom('report_schedules')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    return num(row?.n);
  },

  async insertSchedule(db: DbOrTrx, values: Omit<ScheduleRow, 'id'>): Promise<number> {
    const row = await db
      .insertInto('report_schedules')
      .values(values)
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  async touchSchedule(db: DbOrTrx, id: number, at: string): Promise<void> {
    await db.updateTable('report_schedules').set({ updated_at: at }).where('id', '=', id).execute();
  },

  async deleteSchedule(db: DbOrTrx, id: number): Promise<void> {
    await db.deleteFrom('report_schedules').where('id', '=', id).execute();
  },

  /** The client's active contacts' addresses among `emails` (whom a contact may send a report to). */
  async contactEmailsOf(db: DbOrTrx, clientId: number, emails: readonly string[]): Promise<Set<string>> {
    if (!emails.length) return new Set();
    const rows = await db
      .selectFrom('contacts')
      .select('email')
      .where('client_id', '=', clientId)
      .where('status', '=', 'active')
      .where('email', 'in', emails)
      .execute();
    return new Set(rows.map((r) => (r.email ?? '').toLowerCase()));
  },

  /** The language of each recipient who is one of the client's contacts. */
  async recipientLanguages(db: DbOrTrx, clientId: number, emails: readonly string[]) {
    if (!emails.length) return new Map<string, string | null>();
    const rows = await db
      .selectFrom('contacts')
      .select(['email', 'language'])
      .where('client_id', '=', clientId)
      .where('email', 'in', emails)
      .execute();
    return new Map(rows.map((r) => [(r.email ?? '').toLowerCase(), r.language]));
  },

  /**
   * Records a period's delivery; false when it was already recorded (another worker, a retry). The
   * unique (schedule, period start) key decides, in the caller's transaction with the emails.
   */
  async recordDelivery(db: DbOrTrx, values: DeliveryValues): Promise<boolean> {
    const row = await db
      .insertInto('report_deliveries')
      .values(values)
      .onConflict((oc) => oc.columns(['schedule_id', 'period_start']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  },

  async deliveriesOf(db: DbOrTrx, scheduleId: number) {
    return db
      .selectFrom('report_deliveries')
      .select(['period_start', 'period_end', 'recipients', 'created_at'])
      .where('schedule_id', '=', scheduleId)
      .orderBy('period_start')
      .execute();
  },
});
