import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import {
  openStatuses,
  type SlaSummary,
  type TicketQueueView,
  type TicketStatus,
  type ticketSorts,
} from '../../../shared/schemas/tickets.ts';
import { AT_RISK_SHARE, businessTimeBetween } from '../../../shared/sla-time.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import type { DB } from '../../platform/db/schema.ts';
import { type Cursor, encodeCursor } from '../../platform/pagination.ts';
import { policyOfRow, summaryOfRecord } from './sla-record.ts';
import { likePattern, type TicketWithNames, ticketsWithNames } from './tickets.repository.ts';

/**
 * The ticket list: one query for a page whatever its size (names and the SLA calendar come by joins;
 * SLA summaries are computed from recorded columns), keyset-paginated on (sort column, id).
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
const BREACHING_CANDIDATES = 2000;
const SOON_MS = 4 * 3_600_000;
const MAX_ID = 2_147_483_647;

function conditions(eb: Eb, scope: ListScope, f: ListFilters): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  if (scope.contact) {
    const { clientId, contactId, onlyMine } = scope.contact;
    out.push(eb('t.client_id', '=', clientId));
    if (onlyMine) {
      out.push(
        eb.or([
          eb('t.requester_contact_id', '=', contactId),
          eb.exists(
            eb
              .selectFrom('ticket_watchers as w')
              .select('w.id')
              .whereRef('w.ticket_id', '=', 't.id')
              .where('w.contact_id', '=', contactId),
          ),
        ]),
      );
    }
  }
  const q = f.q?.trim();
  if (q) {
    const number = /^#?(\d{1,10})$/.exec(q);
    const n = number ? Number(number[1]) : null;
    const subject = sql<SqlBool>`lower(${sql.ref('t.subject')}) like ${likePattern(q)} escape '\\'`;
    if (n !== null && q.startsWith('#')) out.push(n <= MAX_ID ? eb('t.id', '=', n) : sql<SqlBool>`1 = 0`);
    else if (n !== null && n <= MAX_ID) out.push(eb.or([eb('t.id', '=', n), subject]));
    else out.push(subject);
  }
  let statuses: readonly TicketStatus[] | null = f.status?.length ? f.status : null;
  if (!scope.contact) {
    switch (f.view ?? 'all') {
      case 'unassigned':
        out.push(eb('t.assignee_account_id', 'is', null));
        break;
      case 'mine':
        out.push(eb('t.assignee_account_id', '=', scope.staffAccountId ?? -1));
        break;
      case 'waiting-on-client':
        statuses = (statuses ?? ['waiting-on-client']).filter((s) => s === 'waiting-on-client');
        break;
      case 'breaching-soon':
        statuses = (statuses ?? openStatuses).filter((s) => openStatuses.includes(s));
        break;
      default:
        break;
    }
    statuses ??= openStatuses;
    if (f.clientId !== undefined) out.push(eb('t.client_id', '=', f.clientId));
    if (f.assigneeAccountId !== undefined) out.push(eb('t.assignee_account_id', '=', f.assigneeAccountId));
  }
  if (statuses) out.push(statuses.length ? eb('t.status', 'in', statuses) : sql<SqlBool>`1 = 0`);
  if (f.priority?.length) out.push(eb('t.priority', 'in', f.priority));
  if (f.categoryId !== undefined) out.push(eb('t.category_id', '=', f.categoryId));
  return out;
}

export interface ListedRow {
  row: TicketWithNames;
  sla: SlaSummary;
}

export async function listTickets(
  db: DbOrTrx,
  input: {
    scope: ListScope;
    filters: ListFilters;
    sort: (typeof ticketSorts)[number];
    cursor: Cursor | null;
    limit: number;
    now: string;
  },
): Promise<{ rows: ListedRow[]; nextCursor: string | null }> {
  const { scope, filters, now } = input;
  if (!scope.contact && filters.view === 'breaching-soon') return breachingSoon(db, input);

  const [by, dir] = input.sort.split('-') as ['updated' | 'created', 'asc' | 'desc'];
  const col = by === 'created' ? 't.created_at' : scope.contact ? 't.public_updated_at' : 't.updated_at';
  const op = dir === 'asc' ? '>' : '<';
  let query = ticketsWithNames(db).where((eb) => eb.and(conditions(eb as unknown as Eb, scope, filters)));
  const cursor = input.cursor;
  if (cursor) {
    const k = String(cursor.k ?? '');
    query = query.where((eb) =>
      eb.or([eb(col, op, k), eb.and([eb(col, '=', k), eb('t.id', op, cursor.id)])]),
    );
  }
  const rows = (await query
    .orderBy(col, dir)
    .orderBy('t.id', dir)
    .limit(input.limit + 1)
    .execute()) as TicketWithNames[];
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const key = (r: TicketWithNames) =>
    by === 'created' ? r.created_at : scope.contact ? r.public_updated_at : r.updated_at;
  return {
    rows: page.map((row) => ({ row, sla: summaryOfRecord(row, policyOfRow(row)?.calendar ?? null, now) })),
    nextCursor: rows.length > input.limit && last ? encodeCursor({ k: key(last), id: last.id }) : null,
  };
}

/**
 * Open tickets with a running clock due within four hours or at risk (under 25 % of its target left in
 * business time), most urgent first. At-risk needs the calendar, so candidates (running clocks due
 * within a month, the most urgent BREACHING_CANDIDATES of each clock, by index) are weighed in code:
 * two queries whatever the page size.
 */
