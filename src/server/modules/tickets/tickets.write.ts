import type { z } from 'zod';
import { message } from '../../../shared/i18n/i18n.ts';
import type {
  TicketDetail,
  TicketMessage,
  TicketPriority,
  TicketStatus,
  ticketCreateBody,
  ticketMessageBody,
  ticketPatchBody,
} from '../../../shared/schemas/tickets.ts';
import { requireAccess } from '../../platform/access/require-access.ts';
import type { Actor } from '../../platform/actor.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { errors } from '../../platform/errors.ts';
import { recordSla } from './sla-record.ts';
import type { TicketsContext } from './tickets.context.ts';
import {
  addMessage,
  changeStatus,
  closedConflict,
  detail,
  eventFor,
  loadVisible,
  mayReopen,
  openTicket,
  orgSettings,
  publish,
  requireAssignable,
  requireCategory,
  requireFeature,
  requireRequester,
  requireSite,
  stripTicketId,
  viewerFor,
} from './tickets.core.ts';
import { forbiddenFields, isStaff, staffOnlyFields, ticketPolicies } from './tickets.policies.ts';
import { presentMessage } from './tickets.presenter.ts';
import { ticketsRepository as repo, type TicketUpdate } from './tickets.repository.ts';

type CreateInput = z.output<typeof ticketCreateBody>;
type PatchInput = z.output<typeof ticketPatchBody>;
type MessageInput = z.output<typeof ticketMessageBody>;

// Raising, answering and changing a ticket (the portal and the staff app alike).

