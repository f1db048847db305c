import { message } from '../../../shared/i18n/i18n.ts';
import { rolePermissions, type StaffRole, staffRoles } from '../../../shared/permissions.ts';
import type { OrganisationSettings } from '../../../shared/schemas/settings.ts';
import type {
  AttachmentResponse,
  TicketDetail,
  TicketPriority,
  TicketStatus,
} from '../../../shared/schemas/tickets.ts';
import { requireAccess } from '../../platform/access/require-access.ts';
import type { Actor } from '../../platform/actor.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { errors } from '../../platform/errors.ts';
import { defaultSettings } from '../settings/settings.service.ts';
import { type PendingEvent, publishAll, type TicketEventType } from './live.ts';
import { policyOfRow, recordSla, slaHistory, summaryOfClocks, ticketSlaView } from './sla-record.ts';
import type { TicketsContext, TicketsLogger } from './tickets.context.ts';
import { isStaff, ticketPolicies, type VisibleRow } from './tickets.policies.ts';
import { presentDetail, ticketNumber, type Viewer } from './tickets.presenter.ts';
import { ticketsRepository as repo, type TicketRow, type TicketUpdate } from './tickets.repository.ts';

export const DAY_MS = 86_400_000;
export const FINISHED: readonly TicketStatus[] = ['resolved', 'closed'];
/** Roles whose staff may be assigned tickets. */
export const ASSIGNABLE_ROLES = staffRoles.filter((r) => rolePermissions[r].includes('tickets:manage'));

/** The ticket row plus what the write paths decide with. */
export type Loaded = VisibleRow;

/*
 * What every ticket operation shares: who may see a ticket, the settings and people checks, and the
 * writes behind a new ticket, a message and a status change (their domain events, SLA record and audit go
 * with them, in the caller's transaction).
 */

// -------------------------------------------------------------------------------------------
// Access

export async function orgSettings(ctx: TicketsContext, db?: DbOrTrx): Promise<OrganisationSettings> {
  return (await ctx.settings.current(db)) ?? defaultSettings('Portico');
}

/** A contact's tickets vanish (404) when the provider switches the feature off. */
export async function requireFeature(ctx: TicketsContext, actor: Actor, db?: DbOrTrx): Promise<void> {
  if (actor.kind !== 'contact') return;
  if (!(await ctx.settings.enabledFeatures(db)).includes('tickets'))
    throw errors.notFound(message('errors:notFound.page'));
}

export async function viewerFor(ctx: TicketsContext, actor: Actor, db?: DbOrTrx): Promise<Viewer> {
  const settings = await orgSettings(ctx, db);
  // The person's own language (a contact's: else their client's), else the organisation's.
  const language = actor.language ?? settings.language;
  if (isStaff(actor)) return { forContact: false, showTime: true, language };
  return { forContact: true, showTime: settings.portalShowTimeLogged, language };
}

/**
 * The ticket if `actor` may see it (ticketPolicies.read); 404 otherwise (another client's ticket is
 * never 403). `db` is the actor's scoped handle.
 */
export async function loadVisible(
  ctx: TicketsContext,
  db: DbOrTrx,
  actor: Actor,
  ticketId: number,
): Promise<Loaded> {
  await requireAccess(db, ticketPolicies.read);
  await requireFeature(ctx, actor, db);
  const [row] = await requireAccess(db, ticketPolicies.read, [ticketId]);
  return row as Loaded;
}

export function reopenUntil(
  ticket: Pick<TicketRow, 'status' | 'closed_at'>,
  s: OrganisationSettings,
): string | null {
  if (ticket.status !== 'closed' || !ticket.closed_at || s.ticketReopenDays <= 0) return null;
  return new Date(Date.parse(ticket.closed_at) + s.ticketReopenDays * DAY_MS).toISOString();
}

export function mayReopen(ticket: TicketRow, s: OrganisationSettings, now: string): boolean {
  if (ticket.merged_into_id !== null) return false;
  if (ticket.status === 'resolved') return true;
  const until = reopenUntil(ticket, s);
  return until !== null && now < until;
}

export function closedConflict(ticket: TicketRow) {
  if (ticket.merged_into_id !== null) {
    return errors.conflict(
      'ticket_merged',
      message('errors:tickets.mergedContinueThere', { ticket: ticketNumber(ticket.merged_into_id) }),
    );
  }
  return errors.conflict('reopen_window_passed', message('errors:tickets.reopenWindowPassed'));
}

