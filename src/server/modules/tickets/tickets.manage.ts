import type { z } from 'zod';
import { message } from '../../../shared/i18n/i18n.ts';
import {
  type TicketDetail,
  type ticketBulkBody,
  ticketQueueFilters,
  type ticketViewBody,
} from '../../../shared/schemas/tickets.ts';
import { requireAccess } from '../../platform/access/require-access.ts';
import type { Actor, StaffActor } from '../../platform/actor.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import { isUniqueViolation } from '../../platform/db/db.ts';
import { errors } from '../../platform/errors.ts';
import { type StoredText, storeText } from '../../platform/stored-text.ts';
import { identity } from '../identity/identity.service.ts';
import type { PendingEvent } from './live.ts';
import { recordSla } from './sla-record.ts';
import { type ViewRow, ticketViewsRepository as views } from './ticket-views.repository.ts';
import type { TicketsContext } from './tickets.context.ts';
import {
  ASSIGNABLE_ROLES,
  changeStatus,
  detail,
  eventFor,
  loadVisible,
  publish,
  requireAssignable,
} from './tickets.core.ts';
import { ticketPolicies } from './tickets.policies.ts';
import { ticketNumber } from './tickets.presenter.ts';
import { ticketsRepository as repo } from './tickets.repository.ts';

type BulkInput = z.output<typeof ticketBulkBody>;
type ViewInput = z.output<typeof ticketViewBody>;

// Staff operations on the queue: bulk changes, merging, watchers, assignees and saved views.

export async function bulkUpdate(
  ctx: TicketsContext,
  actor: StaffActor,
  input: BulkInput,
  meta: RequestMeta,
): Promise<{ updated: number }> {
  const { clock, audit } = ctx;
  const { db, transaction } = ctx.database.forActor(actor);
  await requireAccess(db, ticketPolicies.manage);
  const { updated, pending } = await transaction(async (trx) => {
    const rows = await repo.findMany(trx, input.ids);
    const found = new Set(rows.map((r) => r.id));
    const missing = input.ids.filter((id) => !found.has(id));
    if (missing.length) {
      throw errors.validation(
        {
          ids: message('errors:tickets.bulkMissingField', {
            count: missing.length,
            tickets: missing.map(ticketNumber).join(', '),
          }),
        },
        message('errors:tickets.bulkMissing'),
      );
    }
    if (input.assigneeAccountId !== undefined && input.assigneeAccountId !== null) {
      await requireAssignable(trx, input.assigneeAccountId);
    }
    const at = clock().toISOString();
    const pending: PendingEvent[] = [];
    for (const ticket of rows) {
      let changed = false;
      if (input.assigneeAccountId !== undefined && input.assigneeAccountId !== ticket.assignee_account_id) {
        const update = {
          assignee_account_id: input.assigneeAccountId,
          updated_at: at,
          public_updated_at: at,
        };
        await repo.update(trx, ticket.id, update);
        Object.assign(ticket, update);
        changed = true;
      }
      if (input.status !== undefined) {
        changed = (await changeStatus(ctx, trx, ticket, input.status, actor.accountId, at)) || changed;
      }
      if (!changed) continue;
      await recordSla(trx, ticket.id, at);
      pending.push(await eventFor(trx, ticket, 'ticket.updated'));
    }
    await audit.record(trx, {
      actor,
      action: 'ticket.bulk_updated',
      clientId: null,
      details: {
        ids: input.ids,
        updated: pending.length,
        ...(input.status !== undefined ? { status: input.status } : {}),
        ...(input.assigneeAccountId !== undefined ? { assigneeAccountId: input.assigneeAccountId } : {}),
      },
      meta,
    });
    return { updated: pending.length, pending };
  });
  await publish(ctx, pending);
  return { updated };
}