export async function createTicket(
  ctx: TicketsContext,
  actor: Actor,
  input: CreateInput,
  meta: RequestMeta,
): Promise<TicketDetail> {
  const { attachments, supportConfig } = ctx;
  const { db, transaction } = ctx.database.forActor(actor);
  await requireAccess(db, ticketPolicies.write);
  await requireFeature(ctx, actor);
  if (actor.kind === 'contact') {
    const sent = (['clientId', 'requesterContactId', 'assigneeAccountId'] as const).filter(
      (f) => input[f] !== undefined,
    );
    if (sent.length) throw staffOnlyFields(sent, message('errors:tickets.staffOnlyFields'));
  }
  // A contact's ticket takes its turn in the assignment rotation before the ticket's transaction, in
  // a statement of its own: the rotation is one row every new ticket moves, and inside the transaction
  // its lock would make every ticket being submitted at once wait for the others (PostgreSQL). If the
  // ticket then fails, that turn is skipped, and the next ticket goes to the member after.
  let contactAssignee: number | null | undefined;
  if (actor.kind === 'contact') {
    const categoryId = input.categoryId ?? null;
    if (categoryId !== null) await requireCategory(ctx, db, categoryId);
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
        throw errors.validation(
          { clientId: message('errors:tickets.clientRequiredField') },
          message('errors:tickets.chooseClient'),
        );
      }
      const client = await repo.clientForTicket(trx, input.clientId);
      if (!client)
        throw errors.validation(
          { clientId: message('errors:tickets.noSuchClientField') },
          message('errors:tickets.chooseClient'),
        );
      if (client.archived_at !== null) {
        throw errors.validation(
          { clientId: message('errors:tickets.clientArchivedField') },
          message('errors:tickets.chooseClient'),
        );
      }
      clientId = client.id;
      requesterContactId = input.requesterContactId ?? null;
      if (requesterContactId !== null) await requireRequester(trx, requesterContactId, clientId);
      assignee = input.assigneeAccountId;
      if (assignee !== undefined && assignee !== null) await requireAssignable(trx, assignee);
    } else {
      clientId = actor.clientId;
      requesterContactId = actor.contactId;
      assignee = contactAssignee;
    }
    const categoryId = input.categoryId ?? null;
    if (categoryId !== null) await requireCategory(ctx, trx, categoryId);
    const siteId = input.siteId ?? null;
    if (siteId !== null) await requireSite(trx, siteId, clientId);
    return openTicket(ctx, trx, {
      clientId,
      requesterContactId,
      siteId,
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
  await publish(ctx, [event]);
  return detail(ctx, actor, id, db);
}

export async function replyToTicket(
  ctx: TicketsContext,
  actor: Actor,
  ticketId: number,
  input: MessageInput,
  meta: RequestMeta,
): Promise<TicketMessage> {
  const { attachments } = ctx;
  const { db, transaction } = ctx.database.forActor(actor);
  const { messageId, event } = await transaction(async (trx) => {
    const ticket = await loadVisible(ctx, trx, actor, ticketId);
    await requireAccess(trx, ticketPolicies.write);
    if (actor.kind === 'contact') {
      const sent = [
        ...(input.internal ? ['internal'] : []),
        ...(input.timeSpentMinutes !== 0 ? ['timeSpentMinutes'] : []),
        ...(input.status !== undefined ? ['status'] : []),
      ];
      if (sent.length) throw staffOnlyFields(sent, message('errors:tickets.staffOnlyFields'));
    }
    return addMessage(ctx, trx, ticket, {
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
  await publish(ctx, [event]);
  const row = await repo.findMessage(db, messageId);
  if (!row) throw new Error(`Message ${messageId} was just written but cannot be read`);
  const viewer = await viewerFor(ctx, actor);
  const files = (await attachments.listForTickets(db, [ticketId], { includeInternal: !viewer.forContact }))
    .filter((f) => f.messageId === messageId)
    .map(stripTicketId);
  return presentMessage(row, viewer, files);
}

export async function updateTicket(
  ctx: TicketsContext,
  actor: Actor,
  ticketId: number,
  patch: PatchInput,
  meta: RequestMeta,
): Promise<TicketDetail> {
  const { clock, audit, supportConfig } = ctx;
  const { db, transaction } = ctx.database.forActor(actor);
  const event = await transaction(async (trx) => {
    const ticket = await loadVisible(ctx, trx, actor, ticketId);
    await requireAccess(trx, ticketPolicies.write);
    const at = clock().toISOString();
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    const fromStatus = ticket.status as TicketStatus;
    if (actor.kind === 'contact') {
      const others = Object.keys(patch).filter(
        (k) => k !== 'status' && patch[k as keyof PatchInput] !== undefined,
      );
      if (others.length) {
        throw forbiddenFields(others, message('errors:tickets.portalCloseOrReopen'));
      }
      const to = patch.status;
      if (to !== undefined && to !== fromStatus) {
        if (to === 'closed') {
          if (fromStatus !== 'resolved') {
            throw errors.conflict('ticket_not_resolved', message('errors:tickets.closeNotResolved'));
          }
        } else if (to === 'open') {
          if (fromStatus !== 'resolved' && fromStatus !== 'closed') {
            throw errors.conflict('ticket_already_open', message('errors:tickets.stillOpen'));
          }
          if (!mayReopen(ticket, await orgSettings(ctx, trx), at)) throw closedConflict(ticket);
        } else {
          throw forbiddenFields(['status'], message('errors:tickets.portalStatuses'));
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
        if (patch.categoryId !== null) await requireCategory(ctx, trx, patch.categoryId);
        changes.categoryId = { from: ticket.category_id, to: patch.categoryId };
        update.category_id = patch.categoryId;
      }
      if (patch.assigneeAccountId !== undefined && patch.assigneeAccountId !== ticket.assignee_account_id) {
        if (patch.assigneeAccountId !== null) await requireAssignable(trx, patch.assigneeAccountId);
        changes.assigneeAccountId = { from: ticket.assignee_account_id, to: patch.assigneeAccountId };
        update.assignee_account_id = patch.assigneeAccountId;
      }
      if (
        patch.requesterContactId !== undefined &&
        patch.requesterContactId !== ticket.requester_contact_id
      ) {
        if (patch.requesterContactId !== null) {
          await requireRequester(trx, patch.requesterContactId, ticket.client_id);
        }
        changes.requesterContactId = { from: ticket.requester_contact_id, to: patch.requesterContactId };
        update.requester_contact_id = patch.requesterContactId;
      }
      if (patch.siteId !== undefined && patch.siteId !== ticket.site_id) {
        if (patch.siteId !== null) await requireSite(trx, patch.siteId, ticket.client_id);
        changes.siteId = { from: ticket.site_id, to: patch.siteId };
        update.site_id = patch.siteId;
        // A ticket still being worked on is covered by the contract for its new site (its policy,
        // targets and coverage hours); a finished one keeps what it ran under.
        if (!['resolved', 'closed'].includes(ticket.status)) {
          const policy = await supportConfig.policyForClient(trx, ticket.client_id, patch.siteId);
          const targets = policy?.targets[(update.priority ?? ticket.priority) as TicketPriority] ?? null;
          if ((policy?.contract?.id ?? null) !== ticket.contract_id) {
            changes.contractId = { from: ticket.contract_id, to: policy?.contract?.id ?? null };
          }
          Object.assign(update, {
            sla_policy_id: policy?.id ?? null,
            contract_id: policy?.contract?.id ?? null,
            sla_calendar_id: policy?.coverageCalendarId ?? null,
            response_target_ms: targets ? targets.responseMinutes * 60_000 : null,
            resolution_target_ms: targets ? targets.resolutionMinutes * 60_000 : null,
          } satisfies TicketUpdate);
        }
      }
      if (Object.keys(update).length) {
        Object.assign(update, { updated_at: at, public_updated_at: at });
        await repo.update(trx, ticket.id, update);
        Object.assign(ticket, update);
      }
    }
    if (patch.status !== undefined && patch.status !== fromStatus) {
      await changeStatus(ctx, trx, ticket, patch.status, actor.accountId, at);
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
    return eventFor(trx, ticket, 'ticket.updated');
  });
  if (event) await publish(ctx, [event]);
  return detail(ctx, actor, ticketId, db);
}