export async function requireAssignable(db: DbOrTrx, accountId: number): Promise<void> {
  const [account] = await repo.staffAccounts(db, [accountId]);
  if (account?.status !== 'active' || !ASSIGNABLE_ROLES.includes(account.staff_role as StaffRole)) {
    throw errors.validation(
      { assigneeAccountId: message('errors:tickets.assigneeField') },
      message('errors:tickets.assigneeInvalid'),
    );
  }
}

export async function requireCategory(ctx: TicketsContext, db: DbOrTrx, categoryId: number): Promise<void> {
  if (!(await ctx.supportConfig.category(db, categoryId))) {
    throw errors.validation(
      { categoryId: message('errors:tickets.categoryField') },
      message('errors:tickets.categoryInvalid'),
    );
  }
}

export async function requireRequester(db: DbOrTrx, contactId: number, clientId: number): Promise<void> {
  if (!(await repo.contactOfClient(db, contactId, clientId))) {
    throw errors.validation(
      { requesterContactId: message('errors:tickets.contactOfClientField') },
      message('errors:tickets.requesterInvalid'),
    );
  }
}

/** A ticket's site must be one of its client's (another client's site reads as not found: 422). */
export async function requireSite(db: DbOrTrx, siteId: number, clientId: number): Promise<void> {
  if (!(await repo.siteOfClient(db, siteId, clientId))) {
    throw errors.validation(
      { siteId: message('errors:tickets.siteOfClientField') },
      message('errors:tickets.siteInvalid'),
    );
  }
}

export async function eventFor(
  db: DbOrTrx,
  ticket: Pick<TicketRow, 'id' | 'client_id' | 'requester_contact_id'>,
  type: TicketEventType,
  internal = false,
): Promise<PendingEvent> {
  return {
    type,
    clientId: ticket.client_id,
    data: {
      ticketId: ticket.id,
      internal,
      requesterContactId: ticket.requester_contact_id,
      contactWatcherIds: await repo.contactWatcherIds(db, ticket.id),
    },
  };
}

/** Publishes committed changes on the event bus (failures are logged, see publishAll). */
export function publish(ctx: TicketsContext, pending: readonly PendingEvent[]): Promise<void> {
  return publishAll(ctx.events, pending, ctx.log);
}

export function setLogger(ctx: TicketsContext, logger: TicketsLogger): void {
  ctx.log = logger;
}

// -------------------------------------------------------------------------------------------
// Writes shared by the portal, the staff app and email

/** Moves a ticket to `to`: the history row, the resolved/closed stamps, the domain event. */
export async function changeStatus(
  ctx: TicketsContext,
  trx: DbOrTrx,
  ticket: TicketRow,
  to: TicketStatus,
  actorAccountId: number | null,
  at: string,
  /** The public reply that makes the change (its email tells of the status too). */
  reply: {
    messageId: number;
    authorAccountId: number | null;
    authorContactId: number | null;
  } | null = null,
): Promise<boolean> {
  const from = ticket.status as TicketStatus;
  if (from === to) return false;
  const update: TicketUpdate = { status: to, updated_at: at, public_updated_at: at };
  if (to === 'resolved') {
    update.resolved_at = at;
    update.closed_at = null;
  } else if (to === 'closed') {
    update.closed_at = at;
  } else {
    update.resolved_at = null;
    update.closed_at = null;
  }
  await repo.update(trx, ticket.id, update);
  await repo.insertStatusChange(trx, {
    ticket_id: ticket.id,
    status: to,
    at,
    actor_account_id: actorAccountId,
  });
  Object.assign(ticket, update);
  await ctx.domainEvents.publish(trx, 'ticket.status-changed', {
    ticketId: ticket.id,
    clientId: ticket.client_id,
    from,
    to,
    at,
    actorAccountId,
    reply,
  });
  return true;
}

export interface OpenInput {
  clientId: number;
  requesterContactId: number | null;
  subject: string;
  description: string;
  priority: TicketPriority;
  categoryId: number | null;
  /** The client's site the ticket is about (checked by the caller); null: none named. */
  siteId?: number | null;
  affected: string[];
  /** undefined: the assignment rules decide; null: unassigned. */
  assigneeAccountId: number | null | undefined;
  createdByAccountId: number | null;
  source: 'portal' | 'staff' | 'email';
  auditActor: Actor | 'system';
  meta?: RequestMeta;
  /** Attach files in the transaction, before the ticket.created event. */
  attach?: (trx: DbOrTrx, ticketId: number) => Promise<void>;
}

