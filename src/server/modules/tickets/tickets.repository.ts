import { type ExpressionBuilder, type Selectable, sql } from 'kysely';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { prepared, preparedShapes } from '../../platform/db/prepared.ts';
import type { DB, SlaRecordState, TicketMessageTable, TicketTable } from '../../platform/db/schema.ts';
import { INSERT_CHUNK } from '../../platform/jobs.ts';

export type TicketRow = Selectable<TicketTable>;
export type MessageRow = Selectable<TicketMessageTable>;

/** A ticket with the names pages show and the SLA policy's calendar, read by joins in one query. */
export type TicketWithNames = TicketRow & {
  client_name: string;
  requester_name: string | null;
  assignee_name: string | null;
  category_name: string | null;
  policy_name: string | null;
  pausing_statuses: string | null;
  calendar_id: number | null;
  calendar_name: string | null;
  calendar_definition: string | null;
  calendar_updated_at: string | null;
  /** The contract the ticket was opened under (its page only). */
  contract_name?: string | null;
  /** The label of the ticket's site (its page only). */
  site_label?: string | null;
  /** Who gave the first public staff reply (its page only). */
  first_responder_name?: string | null;
};

/** The columns a ticket list shows (no description: reading it for 25 rows costs more than the page). */
const listColumns = [
  't.id',
  't.subject',
  't.status',
  't.priority',
  't.category_id',
  't.client_id',
  't.requester_contact_id',
  't.assignee_account_id',
  't.sla_policy_id',
  't.response_sla',
  't.resolution_sla',
  't.response_due_at',
  't.resolution_due_at',
  't.response_target_ms',
  't.resolution_target_ms',
  't.updated_at',
  't.public_updated_at',
  't.created_at',
] as const;

type ListColumn = (typeof listColumns)[number] extends `t.${infer C}` ? C : never;

/** A ticket as lists show it: the list columns, the names and the SLA calendar. */
export type TicketListRow = Pick<TicketRow, ListColumn> & Omit<TicketWithNames, keyof TicketRow>;

export type TicketUpdate = Partial<Omit<TicketRow, 'id' | 'client_id' | 'created_at'>>;

/** "50%_off" is searched for literally: LIKE's wildcards in the search text are escaped. */
export function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The calendar a ticket's clocks count on: the coverage hours it recorded from its contract
 * (tickets.sla_calendar_id), else its policy's own calendar. Joined as `sc` onto `tickets as t` and
 * `sla_policies as sp`.
 */
export function coverageCalendar(
  eb: ExpressionBuilder<
    DB & { t: DB['tickets']; sp: DB['sla_policies']; sc: DB['sla_calendars'] },
    't' | 'sp' | 'sc'
  >,
) {
  return eb('sc.id', '=', eb.fn.coalesce('t.sla_calendar_id', 'sp.calendar_id'));
}

/** Every name a ticket page shows and its SLA calendar, joined onto `tickets as t`. */
function withNames(db: DbOrTrx) {
  return db
    .selectFrom('tickets as t')
    .innerJoin('clients as cl', 'cl.id', 't.client_id')
    .leftJoin('contacts as rc', 'rc.id', 't.requester_contact_id')
    .leftJoin('accounts as aa', 'aa.id', 't.assignee_account_id')
    .leftJoin('ticket_categories as cat', 'cat.id', 't.category_id')
    .leftJoin('sla_policies as sp', 'sp.id', 't.sla_policy_id')
    .leftJoin('sla_calendars as sc', (join) => join.on(coverageCalendar))
    .select([
      'cl.name as client_name',
      'rc.name as requester_name',
      'aa.name as assignee_name',
      'cat.name as category_name',
      'sp.name as policy_name',
      'sp.pausing_statuses as pausing_statuses',
      'sc.id as calendar_id',
      'sc.name as calendar_name',
      'sc.definition as calendar_definition',
      'sc.updated_at as calendar_updated_at',
    ]);
}

