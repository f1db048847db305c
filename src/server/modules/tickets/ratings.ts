import type { z } from 'zod';
import { message } from '../../../shared/i18n/i18n.ts';
import type {
  RatingListResponse,
  RatingSummary,
  ratingListQuery,
  ratingSummaryQuery,
  TicketRating,
  TicketRatingResponse,
  TicketRatingValue,
  ticketRatingBody,
} from '../../../shared/schemas/ratings.ts';
import type { TicketStatus } from '../../../shared/schemas/tickets.ts';
import { requireAccess } from '../../platform/access/require-access.ts';
import type { Actor, ContactActor, StaffActor } from '../../platform/actor.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import { isUniqueViolation } from '../../platform/db/db.ts';
import { errors } from '../../platform/errors.ts';
import { decodeCursor, pageOf } from '../../platform/pagination.ts';
import {
  type RatingFilter,
  type RatingWithNames,
  ratingsRepository as ratings,
  type Tally,
} from './ratings.repository.ts';
import type { TicketsContext } from './tickets.context.ts';
import { FINISHED, loadVisible } from './tickets.core.ts';
import { ticketPolicies } from './tickets.policies.ts';
import { ticketNumber } from './tickets.presenter.ts';

type RateInput = z.output<typeof ticketRatingBody>;
type SummaryInput = z.output<typeof ratingSummaryQuery>;
type ListInput = z.output<typeof ratingListQuery>;

/*
 * Satisfaction (issue 14). Once a ticket is resolved or closed, its requester, and only they, rates
 * it: good or bad with an optional comment, once (the unique key on ticket_id). Other contacts who may
 * see the ticket (tickets:view-company) see the rating but may not give one (403); anyone who may not
 * see the ticket gets the ticket's 404. Staff read ratings per ticket, list them and sum them per
 * technician (the assignee when the ticket was rated) and per client over a date range.
 *
 * A ticket merged into another is not rated (409 ticket_merged): the service went on in the other one.
 * A rating stays when its ticket is reopened and resolved again: it was given for the service as it was
 * then, and the requester does not rate the same ticket twice.
 */

const DEFAULT_RANGE_MS = 30 * 86_400_000;

function present(row: RatingWithNames): TicketRating {
  return {
    rating: row.rating as TicketRatingValue,
    comment: row.comment,
    ratedAt: row.created_at,
    ratedByContactId: row.contact_id,
    ratedByName: row.rated_by_name,
    technicianName: row.technician_name,
  };
}

function mayRate(
  actor: Actor,
  ticket: { requester_contact_id: number | null; status: string; merged_into_id: number | null },
): boolean {
  return (
    actor.kind === 'contact' &&
    actor.previewBy === undefined &&
    ticket.requester_contact_id === actor.contactId &&
    ticket.merged_into_id === null &&
    FINISHED.includes(ticket.status as TicketStatus)
  );
}

/** A ticket's rating as `actor` may see it, and whether they may rate it now. */
export async function ticketRating(
  ctx: TicketsContext,
  actor: Actor,
  ticketId: number,
): Promise<TicketRatingResponse> {
  const { db } = ctx.database.forActor(actor);
  const ticket = await loadVisible(ctx, db, actor, ticketId);
  const row = await ratings.forTicket(db, ticket.id);
  return { rating: row ? present(row) : null, canRate: !row && mayRate(actor, ticket) };
}

