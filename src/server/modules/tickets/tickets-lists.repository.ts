import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { parseStoredCalendar } from '../../../shared/schemas/sla.ts';
import {
  openStatuses,
  type SlaSummary,
  type TicketQueueView,
  type TicketStatus,
  type ticketSorts,
} from '../../../shared/schemas/tickets.ts';
import { AT_RISK_SHARE, businessTimeBetween } from '../../../shared/sla-time.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { preparedShapes } from '../../platform/db/prepared.ts';
import type { DB } from '../../platform/db/schema.ts';
import { type Cursor, encodeCursor } from '../../platform/pagination.ts';
import { policyOfRow, summaryOfRecord } from './sla-record.ts';
import { coverageCalendar, likePattern, type TicketListRow, ticketListRows } from './tickets.repository.ts';

/**
 * The ticket list, keyset-paginated on (sort column, id), in two steps that stay cheap on millions of
 * tickets: the page's ids are chosen from tickets alone (an index walk that stops after the page, with
 * no joined row read for tickets that are not shown), then those ids are read with every name and the
 * SLA calendar joined in. Two queries whatever the page size; SLA summaries come from recorded columns.
 */

type Eb = ExpressionBuilder<DB & { t: DB['tickets'] }, 't'>;

export interface ListScope {
  /** Contacts: their client, and (scope 'mine') only tickets they raised or watch. */
  contact: { clientId: number; contactId: number; onlyMine: boolean } | null;
  /** Staff: for view 'mine'. */
  staffAccountId: number | null;
}

export interface ListFilters {
  q?: string | undefined;
  status?: TicketStatus[] | undefined;
  priority?: string[] | undefined;
  view?: TicketQueueView | undefined;
  clientId?: number | undefined;
  assigneeAccountId?: number | undefined;
  categoryId?: number | undefined;
}

/** How far ahead the breaching-soon queue looks for at-risk clocks, and how many it weighs at most. */
const BREACHING_HORIZON_MS = 31 * 24 * 3_600_000;
const BREACHING_CANDIDATES = 500;
const SOON_MS = 4 * 3_600_000;
const MAX_ID = 2_147_483_647;

/**
 * What a list query's form depends on (`shape`) and the values it binds, apart: the list is compiled
 * once per shape (preparedShapes) and run with each request's values.
 */
interface ListPlan {
  shape: {
    contact: { onlyMine: boolean } | null;
    view: TicketQueueView;
    /** How the search text matches: a ticket number, a number or subject text, subject text, nothing. */
    q: 'none' | 'id' | 'id-or-subject' | 'subject' | 'impossible';
    statuses: 'none' | 'empty' | 'some';
    priority: boolean;
    category: boolean;
    client: boolean;
    assignee: boolean;
    by: 'updated' | 'created';
    dir: 'asc' | 'desc';
    cursor: boolean;
  };
  values: {
    clientId: number;
    contactId: number;
    pattern: string;
    n: number;
    statuses: string[];
    priority: string[];
    categoryId: number;
    filterClientId: number;
    assigneeId: number;
    staffAccountId: number;
    cursorKey: string;
    cursorId: number;
    limit: number;
  };
}