/** The whole ticket with every name and the SLA calendar joined in (a ticket's page, the SLA record). */
export function ticketsWithNames(db: DbOrTrx) {
  return withNames(db)
    .leftJoin('contracts as ct', 'ct.id', 't.contract_id')
    .leftJoin('client_sites as site', 'site.id', 't.site_id')
    .selectAll('t')
    .select(['ct.name as contract_name', 'site.label as site_label'])
    .select((eb) =>
      // Who gave the first response: the first public staff reply (never an internal note).
      eb
        .selectFrom('ticket_messages as fm')
        .select('fm.author_name')
        .whereRef('fm.ticket_id', '=', 't.id')
        .where('fm.author_kind', '=', 'staff')
        .where('fm.internal', '=', 0)
        .orderBy('fm.created_at')
        .orderBy('fm.id')
        .limit(1)
        .as('first_responder_name'),
    );
}

/** What a list shows of each ticket, with the names and the SLA calendar. */
export function ticketListRows(db: DbOrTrx) {
  return withNames(db).select(listColumns);
}

// The read behind opening a ticket, compiled once (see prepared()).
const withNamesById = prepared((db: DbOrTrx, id: number) => ticketsWithNames(db).where('t.id', '=', id));

/** A ticket row plus whether the contact reading it watches it (0 for staff). */
export type VisibleRow = TicketRow & { watching: number };

/** The tickets among `ids`, with whether `contact` watches each; a contact without `company` only sees
 * the tickets they raised or watch (the client filter is the access layer's). */
function visibleRows(db: DbOrTrx, ids: readonly unknown[], contact: { id: number; company: boolean } | null) {
  const q = db
    .selectFrom('tickets as t')
    .selectAll('t')
    .where('t.id', 'in', ids as number[]);
  if (!contact) return q.select((eb) => eb.lit(0).as('watching'));
  const watches = (eb: ExpressionBuilder<DB & { t: DB['tickets'] }, 't'>) =>
    eb.exists(
      eb
        .selectFrom('ticket_watchers as w')
        .select('w.id')
        .whereRef('w.ticket_id', '=', 't.id')
        .where('w.contact_id', '=', contact.id),
    );
  const withWatching = q.select((eb) => eb.case().when(watches(eb)).then(1).else(0).end().as('watching'));
  if (contact.company) return withWatching;
  return withWatching.where((eb) => eb.or([eb('t.requester_contact_id', '=', contact.id), watches(eb)]));
}

// One ticket, as every ticket page reads it: compiled once per shape (see prepared()).
const oneForStaff = prepared((db: DbOrTrx, id: number) => visibleRows(db, [id], null));
const oneForCompany = prepared((db: DbOrTrx, id: number, contactId: number) =>
  visibleRows(db, [id], { id: contactId, company: true }),
);
const oneForOwn = prepared((db: DbOrTrx, id: number, contactId: number) =>
  visibleRows(db, [id], { id: contactId, company: false }),
);

function statusHistoriesQuery(db: DbOrTrx, ticketIds: readonly number[]) {
  return db
    .selectFrom('ticket_status_changes')
    .select(['ticket_id', 'status', 'at'])
    .where('ticket_id', 'in', ticketIds)
    .orderBy('ticket_id')
    .orderBy('at')
    .orderBy('id');
}

// The reads behind opening a ticket and its conversation, compiled once (see prepared()).
const statusHistoryOf = prepared((db: DbOrTrx, ticketId: number) =>
  db
    .selectFrom('ticket_status_changes')
    .select(['ticket_id', 'status', 'at'])
    .where('ticket_id', '=', ticketId)
    .orderBy('at')
    .orderBy('id'),
);

// A ticket's status changes with who made them (its page's SLA history), oldest first.
const statusHistoryWithActorsOf = prepared((db: DbOrTrx, ticketId: number) =>
  db
    .selectFrom('ticket_status_changes as h')
    .leftJoin('accounts as who', 'who.id', 'h.actor_account_id')
    .select(['h.status', 'h.at', 'who.name as by'])
    .where('h.ticket_id', '=', ticketId)
    .orderBy('h.at')
    .orderBy('h.id'),
);