export async function openTicket(
  ctx: TicketsContext,
  trx: DbOrTrx,
  input: OpenInput,
): Promise<{ id: number; event: PendingEvent }> {
  const { clock, supportConfig, audit, domainEvents } = ctx;
  const at = clock().toISOString();
  const siteId = input.siteId ?? null;
  const policy = await supportConfig.policyForClient(trx, input.clientId, siteId);
  const assignee =
    input.assigneeAccountId !== undefined
      ? input.assigneeAccountId
      : await supportConfig.pickAssignee(trx, { clientId: input.clientId, categoryId: input.categoryId });
  const targets = policy?.targets[input.priority] ?? null;
  const id = await repo.insert(trx, {
    client_id: input.clientId,
    requester_contact_id: input.requesterContactId,
    subject: input.subject,
    description: input.description,
    priority: input.priority,
    status: 'new',
    category_id: input.categoryId,
    assignee_account_id: assignee,
    created_by_account_id: input.createdByAccountId,
    source: input.source,
    affected: JSON.stringify(input.affected),
    sla_policy_id: policy?.id ?? null,
    contract_id: policy?.contract?.id ?? null,
    site_id: siteId,
    sla_calendar_id: policy?.coverageCalendarId ?? null,
    response_target_ms: targets ? targets.responseMinutes * 60_000 : null,
    resolution_target_ms: targets ? targets.resolutionMinutes * 60_000 : null,
    first_response_at: null,
    resolved_at: null,
    closed_at: null,
    response_due_at: null,
    resolution_due_at: null,
    sla_paused_ms: 0,
    response_sla: 'none',
    resolution_sla: 'none',
    time_spent_minutes: 0,
    merged_into_id: null,
    updated_at: at,
    public_updated_at: at,
    created_at: at,
  });
  await repo.insertStatusChange(trx, {
    ticket_id: id,
    status: 'new',
    at,
    actor_account_id: input.createdByAccountId,
  });
  await input.attach?.(trx, id);
  await recordSla(trx, id, at);
  await audit.record(trx, {
    actor: input.auditActor,
    action: 'ticket.created',
    clientId: input.clientId,
    target: { type: 'ticket', id },
    details: {
      subject: input.subject,
      priority: input.priority,
      source: input.source,
      assigneeAccountId: assignee,
    },
    ...(input.meta ? { meta: input.meta } : {}),
  });
  await domainEvents.publish(trx, 'ticket.created', {
    ticketId: id,
    clientId: input.clientId,
    source: input.source,
    createdByAccountId: input.createdByAccountId,
    description: input.description,
  });
  return {
    id,
    event: {
      type: 'ticket.created',
      clientId: input.clientId,
      data: {
        ticketId: id,
        internal: false,
        requesterContactId: input.requesterContactId,
        contactWatcherIds: [],
      },
    },
  };
}

export interface MessageWrite {
  authorKind: 'staff' | 'contact' | 'system';
  authorAccountId: number | null;
  authorContactId: number | null;
  authorName: string;
  body: string;
  internal: boolean;
  source: 'portal' | 'staff' | 'email';
  timeSpentMinutes: number;
  emailMessageId: string | null;
  /** Staff: the status to set with the message. */
  status?: TicketStatus | undefined;
  auditActor: Actor | 'system';
  meta?: RequestMeta;
  attach?: (trx: DbOrTrx, ticketId: number, messageId: number) => Promise<void>;
}

/**
 * Adds a message and applies the status rules: a contact's reply to a ticket waiting on them, or
 * resolved, or closed within the reopen window, moves it to Open (a closed one past the window is a
 * 409); a staff public reply on a New ticket opens it unless the reply sets a status.
 */