/** The requester rates their resolved ticket, once; the ticket.rated event and the audit go with it. */
export async function rateTicket(
  ctx: TicketsContext,
  actor: ContactActor,
  ticketId: number,
  input: RateInput,
  meta: RequestMeta,
): Promise<TicketRatingResponse> {
  const { transaction } = ctx.database.forActor(actor);
  const alreadyRated = () => errors.conflict('ticket_already_rated', message('errors:tickets.alreadyRated'));
  try {
    await transaction(async (trx) => {
      const ticket = await loadVisible(ctx, trx, actor, ticketId);
      if (ticket.requester_contact_id !== actor.contactId)
        throw errors.forbidden(message('errors:tickets.rateRequesterOnly'));
      // A merged ticket's service goes on in the ticket it went into: that one is rated, not both.
      if (ticket.merged_into_id !== null)
        throw errors.conflict(
          'ticket_merged',
          message('errors:tickets.mergedContinueThere', { ticket: ticketNumber(ticket.merged_into_id) }),
        );
      if (!FINISHED.includes(ticket.status as TicketStatus))
        throw errors.conflict('ticket_not_resolved', message('errors:tickets.rateNotResolved'));
      if (await ratings.exists(trx, ticket.id)) throw alreadyRated();
      const at = ctx.clock().toISOString();
      const id = await ratings.insert(trx, {
        ticket_id: ticket.id,
        client_id: ticket.client_id,
        contact_id: actor.contactId,
        technician_account_id: ticket.assignee_account_id,
        rating: input.rating,
        comment: input.comment,
        created_at: at,
      });
      await ctx.audit.record(trx, {
        actor,
        action: 'ticket.rated',
        clientId: ticket.client_id,
        target: { type: 'ticket', id: ticket.id },
        details: { rating: input.rating, commented: input.comment !== null, ratingId: id },
        meta,
      });
      await ctx.domainEvents.publish(trx, 'ticket.rated', {
        ticketId: ticket.id,
        clientId: ticket.client_id,
        ratingId: id,
        rating: input.rating,
        contactId: actor.contactId,
        technicianAccountId: ticket.assignee_account_id,
        at,
      });
    });
  } catch (error) {
    // Two ratings at once: the unique key lets one in; the other's transaction rolled back whole.
    if (isUniqueViolation(error)) throw alreadyRated();
    throw error;
  }
  return ticketRating(ctx, actor, ticketId);
}

function filterOf(ctx: TicketsContext, q: SummaryInput | ListInput): RatingFilter {
  const to = q.to ? new Date(q.to) : ctx.clock();
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - DEFAULT_RANGE_MS);
  if (from.getTime() >= to.getTime()) {
    throw errors.validation(
      { from: message('errors:ratings.rangeField') },
      message('errors:ratings.rangeInvalid'),
    );
  }
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    clientId: q.clientId,
    technicianAccountId: q.technicianAccountId,
    ...('rating' in q && q.rating ? { rating: q.rating } : {}),
  };
}

function tally(t: Tally) {
  const n = t.good + t.bad;
  return { good: t.good, bad: t.bad, percentGood: n === 0 ? null : Math.round((t.good * 100) / n) };
}

const byCount = (a: Tally, b: Tally) => b.good + b.bad - (a.good + a.bad);

/** Good and bad ratings over a range: in all, per technician and per client (staff). */
export async function ratingSummary(
  ctx: TicketsContext,
  actor: StaffActor,
  q: SummaryInput,
): Promise<RatingSummary> {
  const { db } = ctx.database.forActor(actor);
  await requireAccess(db, ticketPolicies.read);
  const f = filterOf(ctx, q);
  const [total, technicians, clients] = await Promise.all([
    ratings.total(db, f),
    ratings.byTechnician(db, f),
    ratings.byClient(db, f),
  ]);
  return {
    from: f.from,
    to: f.to,
    total: tally(total),
    technicians: technicians
      .sort((a, b) => byCount(a, b) || (a.name ?? '').localeCompare(b.name ?? ''))
      .map((t) => ({ accountId: t.account_id, name: t.name, ...tally(t) })),
    clients: clients
      .sort((a, b) => byCount(a, b) || a.name.localeCompare(b.name))
      .map((c) => ({ clientId: c.client_id, name: c.name, ...tally(c) })),
  };
}

/** The ratings over a range, newest first, a page at a time (staff). */
export async function listRatings(
  ctx: TicketsContext,
  actor: StaffActor,
  q: ListInput,
): Promise<RatingListResponse> {
  const { db } = ctx.database.forActor(actor);
  await requireAccess(db, ticketPolicies.read);
  const f = filterOf(ctx, q);
  const cursor = decodeCursor(q.cursor);
  const after = cursor && typeof cursor.k === 'string' ? { at: cursor.k, id: cursor.id } : null;
  const rows = await ratings.page(db, f, after, q.limit + 1);
  const page = pageOf(rows, q.limit, (r) => r.created_at);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((r) => ({
      id: r.id,
      ticketId: r.ticket_id,
      ticketNumber: ticketNumber(r.ticket_id),
      ticketSubject: r.ticket_subject,
      clientId: r.client_id,
      clientName: r.client_name,
      technicianAccountId: r.technician_account_id,
      ...present(r),
    })),
  };
}