function planList(input: ListInput): ListPlan {
  const { scope, filters: f } = input;
  const q = f.q?.trim() ?? '';
  const number = /^#?(\d{1,10})$/.exec(q);
  const n = number ? Number(number[1]) : null;
  let qShape: ListPlan['shape']['q'] = 'none';
  if (q) {
    if (n !== null && q.startsWith('#')) qShape = n <= MAX_ID ? 'id' : 'impossible';
    else if (n !== null && n <= MAX_ID) qShape = 'id-or-subject';
    else qShape = 'subject';
  }
  let statuses: readonly TicketStatus[] | null = f.status?.length ? f.status : null;
  const view = scope.contact ? 'all' : (f.view ?? 'all');
  if (!scope.contact) {
    if (view === 'waiting-on-client') {
      statuses = (statuses ?? ['waiting-on-client']).filter((s) => s === 'waiting-on-client');
    } else if (view === 'breaching-soon') {
      statuses = (statuses ?? openStatuses).filter((s) => openStatuses.includes(s));
    }
    statuses ??= openStatuses;
  }
  const [by, dir] = input.sort.split('-') as ['updated' | 'created', 'asc' | 'desc'];
  const staffFilter = <T>(v: T | undefined) => (scope.contact ? undefined : v);
  return {
    shape: {
      contact: scope.contact ? { onlyMine: scope.contact.onlyMine } : null,
      view,
      q: qShape,
      statuses: statuses === null ? 'none' : statuses.length ? 'some' : 'empty',
      priority: Boolean(f.priority?.length),
      category: f.categoryId !== undefined,
      client: staffFilter(f.clientId) !== undefined,
      assignee: staffFilter(f.assigneeAccountId) !== undefined,
      by,
      dir,
      cursor: input.cursor !== null,
    },
    values: {
      clientId: scope.contact?.clientId ?? 0,
      contactId: scope.contact?.contactId ?? 0,
      pattern: q ? likePattern(q) : '',
      n: n ?? 0,
      statuses: statuses?.length ? [...statuses] : [],
      priority: f.priority?.length ? [...f.priority] : [],
      categoryId: f.categoryId ?? 0,
      filterClientId: f.clientId ?? 0,
      assigneeId: f.assigneeAccountId ?? 0,
      staffAccountId: scope.staffAccountId ?? -1,
      cursorKey: input.cursor ? String(input.cursor.k ?? '') : '',
      cursorId: input.cursor?.id ?? 0,
      limit: input.limit + 1,
    },
  };
}

function shapeKey(shape: ListPlan['shape']): string {
  const c = shape.contact ? (shape.contact.onlyMine ? 'own' : 'company') : 'staff';
  const flags = [shape.priority, shape.category, shape.client, shape.assignee, shape.cursor]
    .map((b) => (b ? 1 : 0))
    .join('');
  return `${c}|${shape.view}|${shape.q}|${shape.statuses}|${flags}|${shape.by}-${shape.dir}`;
}

function conditions(eb: Eb, shape: ListPlan['shape'], v: ListPlan['values']): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  if (shape.contact) {
    if (shape.contact.onlyMine) {
      // The contact's own tickets (raised or watched) by their two indexes, then sorted: a client may
      // have tens of thousands of tickets, a contact has few. The unary plus keeps SQLite from walking
      // the client's index instead (the client check stays, for a watcher moved to another client).
      out.push(sql<SqlBool>`+${sql.ref('t.client_id')} = ${v.clientId}`);
      out.push(
        eb(
          't.id',
          'in',
          eb
            .selectFrom('tickets as mine')
            .select('mine.id')
            .where('mine.requester_contact_id', '=', v.contactId)
            .unionAll(
              eb
                .selectFrom('ticket_watchers as w')
                .select('w.ticket_id as id')
                .where('w.contact_id', '=', v.contactId),
            ),
        ),
      );
    } else {
      out.push(eb('t.client_id', '=', v.clientId));
    }
  }
  const subject = () => sql<SqlBool>`lower(${sql.ref('t.subject')}) like ${v.pattern} escape '\\'`;
  if (shape.q === 'id') out.push(eb('t.id', '=', v.n));
  else if (shape.q === 'impossible') out.push(sql<SqlBool>`1 = 0`);
  else if (shape.q === 'id-or-subject') out.push(eb.or([eb('t.id', '=', v.n), subject()]));
  else if (shape.q === 'subject') out.push(subject());
  if (!shape.contact) {
    if (shape.view === 'unassigned') out.push(eb('t.assignee_account_id', 'is', null));
    if (shape.view === 'mine') out.push(eb('t.assignee_account_id', '=', v.staffAccountId));
    if (shape.client) out.push(eb('t.client_id', '=', v.filterClientId));
    if (shape.assignee) out.push(eb('t.assignee_account_id', '=', v.assigneeId));
  }
  if (shape.statuses !== 'none') {
    // For a contact's own tickets, the status index would walk every open ticket of every client: the
    // `|| ''` (a no-op on both databases) keeps SQLite on the contact's indexes.
    const status = shape.contact?.onlyMine ? sql<string>`${sql.ref('t.status')} || ''` : sql.ref('t.status');
    out.push(shape.statuses === 'some' ? eb(status, 'in', v.statuses) : sql<SqlBool>`1 = 0`);
  }
  if (shape.priority) out.push(eb('t.priority', 'in', v.priority));
  if (shape.category) out.push(eb('t.category_id', '=', v.categoryId));
  return out;
}