export async function mergeTickets(
  ctx: TicketsContext,
  actor: StaffActor,
  ticketId: number,
  intoTicketId: number,
  meta: RequestMeta,
): Promise<TicketDetail> {
  const { clock, audit, attachments } = ctx;
  const { db, transaction } = ctx.database.forActor(actor);
  await requireAccess(db, ticketPolicies.manage);
  const pending = await transaction(async (trx) => {
    const source = await loadVisible(ctx, trx, actor, ticketId);
    if (intoTicketId === source.id) {
      throw errors.validation({
        intoTicketId: message('errors:tickets.mergeIntoItself'),
      });
    }
    const target = await repo.findPlain(trx, intoTicketId);
    if (!target) {
      throw errors.validation({
        intoTicketId: message('errors:tickets.mergeTargetMissing', { ticket: ticketNumber(intoTicketId) }),
      });
    }
    if (target.client_id !== source.client_id) {
      throw errors.validation(
        { intoTicketId: message('errors:tickets.mergeOtherClientField') },
        message('errors:tickets.mergeRefused'),
      );
    }
    if (source.merged_into_id !== null) {
      throw errors.conflict(
        'ticket_merged',
        message('errors:tickets.alreadyMerged', { ticket: ticketNumber(source.merged_into_id) }),
      );
    }
    if (target.merged_into_id !== null) {
      throw errors.validation({
        intoTicketId: message('errors:tickets.targetMerged', {
          ticket: ticketNumber(target.id),
          into: ticketNumber(target.merged_into_id),
        }),
      });
    }
    const at = clock().toISOString();
    await repo.moveMessages(trx, source.id, target.id);
    await attachments.moveToTicket(trx, source.id, target.id);
    // Watchers: the union, and the source's requester keeps following the conversation.
    const sourceWatchers = await repo.watcherRows(trx, source.id);
    const targetWatchers = await repo.watcherRows(trx, target.id);
    const staffHave = new Set(targetWatchers.map((w) => w.staff_account_id).filter((v) => v !== null));
    const contactsHave = new Set(targetWatchers.map((w) => w.contact_id).filter((v) => v !== null));
    const addContacts = sourceWatchers.map((w) => w.contact_id).filter((v): v is number => v !== null);
    if (source.requester_contact_id !== null && source.requester_contact_id !== target.requester_contact_id) {
      addContacts.push(source.requester_contact_id);
    }
    for (const contactId of new Set(addContacts)) {
      if (contactsHave.has(contactId) || contactId === target.requester_contact_id) continue;
      await repo.insertWatcher(trx, {
        ticket_id: target.id,
        staff_account_id: null,
        contact_id: contactId,
        created_at: at,
      });
    }
    for (const w of sourceWatchers) {
      if (w.staff_account_id === null || staffHave.has(w.staff_account_id)) continue;
      await repo.insertWatcher(trx, {
        ticket_id: target.id,
        staff_account_id: w.staff_account_id,
        contact_id: null,
        created_at: at,
      });
    }
    // Stored as messages, so each reader sees them in their own language.
    const system = (ticket: number, text: StoredText) =>
      repo.insertMessage(trx, {
        ticket_id: ticket,
        author_kind: 'system',
        author_account_id: actor.accountId,
        author_contact_id: null,
        author_name: actor.name,
        body: storeText(text),
        internal: 0,
        source: 'staff',
        time_spent_minutes: 0,
        email_message_id: null,
        created_at: at,
      });
    await system(source.id, message('common:tickets.event.mergedInto', { ticket: ticketNumber(target.id) }));
    await system(
      target.id,
      message('common:tickets.event.mergedFrom', {
        ticket: ticketNumber(source.id),
        subject: source.subject,
      }),
    );
    const targetUpdate = {
      time_spent_minutes: await repo.timeSpent(trx, target.id),
      updated_at: at,
      public_updated_at: at,
    };
    await repo.update(trx, target.id, targetUpdate);
    const sourceUpdate = {
      merged_into_id: target.id,
      time_spent_minutes: 0,
      updated_at: at,
      public_updated_at: at,
    };
    await repo.update(trx, source.id, sourceUpdate);
    Object.assign(source, sourceUpdate);
    await changeStatus(ctx, trx, source, 'closed', actor.accountId, at);
    await recordSla(trx, source.id, at);
    await recordSla(trx, target.id, at);
    await audit.record(trx, {
      actor,
      action: 'ticket.merged',
      clientId: source.client_id,
      target: { type: 'ticket', id: source.id },
      details: { intoTicketId: target.id },
      meta,
    });
    return [await eventFor(trx, source, 'ticket.updated'), await eventFor(trx, target, 'ticket.message')];
  });
  await publish(ctx, pending);
  return detail(ctx, actor, ticketId, db);
}

// Watchers ----------------------------------------------------------------------------------

export async function listWatchers(ctx: TicketsContext, actor: Actor, ticketId: number) {
  const { db } = ctx.database.forActor(actor);
  const ticket = await loadVisible(ctx, db, actor, ticketId);
  const all = await repo.watchers(db, ticket.id);
  return { items: actor.kind === 'contact' ? all.filter((w) => w.kind === 'contact') : all };
}