export async function addMessage(
  ctx: TicketsContext,
  trx: DbOrTrx,
  ticket: TicketRow,
  m: MessageWrite,
): Promise<{ messageId: number; event: PendingEvent }> {
  const { clock, audit, domainEvents } = ctx;
  const at = clock().toISOString();
  const from = ticket.status as TicketStatus;
  let next: TicketStatus | null = null;
  if (m.authorKind === 'contact') {
    if (from === 'closed') {
      if (!mayReopen(ticket, await orgSettings(ctx, trx), at)) throw closedConflict(ticket);
      next = 'open';
    } else if (from === 'waiting-on-client' || from === 'resolved') {
      next = 'open';
    }
  } else if (m.authorKind === 'staff') {
    if (m.status) next = m.status;
    else if (!m.internal && from === 'new') next = 'open';
  }
  const messageId = await repo.insertMessage(trx, {
    ticket_id: ticket.id,
    author_kind: m.authorKind,
    author_account_id: m.authorAccountId,
    author_contact_id: m.authorContactId,
    author_name: m.authorName,
    body: m.body,
    internal: m.internal ? 1 : 0,
    source: m.source,
    time_spent_minutes: m.timeSpentMinutes,
    email_message_id: m.emailMessageId,
    created_at: at,
  });
  const update: TicketUpdate = {
    updated_at: at,
    time_spent_minutes: ticket.time_spent_minutes + m.timeSpentMinutes,
  };
  if (!m.internal) update.public_updated_at = at;
  if (m.authorKind === 'staff' && !m.internal && ticket.first_response_at === null)
    update.first_response_at = at;
  await repo.update(trx, ticket.id, update);
  Object.assign(ticket, update);
  await m.attach?.(trx, ticket.id, messageId);
  const reply =
    !m.internal && m.authorKind !== 'system'
      ? { messageId, authorAccountId: m.authorAccountId, authorContactId: m.authorContactId }
      : null;
  const changed = next !== null && (await changeStatus(ctx, trx, ticket, next, m.authorAccountId, at, reply));
  await recordSla(trx, ticket.id, at);
  await domainEvents.publish(trx, 'ticket.replied', {
    ticketId: ticket.id,
    clientId: ticket.client_id,
    messageId,
    authorKind: m.authorKind,
    internal: m.internal,
    status: ticket.status as TicketStatus,
  });
  if (changed) {
    await audit.record(trx, {
      actor: m.auditActor,
      action: 'ticket.updated',
      clientId: ticket.client_id,
      target: { type: 'ticket', id: ticket.id },
      details: {
        status: { from, to: next },
        via: m.source === 'email' ? 'email reply' : 'reply',
        messageId,
      },
      ...(m.meta ? { meta: m.meta } : {}),
    });
  }
  // An internal note that also changed the status changed something a contact sees.
  return { messageId, event: await eventFor(trx, ticket, 'ticket.message', m.internal && !changed) };
}

/** One ticket as `actor` may see it (creating, changing and merging answer with it too). */
export async function detail(
  ctx: TicketsContext,
  actor: Actor,
  ticketId: number,
  db: DbOrTrx = ctx.database.forActor(actor).db,
): Promise<TicketDetail> {
  const { clock, attachments } = ctx;
  const visible = await loadVisible(ctx, db, actor, ticketId);
  const row = await repo.findWithNames(db, visible.id);
  if (!row) throw errors.notFound(message('errors:notFound.ticket'));
  const s = await orgSettings(ctx, db);
  const viewer = await viewerFor(ctx, actor, db);
  const now = clock().toISOString();
  const history = await repo.statusHistoryWithActors(db, row.id);
  const policy = policyOfRow(row);
  const { sla, clocks } = ticketSlaView(policy, row, history, now);
  const all = await attachments.listForTickets(db, [row.id], { includeInternal: !viewer.forContact });
  const watchers = await repo.watchers(db, row.id);
  const staff = isStaff(actor);
  const manage = staff && actor.permissions.has('tickets:manage');
  const contactWrites =
    actor.kind === 'contact' && actor.permissions.has('tickets:create') && !actor.previewBy;
  const open = !FINISHED.includes(row.status as TicketStatus);
  const reopenable = mayReopen(row, s, now);
  const unauthenticatedEmailId =
    staff && row.source === 'email' ? await repo.unauthenticatedOpeningEmail(db, row.id) : null;
  return presentDetail(row, viewer, {
    unauthenticatedEmailId,
    sla,
    slaHistory: slaHistory(
      policy,
      clocks,
      history,
      { firstResponder: row.first_responder_name ?? null },
      now,
    ),
    slaSummary: summaryOfClocks(clocks),
    attachments: all.filter((a) => a.messageId === null).map(stripTicketId),
    watchers,
    can: {
      reply:
        manage || (contactWrites && row.merged_into_id === null && (row.status !== 'closed' || reopenable)),
      close: (manage && row.status !== 'closed') || (contactWrites && row.status === 'resolved'),
      reopen: (manage && !open) || (contactWrites && reopenable),
      manage,
    },
    reopenUntil: row.merged_into_id === null ? reopenUntil(row, s) : null,
  });
}

export function stripTicketId(a: AttachmentResponse & { ticketId?: number }): AttachmentResponse {
  const { ticketId: _t, ...rest } = a;
  return rest;
}