export interface ListedRow {
  row: TicketListRow;
  sla: SlaSummary;
}

/** A list row with its SLA summary, from the recorded columns and the policy's calendar. */
function listed(row: TicketListRow, now: string): ListedRow {
  return { row, sla: summaryOfRecord(row, policyOfRow(row)?.calendar ?? null, now) };
}

export type ListInput = {
  scope: ListScope;
  filters: ListFilters;
  sort: (typeof ticketSorts)[number];
  cursor: Cursor | null;
  limit: number;
  now: string;
};
export type ListResult = { rows: ListedRow[]; nextCursor: string | null };

/** A page of the list: the page's ids from tickets alone, then those rows with their names. */
const listPage = preparedShapes((db: DbOrTrx, shape: ListPlan['shape'], v: ListPlan['values']) => {
  const col =
    shape.by === 'created' ? 't.created_at' : shape.contact ? 't.public_updated_at' : 't.updated_at';
  const op = shape.dir === 'asc' ? '>' : '<';
  let ids = db
    .selectFrom('tickets as t')
    .select('t.id')
    .where((eb) => eb.and(conditions(eb as unknown as Eb, shape, v)));
  if (shape.cursor) {
    ids = ids.where((eb) =>
      eb.or([eb(col, op, v.cursorKey), eb.and([eb(col, '=', v.cursorKey), eb('t.id', op, v.cursorId)])]),
    );
  }
  ids = ids.orderBy(col, shape.dir).orderBy('t.id', shape.dir).limit(v.limit);
  return ticketListRows(db).where('t.id', 'in', ids).orderBy(col, shape.dir).orderBy('t.id', shape.dir);
});

async function listTickets(db: DbOrTrx, input: ListInput): Promise<ListResult> {
  const { scope, filters, now } = input;
  if (!scope.contact && filters.view === 'breaching-soon') return breachingSoon(db, input);
  const plan = planList(input);
  const rows = (await listPage(db, shapeKey(plan.shape), plan.shape, plan.values)) as TicketListRow[];
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const key = (r: TicketListRow) =>
    plan.shape.by === 'created' ? r.created_at : scope.contact ? r.public_updated_at : r.updated_at;
  return {
    rows: page.map((row) => listed(row, now)),
    nextCursor: rows.length > input.limit && last ? encodeCursor({ k: key(last), id: last.id }) : null,
  };
}

/** The SLA fields breaching-soon weighs for its candidates (with the calendar, by primary keys only). */
const clockColumns = [
  't.id',
  't.sla_policy_id',
  't.response_sla',
  't.response_due_at',
  't.response_target_ms',
  't.resolution_sla',
  't.resolution_due_at',
  't.resolution_target_ms',
] as const;

/**
 * Open tickets with a running clock due within four hours or at risk (under 25 % of its target left in
 * business time), most urgent first: a ticket's place is the earliest due instant among its urgent
 * clocks. Candidates are the running clocks due within a month, the BREACHING_CANDIDATES most urgent of
 * each clock by its (state, due) index, read without the names; they are weighed in due order (at risk
 * needs the policy's calendar) until the page is full, and only the page's tickets are then read with
 * their names. Three queries whatever the page size.
 */