export async function addWatcher(
  ctx: TicketsContext,
  actor: StaffActor,
  ticketId: number,
  body: { staffAccountId: number } | { contactId: number },
  meta: RequestMeta,
) {
  const { clock, audit } = ctx;
  const { db, transaction } = ctx.database.forActor(actor);
  await requireAccess(db, ticketPolicies.manage);
  const event = await transaction(async (trx) => {
    const ticket = await loadVisible(ctx, trx, actor, ticketId);
    const at = clock().toISOString();
    let values: { staff_account_id: number | null; contact_id: number | null };
    if ('staffAccountId' in body) {
      const [account] = await repo.staffAccounts(trx, [body.staffAccountId]);
      if (account?.status !== 'active') {
        throw errors.validation({ staffAccountId: message('errors:tickets.watcherStaffField') });
      }
      values = { staff_account_id: account.id, contact_id: null };
    } else {
      const contact = await repo.contactOfClient(trx, body.contactId, ticket.client_id);
      if (!contact) {
        throw errors.validation(
          { contactId: message('errors:tickets.contactOfClientField') },
          message('errors:tickets.watcherContactInvalid'),
        );
      }
      values = { staff_account_id: null, contact_id: contact.id };
    }
    const exists = await repo.findWatcher(
      trx,
      ticket.id,
      values.staff_account_id !== null ? 'staff_account_id' : 'contact_id',
      (values.staff_account_id ?? values.contact_id) as number,
    );
    if (exists) return null;
    await repo.insertWatcher(trx, { ticket_id: ticket.id, ...values, created_at: at });
    await repo.update(trx, ticket.id, { updated_at: at });
    await audit.record(trx, {
      actor,
      action: 'ticket.watcher_added',
      clientId: ticket.client_id,
      target: { type: 'ticket', id: ticket.id },
      details:
        values.staff_account_id !== null
          ? { staffAccountId: values.staff_account_id }
          : { contactId: values.contact_id },
      meta,
    });
    return eventFor(trx, ticket, 'ticket.updated');
  });
  if (event) await publish(ctx, [event]);
  return listWatchers(ctx, actor, ticketId);
}

export async function removeWatcher(
  ctx: TicketsContext,
  actor: StaffActor,
  ticketId: number,
  kind: 'staff' | 'contact',
  watcherId: number,
  meta: RequestMeta,
) {
  const { clock, audit } = ctx;
  const { db, transaction } = ctx.database.forActor(actor);
  await requireAccess(db, ticketPolicies.manage);
  const event = await transaction(async (trx) => {
    const ticket = await loadVisible(ctx, trx, actor, ticketId);
    const column = kind === 'staff' ? 'staff_account_id' : 'contact_id';
    const removed = await repo.deleteWatcher(trx, ticket.id, column, watcherId);
    if (removed === 0) throw errors.notFound(message('errors:notFound.watcher'));
    await repo.update(trx, ticket.id, { updated_at: clock().toISOString() });
    await audit.record(trx, {
      actor,
      action: 'ticket.watcher_removed',
      clientId: ticket.client_id,
      target: { type: 'ticket', id: ticket.id },
      details: kind === 'staff' ? { staffAccountId: watcherId } : { contactId: watcherId },
      meta,
    });
    // The removed contact's page hears of it too (they may no longer see the ticket).
    const e = await eventFor(trx, ticket, 'ticket.updated');
    if (kind === 'contact') e.data.contactWatcherIds = [...e.data.contactWatcherIds, watcherId];
    return e;
  });
  await publish(ctx, [event]);
  return listWatchers(ctx, actor, ticketId);
}

// Assignees and saved views ---------------------------------------------------------------------

export async function listAssignees(ctx: TicketsContext, actor: StaffActor) {
  const { db } = ctx.database.forActor(actor);
  await requireAccess(db, ticketPolicies.read);
  const rows = await identity.activeStaffInRoles(db, ASSIGNABLE_ROLES);
  return { items: rows.map((r) => ({ accountId: r.id, name: r.name, email: r.email })) };
}

function presentView(r: ViewRow) {
  const parsed = ticketQueueFilters.safeParse(JSON.parse(r.filters));
  return { id: r.id, name: r.name, filters: parsed.success ? parsed.data : {}, createdAt: r.created_at };
}

export async function listViews(ctx: TicketsContext, actor: StaffActor) {
  const { db } = ctx.database.forActor(actor);
  await requireAccess(db, ticketPolicies.read);
  const rows = await views.listOf(db, actor.accountId);
  return { items: rows.map(presentView) };
}

export async function createView(ctx: TicketsContext, actor: StaffActor, input: ViewInput) {
  const { db } = ctx.database.forActor(actor);
  await requireAccess(db, ticketPolicies.read);
  const at = ctx.clock().toISOString();
  try {
    const row = await views.insert(db, {
      account_id: actor.accountId,
      name: input.name,
      filters: JSON.stringify(input.filters),
      created_at: at,
    });
    return presentView(row);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw errors.validation(
        { name: message('errors:tickets.viewNameTakenField') },
        message('errors:tickets.viewNameTaken'),
      );
    }
    throw error;
  }
}

export async function deleteView(ctx: TicketsContext, actor: StaffActor, viewId: number) {
  const { db } = ctx.database.forActor(actor);
  await requireAccess(db, ticketPolicies.read);
  const removed = await views.remove(db, viewId, actor.accountId);
  if (removed === 0) throw errors.notFound(message('errors:notFound.savedView'));
  return { ok: true as const };
}
