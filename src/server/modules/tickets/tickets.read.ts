import type { z } from 'zod';
import { message } from '../../../shared/i18n/i18n.ts';
import {
  type AttachmentResponse,
  type TicketDetail,
  type TicketListResponse,
  type TicketMessage,
  type ticketListQuery,
  type ticketMessagesQuery,
  ticketQueueFilters,
} from '../../../shared/schemas/tickets.ts';
import { requireAccess } from '../../platform/access/require-access.ts';
import type { Actor } from '../../platform/actor.ts';
import { errors } from '../../platform/errors.ts';
import { decodeCursor, pageOf } from '../../platform/pagination.ts';
import { ticketViewsRepository as views } from './ticket-views.repository.ts';
import type { TicketsContext } from './tickets.context.ts';
import { detail, loadVisible, requireFeature, stripTicketId, viewerFor } from './tickets.core.ts';
import { contactSeesCompany, isStaff, ticketPolicies } from './tickets.policies.ts';
import { presentListItem, presentMessage } from './tickets.presenter.ts';
import { ticketsRepository as repo } from './tickets.repository.ts';
import {
  type ListFilters,
  type ListScope,
  ticketListsRepository as lists,
} from './tickets-lists.repository.ts';

type ListInput = z.output<typeof ticketListQuery>;
type MessagesQuery = z.output<typeof ticketMessagesQuery>;

// Reading tickets: the lists, one ticket, its conversation.

export async function listTickets(
  ctx: TicketsContext,
  actor: Actor,
  query: ListInput,
): Promise<TicketListResponse> {
  const { db } = ctx.database.forActor(actor);
  await requireAccess(db, ticketPolicies.read);
  await requireFeature(ctx, actor);
  const viewer = await viewerFor(ctx, actor);
  let filters: ListFilters;
  let scope: ListScope;
  if (isStaff(actor)) {
    if (query.scope !== undefined) {
      throw errors.validation(
        { scope: message('errors:tickets.scopeForContactsField') },
        message('errors:tickets.queryParamRefused'),
      );
    }
    let saved: Partial<ListFilters> = {};
    if (query.savedViewId !== undefined) {
      const view = await views.filtersOf(db, query.savedViewId, actor.accountId);
      if (!view) throw errors.notFound(message('errors:notFound.savedView'));
      const parsed = ticketQueueFilters.safeParse(JSON.parse(view.filters));
      saved = parsed.success ? parsed.data : {};
    }
    const given = Object.fromEntries(
      Object.entries({
        q: query.q,
        status: query.status,
        priority: query.priority,
        view: query.view,
        clientId: query.clientId,
        assigneeAccountId: query.assigneeAccountId,
        categoryId: query.categoryId,
      }).filter(([, v]) => v !== undefined),
    );
    filters = { ...saved, ...given };
    scope = { contact: null, staffAccountId: actor.accountId };
  } else {
    const company = query.scope === 'company';
    if (company && !contactSeesCompany(actor)) {
      throw errors.forbidden(message('errors:tickets.companyTicketsRefused'));
    }
    // The staff-only filters (client, assignee, queue views, saved views) are refused, not ignored:
    // a contact's list is always of their own client, and says so rather than seeming to filter.
    const staffOnly = (['view', 'clientId', 'assigneeAccountId', 'savedViewId'] as const).filter(
      (f) => query[f] !== undefined,
    );
    if (staffOnly.length) {
      throw errors.validation(
        Object.fromEntries(staffOnly.map((f) => [f, message('errors:tickets.staffFilterField')])),
        message('errors:tickets.queryParamRefused'),
      );
    }
    filters = { q: query.q, status: query.status, priority: query.priority, categoryId: query.categoryId };
    scope = {
      contact: { clientId: actor.clientId, contactId: actor.contactId, onlyMine: !company },
      staffAccountId: null,
    };
  }
  const { rows, nextCursor } = await lists.list(db, {
    scope,
    filters,
    sort: query.sort,
    cursor: decodeCursor(query.cursor),
    limit: query.limit,
    now: ctx.clock().toISOString(),
  });
  return { items: rows.map((r) => presentListItem(r.row, viewer, r.sla)), nextCursor };
}

export async function ticketMessages(
  ctx: TicketsContext,
  actor: Actor,
  ticketId: number,
  query: MessagesQuery,
): Promise<{ items: TicketMessage[]; nextCursor: string | null }> {
  const { db } = ctx.database.forActor(actor);
  const ticket = await loadVisible(ctx, db, actor, ticketId);
  const viewer = await viewerFor(ctx, actor);
  const cursor = decodeCursor(query.cursor);
  const rows = await repo.listMessages(db, ticket.id, {
    includeInternal: !viewer.forContact,
    afterId: cursor?.id ?? null,
    limit: query.limit,
  });
  const files = await ctx.attachments.listForTickets(db, [ticket.id], {
    includeInternal: !viewer.forContact,
  });
  const byMessage = new Map<number, AttachmentResponse[]>();
  for (const f of files) {
    if (f.messageId === null) continue;
    byMessage.set(f.messageId, [...(byMessage.get(f.messageId) ?? []), stripTicketId(f)]);
  }
  // Staff see which replies came by email from a sender that was not authenticated.
  const unauthenticated = new Map<number, number>();
  if (!viewer.forContact) {
    for (const m of await repo.unauthenticatedEmailMessages(db, ticket.id)) {
      unauthenticated.set(m.message_id, m.inbound_id);
    }
  }
  const page = pageOf(rows, query.limit, () => null);
  return {
    items: page.items.map((r) =>
      presentMessage(r, viewer, byMessage.get(r.id) ?? [], unauthenticated.get(r.id) ?? null),
    ),
    nextCursor: page.nextCursor,
  };
}

/** One ticket as `actor` may see it. */
export function ticketDetail(ctx: TicketsContext, actor: Actor, ticketId: number): Promise<TicketDetail> {
  return detail(ctx, actor, ticketId);
}