const watchersOf = prepared((db: DbOrTrx, ticketId: number) =>
  db
    .selectFrom('ticket_watchers as w')
    .innerJoin('tickets as t', 't.id', 'w.ticket_id')
    .leftJoin('accounts as a', (j) => j.onRef('a.id', '=', 'w.staff_account_id').on('a.kind', '=', 'staff'))
    .leftJoin('contacts as c', (j) =>
      j.onRef('c.id', '=', 'w.contact_id').onRef('c.client_id', '=', 't.client_id'),
    )
    .select(['w.id', 'w.staff_account_id', 'w.contact_id', 'a.name as staff_name', 'c.name as contact_name'])
    .where('w.ticket_id', '=', ticketId)
    .orderBy('w.id'),
);

function messagesOf(db: DbOrTrx, ticketId: number, includeInternal: boolean) {
  const q = db.selectFrom('ticket_messages').selectAll().where('ticket_id', '=', ticketId);
  return includeInternal ? q : q.where('internal', '=', 0);
}
const firstMessages = prepared((db: DbOrTrx, ticketId: number, limit: number) =>
  messagesOf(db, ticketId, true).orderBy('id').limit(limit),
);
const firstPublicMessages = prepared((db: DbOrTrx, ticketId: number, limit: number) =>
  messagesOf(db, ticketId, false).orderBy('id').limit(limit),
);
const messagesAfter = prepared((db: DbOrTrx, ticketId: number, afterId: number, limit: number) =>
  messagesOf(db, ticketId, true).where('id', '>', afterId).orderBy('id').limit(limit),
);
const publicMessagesAfter = prepared((db: DbOrTrx, ticketId: number, afterId: number, limit: number) =>
  messagesOf(db, ticketId, false).where('id', '>', afterId).orderBy('id').limit(limit),
);

// The statements of raising a ticket, compiled once (see prepared()). A ticket is a client's row: under
// a client scope its client_id is checked against the scope's on every insert (preparedShapes' clientValue).
const insertTicket = preparedShapes(
  (db: DbOrTrx, _shape: null, v: Omit<TicketRow, 'id'>) => db.insertInto('tickets').values(v).returning('id'),
  { everyValueUsed: true, clientValue: 'client_id' },
);
const insertStatusRow = prepared(
  (db: DbOrTrx, ticketId: number, status: string, at: string, actorAccountId: number | null) =>
    db
      .insertInto('ticket_status_changes')
      .values({ ticket_id: ticketId, status, at, actor_account_id: actorAccountId }),
);
const forSla = prepared((db: DbOrTrx, id: number) =>
  db
    .selectFrom('tickets as t')
    .leftJoin('sla_policies as sp', 'sp.id', 't.sla_policy_id')
    .leftJoin('sla_calendars as sc', (join) => join.on(coverageCalendar))
    .selectAll('t')
    .select([
      'sp.name as policy_name',
      'sp.pausing_statuses as pausing_statuses',
      'sc.id as calendar_id',
      'sc.name as calendar_name',
      'sc.definition as calendar_definition',
      'sc.updated_at as calendar_updated_at',
    ])
    .where('t.id', '=', id),
);
const statusHistoryById = prepared((db: DbOrTrx, ticketId: number) =>
  db
    .selectFrom('ticket_status_changes')
    .select(['status', 'at'])
    .where('ticket_id', '=', ticketId)
    .orderBy('at')
    .orderBy('id'),
);
const updateSlaFields = prepared(
  (
    db: DbOrTrx,
    id: number,
    responseDueAt: string | null,
    resolutionDueAt: string | null,
    pausedMs: number,
    responseSla: SlaRecordState,
    resolutionSla: SlaRecordState,
  ) =>
    db
      .updateTable('tickets')
      .set({
        response_due_at: responseDueAt,
        resolution_due_at: resolutionDueAt,
        sla_paused_ms: pausedMs,
        response_sla: responseSla,
        resolution_sla: resolutionSla,
      })
      .where('id', '=', id),
);