async function breachingSoon(db: DbOrTrx, input: ListInput): Promise<ListResult> {
  const { now } = input;
  const nowMs = Date.parse(now);
  const horizon = new Date(nowMs + BREACHING_HORIZON_MS).toISOString();
  const soon = new Date(nowMs + SOON_MS).toISOString();
  const cursor = input.cursor ? { k: String(input.cursor.k), id: input.cursor.id } : null;
  const plan = planList(input);
  const byClock = (
    state: 't.response_sla' | 't.resolution_sla',
    due: 't.response_due_at' | 't.resolution_due_at',
  ) =>
    db
      .selectFrom('tickets as t')
      .leftJoin('sla_policies as sp', 'sp.id', 't.sla_policy_id')
      .leftJoin('sla_calendars as sc', (join) => join.on(coverageCalendar))
      .select(clockColumns)
      .select('sc.definition as calendar_definition')
      .where((eb) =>
        eb.and([
          ...conditions(eb as unknown as Eb, plan.shape, plan.values),
          eb(state, '=', 'running'),
          eb(due, '<=', horizon),
          ...(cursor ? [eb(due, '>=', cursor.k)] : []),
        ]),
      )
      .orderBy(due)
      .orderBy('t.id')
      .limit(BREACHING_CANDIDATES)
      .execute();
  const response = await byClock('t.response_sla', 't.response_due_at');
  const resolution = await byClock('t.resolution_sla', 't.resolution_due_at');
  type Candidate = (typeof response)[number];
  // Past the last due instant a full (capped) query reached, clocks may be missing: stop there.
  let scannedTo: string | null = null;
  for (const [rows, key] of [
    [response, 'response_due_at'],
    [resolution, 'resolution_due_at'],
  ] as const) {
    const last = rows.at(-1)?.[key];
    if (rows.length === BREACHING_CANDIDATES && last && (scannedTo === null || last < scannedTo))
      scannedTo = last;
  }
  /** The ticket's place in the queue: the earliest due among its urgent clocks (memoised). */
  const places = new Map<number, string | null>();
  const placeOf = (row: Candidate): string | null => {
    if (places.has(row.id)) return places.get(row.id) ?? null;
    const calendar = row.calendar_definition === null ? null : parseStoredCalendar(row.calendar_definition);
    let place: string | null = null;
    const clocks = [
      [row.response_sla, row.response_due_at, row.response_target_ms],
      [row.resolution_sla, row.resolution_due_at, row.resolution_target_ms],
    ] as const;
    for (const [state, dueAt, target] of clocks) {
      if (state !== 'running' || dueAt === null || (place !== null && dueAt >= place)) continue;
      const urgent =
        dueAt <= soon ||
        (calendar !== null &&
          target !== null &&
          businessTimeBetween(calendar, now, dueAt) < Number(target) * AT_RISK_SHARE);
      if (urgent) place = dueAt;
    }
    places.set(row.id, place);
    return place;
  };
  // Both clocks' candidates in due order; a ticket is placed when its own place comes up.
  const entries: { row: Candidate; due: string }[] = [];
  for (const row of response) if (row.response_due_at) entries.push({ row, due: row.response_due_at });
  for (const row of resolution) if (row.resolution_due_at) entries.push({ row, due: row.resolution_due_at });
  entries.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.row.id - b.row.id));
  const placed: { id: number; due: string }[] = [];
  const seen = new Set<number>();
  for (const { row, due } of entries) {
    if (scannedTo !== null && due >= scannedTo) break;
    if (seen.has(row.id)) continue;
    if (cursor && (due < cursor.k || (due === cursor.k && row.id <= cursor.id))) continue;
    if (placeOf(row) !== due) continue;
    seen.add(row.id);
    placed.push({ id: row.id, due });
    if (placed.length > input.limit) break;
  }
  const page = placed.slice(0, input.limit);
  const named = page.length
    ? ((await ticketListRows(db)
        .where(
          't.id',
          'in',
          page.map((p) => p.id),
        )
        .execute()) as TicketListRow[])
    : [];
  const byId = new Map(named.map((row) => [row.id, row]));
  const last = page.at(-1);
  return {
    rows: page.flatMap(({ id }) => {
      const row = byId.get(id);
      return row ? [listed(row, now)] : [];
    }),
    nextCursor:
      placed.length > input.limit && last
        ? encodeCursor({ k: last.due, id: last.id })
        : scannedTo !== null
          ? encodeCursor({ k: scannedTo, id: 0 })
          : null,
  };
}

/** The ticket lists (see above): `list` reads one page, staff queues and the breaching-soon queue alike. */
export const ticketListsRepository = Object.freeze({ list: listTickets });
