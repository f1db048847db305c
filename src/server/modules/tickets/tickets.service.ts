import type { z } from 'zod';
import {
  type AttachmentResponse,
  type TicketDetail,
  type TicketListResponse,
  type TicketMessage,
  type TicketStatus,
  type ticketCreateBody,
  type ticketListQuery,
  type ticketMessageBody,
  type ticketMessagesQuery,
  type ticketPatchBody,
  ticketQueueFilters,
} from '../../../shared/schemas/tickets.ts';
import type { Actor } from '../../platform/actor.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { errors } from '../../platform/errors.ts';
import { decodeCursor, pageOf } from '../../platform/pagination.ts';
import { recordSla } from './sla-record.ts';
import { createTicketsAccess } from './tickets.access.ts';
import { createTicketCore, type TicketsDeps } from './tickets.core.ts';
import { recurringJobs } from './tickets.jobs.ts';
import { type ListFilters, type ListScope, listTickets } from './tickets.lists.ts';
import { createSlaMaintenance } from './tickets.maintenance.ts';
import { createTicketsManagement } from './tickets.manage.ts';
import { presentListItem, presentMessage } from './tickets.presenter.ts';
import { ticketsRepository as repo, type TicketUpdate } from './tickets.repository.ts';
import {
  contactSeesCompany,
  forbiddenFields,
  isStaff,
  requireReader,
  requireWriter,
  staffOnlyFields,
} from './tickets.scope.ts';

type CreateInput = z.output<typeof ticketCreateBody>;
type PatchInput = z.output<typeof ticketPatchBody>;
type MessageInput = z.output<typeof ticketMessageBody>;
type ListInput = z.output<typeof ticketListQuery>;
type MessagesQuery = z.output<typeof ticketMessagesQuery>;

export type { TicketsDeps };
export type TicketsService = ReturnType<typeof createTicketsService>;

/**
 * The tickets module's service: lists, detail and conversation, raising, replying and changing tickets
 * (here); the seam for other modules (tickets.access.ts); staff queue operations (tickets.manage.ts);
 * the SLA sweep and auto-close (tickets.maintenance.ts, scheduled by tickets.jobs.ts).
 */