// The reads and writes of a ticket's notification emails (every ticket raised or answered), compiled
// once (see prepared()).
const staffAccountsById = preparedShapes(
  (db: DbOrTrx, _shape: null, v: { ids: number[] }) =>
    db
      .selectFrom('accounts')
      .select(['id', 'name', 'email', 'staff_role', 'status'])
      .where('kind', '=', 'staff')
      .where('id', 'in', v.ids),
  { everyValueUsed: true },
);
const staffWatchersOf = prepared((db: DbOrTrx, ticketId: number) =>
  db
    .selectFrom('ticket_watchers')
    .select('staff_account_id')
    .where('ticket_id', '=', ticketId)
    .where('staff_account_id', 'is not', null),
);
/** A ticket's requester and contact watchers, active, of the ticket's client, with their logins. */
function emailContactsQuery(db: DbOrTrx, ticketId: number, clientId: number) {
  return db
    .selectFrom('contacts as c')
    .leftJoin('accounts as a', (j) =>
      j.onRef('a.contact_id', '=', 'c.id').on('a.kind', '=', 'contact').on('a.status', '=', 'active'),
    )
    .leftJoin('ticket_watchers as w', (j) =>
      j.onRef('w.contact_id', '=', 'c.id').on('w.ticket_id', '=', ticketId),
    )
    .select([
      'c.id as contact_id',
      'c.name',
      'c.email as contact_email',
      'a.id as account_id',
      'a.email as account_email',
      'w.id as watcher_id',
    ])
    .where('c.client_id', '=', clientId)
    .where('c.status', '=', 'active')
    .orderBy('c.id');
}
const emailWatchingContacts = prepared((db: DbOrTrx, ticketId: number, clientId: number) =>
  emailContactsQuery(db, ticketId, clientId).where((eb) => eb.or([eb('w.id', 'is not', null)])),
);
const emailContactsWithRequester = prepared(
  (db: DbOrTrx, ticketId: number, clientId: number, requesterId: number) =>
    emailContactsQuery(db, ticketId, clientId).where((eb) =>
      eb.or([eb('w.id', 'is not', null), eb('c.id', '=', requesterId)]),
    ),
);
const insertEmailRefRows = preparedShapes(
  (
    db: DbOrTrx,
    _shape: null,
    v: { ticketIds: number[]; messageIds: string[]; accountIds: (number | null)[]; createdAt: string[] },
  ) =>
    db.insertInto('ticket_email_refs').values(
      v.ticketIds.map((_, i) => ({
        ticket_id: v.ticketIds[i] as number,
        message_id: v.messageIds[i] as string,
        account_id: v.accountIds[i] as number | null,
        created_at: v.createdAt[i] as string,
      })),
    ),
  { everyValueUsed: true },
);