async function breachingSoon(
  db: DbOrTrx,
  input: Parameters<typeof listTickets>[1],
): Promise<{ rows: ListedRow[]; nextCursor: string | null }> {
  const { scope, filters, now } = input;
  const nowMs = Date.parse(now);
  const horizon = new Date(nowMs + BREACHING_HORIZON_MS).toISOString();
  const soon = new Date(nowMs + SOON_MS).toISOString();
  const from = input.cursor ? String(input.cursor.k) : null;
  // One query per clock, each walking its (state, due) index from the most urgent.
  const byClock = async (
    state: 't.response_sla' | 't.resolution_sla',
    due: 't.response_due_at' | 't.resolution_due_at',
  ) =>
    (await ticketsWithNames(db)
      .where((eb) =>
        eb.and([
          ...conditions(eb as unknown as Eb, scope, filters),
          eb(state, '=', 'running'),
          eb(due, '<=', horizon),
          ...(from !== null ? [eb(due, '>=', from)] : []),
        ]),
      )
      .orderBy(due)
      .orderBy('t.id')
      .limit(BREACHING_CANDIDATES)
      .execute()) as TicketWithNames[];
  const response = await byClock('t.response_sla', 't.response_due_at');
  const resolution = await byClock('t.resolution_sla', 't.resolution_due_at');
  // Past the last due instant a full (capped) query reached, rows may be missing: stop there.
  let scannedTo: string | null = null;
  for (const [rows, key] of [
    [response, 'response_due_at'],
    [resolution, 'resolution_due_at'],
  ] as const) {
    const last = rows.at(-1)?.[key];
    if (rows.length === BREACHING_CANDIDATES && last && (scannedTo === null || last < scannedTo))
      scannedTo = last;
  }
  const candidates = new Map<number, TicketWithNames>();
  for (const row of [...response, ...resolution]) candidates.set(row.id, row);

  const urgent: { row: TicketWithNames; due: string }[] = [];
  for (const row of candidates.values()) {
    const calendar = policyOfRow(row)?.calendar ?? null;
    let due: string | null = null;
    const clocks = [
      [row.response_sla, row.response_due_at, row.response_target_ms],
      [row.resolution_sla, row.resolution_due_at, row.resolution_target_ms],
    ] as const;
    for (const [state, dueAt, target] of clocks) {
      if (state !== 'running' || dueAt === null) continue;
      const atRisk =
        calendar !== null &&
        target !== null &&
        businessTimeBetween(calendar, now, dueAt) < Number(target) * AT_RISK_SHARE;
      if ((dueAt <= soon || atRisk) && (due === null || dueAt < due)) due = dueAt;
    }
    if (due !== null && (scannedTo === null || due < scannedTo)) urgent.push({ row, due });
  }
  urgent.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.row.id - b.row.id));
  const cursor = input.cursor;
  const after = cursor
    ? urgent.filter((u) => u.due > String(cursor.k) || (u.due === String(cursor.k) && u.row.id > cursor.id))
    : urgent;
  const page = after.slice(0, input.limit);
  const last = page.at(-1);
  return {
    rows: page.map(({ row }) => ({
      row,
      sla: summaryOfRecord(row, policyOfRow(row)?.calendar ?? null, now),
    })),
    nextCursor:
      after.length > input.limit && last
        ? encodeCursor({ k: last.due, id: last.row.id })
        : scannedTo !== null
          ? encodeCursor({ k: scannedTo, id: 0 })
          : null,
  };
}