export function createTicketsService(deps: TicketsDeps) {
  const core = createTicketCore(deps);
  const { database, clock, audit, attachments, supportConfig } = deps;

  async function list(actor: Actor, query: ListInput): Promise<TicketListResponse> {
    requireReader(actor);
    await core.requireFeature(actor);
    const { db } = database.forActor(actor);
    const viewer = await core.viewerFor(actor);
    let filters: ListFilters;
    let scope: ListScope;
    if (isStaff(actor)) {
      let saved: Partial<ListFilters> = {};
      if (query.savedViewId !== undefined) {
        const view = await db
          .selectFrom('ticket_views')
          .select('filters')
          .where('id', '=', query.savedViewId)
          .where('account_id', '=', actor.accountId)
          .executeTakeFirst();
        if (!view) throw errors.notFound('That saved view');
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
        throw errors.forbidden(
          'You can see the tickets you raised or watch; seeing all of your company’s tickets needs permission from your company’s primary contact.',
        );
      }
      // A contact's list ignores the staff-only filters (client, assignee, queue views).
      filters = { q: query.q, status: query.status, priority: query.priority, categoryId: query.categoryId };
      scope = {
        contact: { clientId: actor.clientId, contactId: actor.contactId, onlyMine: !company },
        staffAccountId: null,
      };
    }
    const { rows, nextCursor } = await listTickets(db, {
      scope,
      filters,
      sort: query.sort,
      cursor: decodeCursor(query.cursor),
      limit: query.limit,
      now: clock().toISOString(),
    });
    return { items: rows.map((r) => presentListItem(r.row, viewer, r.sla)), nextCursor };
  }

  async function messages(
    actor: Actor,
    ticketId: number,
    query: MessagesQuery,
  ): Promise<{ items: TicketMessage[]; nextCursor: string | null }> {
    const { db } = database.forActor(actor);
    const ticket = await core.loadVisible(db, actor, ticketId);
    const viewer = await core.viewerFor(actor);
    const cursor = decodeCursor(query.cursor);
    const rows = await repo.listMessages(db, ticket.id, {
      includeInternal: !viewer.forContact,
      afterId: cursor?.id ?? null,
      limit: query.limit,
    });
    const files = await attachments.listForTickets(db, [ticket.id], { includeInternal: !viewer.forContact });
    const byMessage = new Map<number, AttachmentResponse[]>();
    for (const f of files) {
      if (f.messageId === null) continue;
      byMessage.set(f.messageId, [...(byMessage.get(f.messageId) ?? []), core.stripTicketId(f)]);
    }
    const page = pageOf(rows, query.limit, () => null);
    return {
      items: page.items.map((r) => presentMessage(r, viewer, byMessage.get(r.id) ?? [])),
      nextCursor: page.nextCursor,
    };
  }

  async function create(actor: Actor, input: CreateInput, meta: RequestMeta): Promise<TicketDetail> {
    const { db, transaction } = database.forActor(actor);
    requireWriter(actor);
    await core.requireFeature(actor);
    if (actor.kind === 'contact') {
      const sent = (['clientId', 'requesterContactId', 'assigneeAccountId'] as const).filter(
        (f) => input[f] !== undefined,
      );
      if (sent.length)
        throw staffOnlyFields(sent, 'Some fields are set by the support team, not in the portal.');
    }
    // A contact's ticket takes its turn in the assignment rotation before the ticket's transaction, in
    // a statement of its own: the rotation is one row every new ticket moves, and inside the transaction
    // its lock would make every ticket being submitted at once wait for the others (PostgreSQL). If the
    // ticket then fails, that turn is skipped, and the next ticket goes to the member after.
    let contactAssignee: number | null | undefined;
    if (actor.kind === 'contact') {
      const categoryId = input.categoryId ?? null;
      if (categoryId !== null) await core.requireCategory(db, categoryId);
      contactAssignee = await supportConfig.pickAssignee(db, {
        clientId: actor.clientId,
        categoryId,
      });
    }
    const { id, event } = await transaction(async (trx) => {
      let clientId: number;
      let requesterContactId: number | null;
      let assignee: number | null | undefined;
      if (isStaff(actor)) {
        if (input.clientId === undefined) {
          throw errors.validation({ clientId: 'Choose the client this ticket is for.' }, 'Choose a client.');
        }
        const client = await trx
          .selectFrom('clients')
          .select(['id', 'archived_at'])
          .where('id', '=', input.clientId)
          .executeTakeFirst();
        if (!client) throw errors.validation({ clientId: 'There is no such client.' }, 'Choose a client.');
        if (client.archived_at !== null) {
          throw errors.validation(
            { clientId: 'This client is archived; restore it first.' },
            'Choose a client.',
          );
        }
        clientId = client.id;
        requesterContactId = input.requesterContactId ?? null;
        if (requesterContactId !== null) await core.requireRequester(trx, requesterContactId, clientId);
        assignee = input.assigneeAccountId;
        if (assignee !== undefined && assignee !== null) await core.requireAssignable(trx, assignee);
      } else {
        clientId = actor.clientId;
        requesterContactId = actor.contactId;
        assignee = contactAssignee;
      }
      const categoryId = input.categoryId ?? null;
      if (categoryId !== null) await core.requireCategory(trx, categoryId);
      return core.openTicket(trx, {
        clientId,
        requesterContactId,
        subject: input.subject,
        description: input.description,
        priority: input.priority,
        categoryId,
        affected: input.affected,
        assigneeAccountId: assignee,
        createdByAccountId: actor.accountId,
        source: isStaff(actor) ? 'staff' : 'portal',
        auditActor: actor,
        meta,
        ...(input.attachmentIds.length
          ? {
              attach: (t: DbOrTrx, ticketId: number) =>
                attachments.linkPending(t, {
                  accountId: actor.accountId,
                  ids: input.attachmentIds,
                  ticketId,
                  clientId,
                  messageId: null,
                  internal: false,
                }),
            }
          : {}),
      });
    });
    await core.publish([event]);
    return core.detail(actor, id, db);
  }

  async function reply(
    actor: Actor,
    ticketId: number,
    input: MessageInput,
    meta: RequestMeta,
  ): Promise<TicketMessage> {
    const { db, transaction } = database.forActor(actor);
    const { messageId, event } = await transaction(async (trx) => {
      const ticket = await core.loadVisible(trx, actor, ticketId);
      requireWriter(actor);
      if (actor.kind === 'contact') {
        const sent = [
          ...(input.internal ? ['internal'] : []),
          ...(input.timeSpentMinutes !== 0 ? ['timeSpentMinutes'] : []),
          ...(input.status !== undefined ? ['status'] : []),
        ];
        if (sent.length)
          throw staffOnlyFields(sent, 'Some fields are set by the support team, not in the portal.');
      }
      return core.addMessage(trx, ticket, {
        authorKind: actor.kind,
        authorAccountId: actor.accountId,
        authorContactId: actor.kind === 'contact' ? actor.contactId : null,
        authorName: actor.name,
        body: input.body,
        internal: input.internal,
        source: isStaff(actor) ? 'staff' : 'portal',
        timeSpentMinutes: input.timeSpentMinutes,
        emailMessageId: null,
        status: input.status,
        auditActor: actor,
        meta,
        ...(input.attachmentIds.length
          ? {
              attach: (t: DbOrTrx, tid: number, mid: number) =>
                attachments.linkPending(t, {
                  accountId: actor.accountId,
                  ids: input.attachmentIds,
                  ticketId: tid,
                  clientId: ticket.client_id,
                  messageId: mid,
                  internal: input.internal,
                }),
            }
          : {}),
      });
    });
    await core.publish([event]);
    const row = await db
      .selectFrom('ticket_messages')
      .selectAll()
      .where('id', '=', messageId)
      .executeTakeFirstOrThrow();
    const viewer = await core.viewerFor(actor);
    const files = (await attachments.listForTickets(db, [ticketId], { includeInternal: !viewer.forContact }))
      .filter((f) => f.messageId === messageId)
      .map(core.stripTicketId);
    return presentMessage(row, viewer, files);
  }

  async function update(
    actor: Actor,
    ticketId: number,
    patch: PatchInput,
    meta: RequestMeta,
  ): Promise<TicketDetail> {
    const { db, transaction } = database.forActor(actor);
    const event = await transaction(async (trx) => {
      const ticket = await core.loadVisible(trx, actor, ticketId);
      requireWriter(actor);
      const at = clock().toISOString();
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const fromStatus = ticket.status as TicketStatus;
      if (actor.kind === 'contact') {
        const others = Object.keys(patch).filter(
          (k) => k !== 'status' && patch[k as keyof PatchInput] !== undefined,
        );
        if (others.length) {
          throw forbiddenFields(
            others,
            'In the portal you can close or reopen a ticket; the support team sets the rest.',
          );
        }
        const to = patch.status;
        if (to !== undefined && to !== fromStatus) {
          if (to === 'closed') {
            if (fromStatus !== 'resolved') {
              throw errors.conflict(
                'ticket_not_resolved',
                'You can close a ticket once the support team has marked it resolved.',
              );
            }
          } else if (to === 'open') {
            if (fromStatus !== 'resolved' && fromStatus !== 'closed') {
              throw errors.conflict('ticket_already_open', 'This ticket is still open.');
            }
            if (!core.mayReopen(ticket, await core.orgSettings(trx), at)) throw core.closedConflict(ticket);
          } else {
            throw forbiddenFields(
              ['status'],
              'In the portal you can close a resolved ticket or reopen one; the support team sets other statuses.',
            );
          }
        }
      } else {
        const update: TicketUpdate = {};
        if (patch.priority !== undefined && patch.priority !== ticket.priority) {
          changes.priority = { from: ticket.priority, to: patch.priority };
          update.priority = patch.priority;
          if (ticket.sla_policy_id !== null) {
            const policy = await supportConfig.policyById(trx, ticket.sla_policy_id);
            const targets = policy?.targets[patch.priority];
            if (targets) {
              update.response_target_ms = targets.responseMinutes * 60_000;
              update.resolution_target_ms = targets.resolutionMinutes * 60_000;
            }
          }
        }
        if (patch.subject !== undefined && patch.subject !== ticket.subject) {
          changes.subject = { from: ticket.subject, to: patch.subject };
          update.subject = patch.subject;
        }
        if (patch.categoryId !== undefined && patch.categoryId !== ticket.category_id) {
          if (patch.categoryId !== null) await core.requireCategory(trx, patch.categoryId);
          changes.categoryId = { from: ticket.category_id, to: patch.categoryId };
          update.category_id = patch.categoryId;
        }
        if (patch.assigneeAccountId !== undefined && patch.assigneeAccountId !== ticket.assignee_account_id) {
          if (patch.assigneeAccountId !== null) await core.requireAssignable(trx, patch.assigneeAccountId);
          changes.assigneeAccountId = { from: ticket.assignee_account_id, to: patch.assigneeAccountId };
          update.assignee_account_id = patch.assigneeAccountId;
        }
        if (
          patch.requesterContactId !== undefined &&
          patch.requesterContactId !== ticket.requester_contact_id
        ) {
          if (patch.requesterContactId !== null) {
            await core.requireRequester(trx, patch.requesterContactId, ticket.client_id);
          }
          changes.requesterContactId = { from: ticket.requester_contact_id, to: patch.requesterContactId };
          update.requester_contact_id = patch.requesterContactId;
        }
        if (Object.keys(update).length) {
          Object.assign(update, { updated_at: at, public_updated_at: at });
          await repo.update(trx, ticket.id, update);
          Object.assign(ticket, update);
        }
      }
      if (patch.status !== undefined && patch.status !== fromStatus) {
        await core.changeStatus(trx, ticket, patch.status, actor.accountId, at);
        changes.status = { from: fromStatus, to: patch.status };
      }
      if (Object.keys(changes).length === 0) return null;
      await recordSla(trx, ticket.id, at);
      await audit.record(trx, {
        actor,
        action: 'ticket.updated',
        clientId: ticket.client_id,
        target: { type: 'ticket', id: ticket.id },
        details: { changes },
        meta,
      });
      return core.eventFor(trx, ticket, 'ticket.updated');
    });
    if (event) await core.publish([event]);
    return core.detail(actor, ticketId, db);
  }

  const access = createTicketsAccess(deps, core);
  const manage = createTicketsManagement(deps, core);
  const { sweepSla, autoClose } = createSlaMaintenance(deps, core);
  const recurring = recurringJobs({
    database: deps.database,
    clock: deps.clock,
    jobs: deps.jobs,
    sweepSla,
    autoClose,
  });

  return {
    ...access,
    ...manage,
    setLogger: core.setLogger,
    /** Schedules the SLA sweep and auto-close (idempotent; call where the app serves). */
    startRecurringJobs: recurring.start,
    list,
    detail: (actor: Actor, ticketId: number) => core.detail(actor, ticketId),
    messages,
    create,
    reply,
    update,
    sweepSla,
    autoClose,
  };
}