export const ticketsRepository = Object.freeze({
  async insert(db: DbOrTrx, values: Omit<TicketRow, 'id'>): Promise<number> {
    const [row] = await insertTicket(db, '', null, values);
    if (!row) throw new Error('the ticket insert returned no id');
    return row.id;
  },

  findPlain(db: DbOrTrx, id: number): Promise<TicketRow | undefined> {
    return db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async findWithNames(db: DbOrTrx, id: number): Promise<TicketWithNames | undefined> {
    return (await withNamesById(db, id))[0] as TicketWithNames | undefined;
  },

  /**
   * The tickets among `ids` the handle's scope may see, with whether `contact` watches each, in one
   * query (ticketPolicies' rows). `contact`: null for staff and system scopes.
   */
  async visible(
    db: DbOrTrx,
    ids: readonly number[],
    contact: { id: number; company: boolean } | null,
  ): Promise<VisibleRow[]> {
    if (ids.length === 1) {
      const id = ids[0] as number;
      const rows = !contact
        ? await oneForStaff(db, id)
        : contact.company
          ? await oneForCompany(db, id, contact.id)
          : await oneForOwn(db, id, contact.id);
      return rows as VisibleRow[];
    }
    return (await visibleRows(db, ids, contact).execute()) as VisibleRow[];
  },

  async update(db: DbOrTrx, id: number, values: TicketUpdate): Promise<void> {
    if (Object.keys(values).length === 0) return;
    await db.updateTable('tickets').set(values).where('id', '=', id).execute();
  },

  async insertStatusChange(
    db: DbOrTrx,
    row: { ticket_id: number; status: string; at: string; actor_account_id: number | null },
  ): Promise<void> {
    await insertStatusRow(db, row.ticket_id, row.status, row.at, row.actor_account_id);
  },

  /** One ticket's status history with the name of who made each change (null: the system). */
  statusHistoryWithActors(
    db: DbOrTrx,
    ticketId: number,
  ): Promise<{ status: string; at: string; by: string | null }[]> {
    return statusHistoryWithActorsOf(db, ticketId);
  },

  /** Status histories of several tickets, oldest first, in one query. */
  async statusHistories(
    db: DbOrTrx,
    ticketIds: readonly number[],
  ): Promise<Map<number, { status: string; at: string }[]>> {
    const out = new Map<number, { status: string; at: string }[]>();
    if (ticketIds.length === 0) return out;
    const rows =
      ticketIds.length === 1
        ? await statusHistoryOf(db, ticketIds[0] as number)
        : await statusHistoriesQuery(db, ticketIds).execute();
    for (const r of rows) {
      const list = out.get(r.ticket_id) ?? [];
      list.push({ status: r.status, at: r.at });
      out.set(r.ticket_id, list);
    }
    return out;
  },

  async insertMessage(db: DbOrTrx, values: Omit<MessageRow, 'id'>): Promise<number> {
    const row = await db
      .insertInto('ticket_messages')
      .values(values)
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  /** A page of a ticket's messages, oldest first, after message `afterId`. */
  listMessages(
    db: DbOrTrx,
    ticketId: number,
    options: { includeInternal: boolean; afterId: number | null; limit: number },
  ): Promise<MessageRow[]> {
    const { includeInternal, afterId, limit } = options;
    if (afterId === null) {
      return includeInternal
        ? firstMessages(db, ticketId, limit + 1)
        : firstPublicMessages(db, ticketId, limit + 1);
    }
    return includeInternal
      ? messagesAfter(db, ticketId, afterId, limit + 1)
      : publicMessagesAfter(db, ticketId, afterId, limit + 1);
  },

  /**
   * Staff only (inbound_emails is staff-only): the messages of a ticket that came by an email whose sender
   * was not authenticated, with the received email's id.
   */
  unauthenticatedEmailMessages(db: DbOrTrx, ticketId: number) {
    return db
      .selectFrom('ticket_messages as m')
      .innerJoin('inbound_emails as ie', 'ie.message_id', 'm.email_message_id')
      .select(['m.id as message_id', 'ie.id as inbound_id'])
      .where('m.ticket_id', '=', ticketId)
      .where('ie.sender_auth', '=', 'fail')
      .execute();
  },

  /** Staff only: the received email that opened this ticket when its sender was not authenticated. */
  async unauthenticatedOpeningEmail(db: DbOrTrx, ticketId: number): Promise<number | null> {
    const row = await db
      .selectFrom('tickets as t')
      .innerJoin('inbound_emails as ie', 'ie.ticket_id', 't.id')
      .select('ie.id')
      .where('t.id', '=', ticketId)
      .where('ie.status', '=', 'created')
      .where('ie.sender_auth', '=', 'fail')
      .orderBy('ie.id')
      .limit(1)
      .executeTakeFirst();
    return row?.id ?? null;
  },

  findMessageByEmailId(db: DbOrTrx, emailMessageId: string) {
    return db
      .selectFrom('ticket_messages')
      .select(['id', 'ticket_id'])
      .where('email_message_id', '=', emailMessageId)
      .executeTakeFirst();
  },

  /** Watchers with names: staff accounts, and contacts (of the ticket's client only). */
  async watchers(
    db: DbOrTrx,
    ticketId: number,
  ): Promise<{ kind: 'staff' | 'contact'; id: number; name: string }[]> {
    const rows = await watchersOf(db, ticketId);
    const out: { kind: 'staff' | 'contact'; id: number; name: string }[] = [];
    for (const r of rows) {
      if (r.staff_account_id !== null && r.staff_name !== null) {
        out.push({ kind: 'staff', id: r.staff_account_id, name: r.staff_name });
      } else if (r.contact_id !== null && r.contact_name !== null) {
        out.push({ kind: 'contact', id: r.contact_id, name: r.contact_name });
      }
    }
    return out;
  },

  async contactWatcherIds(db: DbOrTrx, ticketId: number): Promise<number[]> {
    const rows = await db
      .selectFrom('ticket_watchers')
      .select('contact_id')
      .where('ticket_id', '=', ticketId)
      .where('contact_id', 'is not', null)
      .orderBy('contact_id')
      .execute();
    return rows.map((r) => r.contact_id as number);
  },

  /** Active staff accounts, with their role, by id. */
  async staffAccounts(db: DbOrTrx, ids: readonly number[]) {
    if (ids.length === 0) return [];
    return staffAccountsById(db, '', null, { ids: [...ids] });
  },

  /** The site if it is one of the client's. */
  siteOfClient(db: DbOrTrx, siteId: number, clientId: number) {
    return db
      .selectFrom('client_sites')
      .select(['id', 'label'])
      .where('id', '=', siteId)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
  },

  contactOfClient(db: DbOrTrx, contactId: number, clientId: number) {
    return db
      .selectFrom('contacts')
      .select(['id', 'name', 'email', 'status'])
      .where('id', '=', contactId)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
  },

  /** The sum of the time logged on a ticket's messages. */
  async timeSpent(db: DbOrTrx, ticketId: number): Promise<number> {
    const row = await db
      .selectFrom('ticket_messages')
      .select(sql<number>`coalesce(sum(time_spent_minutes), 0)`.as('minutes'))
      .where('ticket_id', '=', ticketId)
      .executeTakeFirstOrThrow();
    return Number(row.minutes);
  },
  /** Several tickets by id (bulk changes). */
  findMany(db: DbOrTrx, ids: readonly number[]): Promise<TicketRow[]> {
    return db.selectFrom('tickets').selectAll().where('id', 'in', ids).execute();
  },

  /** The ticket with its SLA policy's name and pausing statuses and its calendar (the SLA record). */
  async findForSla(db: DbOrTrx, id: number): Promise<TicketWithNames | undefined> {
    return (await forSla(db, id))[0] as TicketWithNames | undefined;
  },

  /** One ticket's status history, oldest first. */
  statusHistory(db: DbOrTrx, ticketId: number): Promise<{ status: string; at: string }[]> {
    return statusHistoryById(db, ticketId);
  },

  /** Records a ticket's SLA figures (recordSla). */
  async updateSla(
    db: DbOrTrx,
    id: number,
    f: {
      response_due_at: string | null;
      resolution_due_at: string | null;
      sla_paused_ms: number;
      response_sla: SlaRecordState;
      resolution_sla: SlaRecordState;
    },
  ): Promise<void> {
    await updateSlaFields(
      db,
      id,
      f.response_due_at,
      f.resolution_due_at,
      f.sla_paused_ms,
      f.response_sla,
      f.resolution_sla,
    );
  },

  /** Tickets whose running clock is due by `now`, earliest first (the SLA sweep; indexed on (state, due)). */
  dueClocks(
    db: DbOrTrx,
    state: 'response_sla' | 'resolution_sla',
    at: 'response_due_at' | 'resolution_due_at',
    now: string,
    limit: number,
  ): Promise<{ id: number }[]> {
    return db
      .selectFrom('tickets')
      .select('id')
      .where(state, '=', 'running')
      .where(at, '<=', now)
      .orderBy(at)
      .limit(limit)
      .execute();
  },

  /** Resolved tickets resolved at or before `cutoff` (auto-close). */
  resolvedBefore(db: DbOrTrx, cutoff: string, limit: number): Promise<{ id: number }[]> {
    return db
      .selectFrom('tickets')
      .select('id')
      .where('status', '=', 'resolved')
      .where('resolved_at', '<=', cutoff)
      .orderBy('id')
      .limit(limit)
      .execute();
  },

  findMessage(db: DbOrTrx, id: number): Promise<MessageRow | undefined> {
    return db.selectFrom('ticket_messages').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Moves every message of one ticket to another (merging). */
  async moveMessages(db: DbOrTrx, fromTicketId: number, toTicketId: number): Promise<void> {
    await db
      .updateTable('ticket_messages')
      .set({ ticket_id: toTicketId })
      .where('ticket_id', '=', fromTicketId)
      .execute();
  },

  /** The files of a message (names and sizes, for its email). */
  messageFiles(db: DbOrTrx, messageId: number): Promise<{ filename: string; size_bytes: number }[]> {
    return db
      .selectFrom('ticket_attachments')
      .select(['filename', 'size_bytes'])
      .where('message_id', '=', messageId)
      .orderBy('id')
      .execute();
  },

  /** A ticket's watcher rows (staff account or contact). */
  watcherRows(
    db: DbOrTrx,
    ticketId: number,
  ): Promise<{ staff_account_id: number | null; contact_id: number | null }[]> {
    return db
      .selectFrom('ticket_watchers')
      .select(['staff_account_id', 'contact_id'])
      .where('ticket_id', '=', ticketId)
      .execute();
  },

  async staffWatcherIds(db: DbOrTrx, ticketId: number): Promise<{ staff_account_id: number | null }[]> {
    return staffWatchersOf(db, ticketId);
  },

  async insertWatcher(
    db: DbOrTrx,
    values: {
      ticket_id: number;
      staff_account_id: number | null;
      contact_id: number | null;
      created_at: string;
    },
  ): Promise<void> {
    await db.insertInto('ticket_watchers').values(values).execute();
  },

  findWatcher(db: DbOrTrx, ticketId: number, column: 'staff_account_id' | 'contact_id', id: number) {
    return db
      .selectFrom('ticket_watchers')
      .select('id')
      .where('ticket_id', '=', ticketId)
      .where(column, '=', id)
      .executeTakeFirst();
  },

  /** Removes a watcher; the number of rows removed. */
  async deleteWatcher(
    db: DbOrTrx,
    ticketId: number,
    column: 'staff_account_id' | 'contact_id',
    id: number,
  ): Promise<number> {
    const removed = await db
      .deleteFrom('ticket_watchers')
      .where('ticket_id', '=', ticketId)
      .where(column, '=', id)
      .executeTakeFirst();
    return Number(removed.numDeletedRows);
  },

  /** The people of a ticket's client an email may go to: its watchers and its requester (active ones). */
  emailContacts(db: DbOrTrx, ticket: { id: number; client_id: number; requester_contact_id: number | null }) {
    return ticket.requester_contact_id === null
      ? emailWatchingContacts(db, ticket.id, ticket.client_id)
      : emailContactsWithRequester(db, ticket.id, ticket.client_id, ticket.requester_contact_id);
  },

  /** The portal account of a contact, if they have one. */
  accountOfContact(db: DbOrTrx, contactId: number) {
    return db
      .selectFrom('accounts')
      .select(['id', 'email', 'status'])
      .where('contact_id', '=', contactId)
      .where('kind', '=', 'contact')
      .executeTakeFirst();
  },

  /** A client a ticket may be opened for (reading whether it is archived). */
  clientForTicket(db: DbOrTrx, clientId: number) {
    return db
      .selectFrom('clients')
      .select(['id', 'archived_at'])
      .where('id', '=', clientId)
      .executeTakeFirst();
  },

  // Email threading records (ticket_email_refs) ------------------------------------------------------

  /** The ticket an email with this Message-ID opened or was recorded on. */
  ticketOfEmail(db: DbOrTrx, messageId: string) {
    return db
      .selectFrom('ticket_email_refs')
      .select('ticket_id')
      .where('message_id', '=', messageId)
      .executeTakeFirst();
  },

  /** Remembers an email that arrived for a ticket (once per Message-ID). */
  async insertInboundEmailRef(
    db: DbOrTrx,
    row: { ticket_id: number; message_id: string; account_id: number | null; created_at: string },
  ): Promise<void> {
    await db
      .insertInto('ticket_email_refs')
      .values(row)
      .onConflict((oc) => oc.column('message_id').doNothing())
      .execute();
  },

  /** Records emails sent about a ticket, INSERT_CHUNK rows a statement. */
  async insertEmailRefs(
    db: DbOrTrx,
    rows: readonly { ticket_id: number; message_id: string; account_id: number | null; created_at: string }[],
  ): Promise<void> {
    for (let at = 0; at < rows.length; at += INSERT_CHUNK) {
      const chunk = rows.slice(at, at + INSERT_CHUNK);
      await insertEmailRefRows(db, '', null, {
        ticketIds: chunk.map((r) => r.ticket_id),
        messageIds: chunk.map((r) => r.message_id),
        accountIds: chunk.map((r) => r.account_id),
        createdAt: chunk.map((r) => r.created_at),
      });
    }
  },
});
