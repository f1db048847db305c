import { z } from 'zod';
import { noticeKinds, noticeParams } from '../../shared/schemas/notices.ts';
import { orderStatuses } from '../../shared/schemas/orders.ts';
import { ticketRatingValues } from '../../shared/schemas/ratings.ts';
import { ticketSources, ticketStatuses } from '../../shared/schemas/tickets.ts';
import type { DomainEvent, DomainEvents, EventName, Subscriber } from '../platform/domain-events.ts';

/**
 * Every domain event of the application and the schema of its payload: one map, so a publisher and a
 * subscriber cannot disagree (publish validates against it; delivery parses with it). A payload says
 * what happened at that moment (what a later read could no longer tell); subscribers read the rest
 * through the owning module's read functions. Add events here; never change the meaning of a field of
 * an event that has been published (stored events are delivered later, possibly by a newer version).
 * See docs/events.md.
 */
const id = z.number().int().positive();
const status = z.enum(ticketStatuses);
const timeEntryEvent = z.object({
  entryId: id,
  ticketId: id,
  clientId: id,
  contractId: id.nullable(),
  /** The person whose work it is. */
  accountId: id,
  /** The day it counts on (the organisation's time zone), YYYY-MM-DD. */
  entryDate: z.string(),
  /** Negative for a reversal. */
  actualMinutes: z.number().int(),
  billedMinutes: z.number().int(),
  billable: z.boolean(),
  approvedByAccountId: id,
  at: z.string(),
});

export const domainEventSchemas = {
  /** A ticket was opened (portal, staff app, email). */
  'ticket.created': z.object({
    ticketId: id,
    clientId: id,
    source: z.enum(ticketSources),
    createdByAccountId: id.nullable(),
    /** The description as opened (Markdown). */
    description: z.string(),
  }),
  /** A message was added to a ticket: a public reply, or an internal note (`internal`). */
  'ticket.replied': z.object({
    ticketId: id,
    clientId: id,
    messageId: id,
    authorKind: z.enum(['staff', 'contact', 'system']),
    internal: z.boolean(),
    /** The ticket's status once the message (and any status change it made) was written. */
    status,
  }),
  /** A ticket moved from one status to another. */
  'ticket.status-changed': z.object({
    ticketId: id,
    clientId: id,
    from: status,
    to: status,
    at: z.string(),
    /** The staff member or contact's account that made the change; null for the system (auto-close). */
    actorAccountId: id.nullable(),
    /** The public reply that made the change with it (a staff reply setting a status, a client reopening). */
    reply: z
      .object({ messageId: id, authorAccountId: id.nullable(), authorContactId: id.nullable() })
      .nullable(),
  }),
  /** A resolved or closed ticket was rated by its requester (once per ticket; issue 14). */
  'ticket.rated': z.object({
    ticketId: id,
    clientId: id,
    ratingId: id,
    rating: z.enum(ticketRatingValues),
    /** The requester who rated. */
    contactId: id,
    /** The ticket's assignee when it was rated (the technician the rating counts for); null: none. */
    technicianAccountId: id.nullable(),
    at: z.string(),
  }),
  /**
   * A ticket asked its client to approve hours beyond the hour bank (issue 14, point 8): from the
   * technician's estimate, from logged time, or by hand. A new need replaces a pending request, so a
   * request may be withdrawn before its email goes: the subscriber reads its status when it runs.
   */
  'overage.requested': z.object({
    requestId: id,
    ticketId: id,
    clientId: id,
    extraMinutes: z.number().int().positive(),
    trigger: z.enum(['estimate', 'time', 'manual']),
    at: z.string(),
  }),
  /** A contact approved or refused an overage request (once per request). */
  'overage.decided': z.object({
    requestId: id,
    ticketId: id,
    clientId: id,
    decision: z.enum(['approved', 'refused']),
    contactId: id,
    at: z.string(),
  }),
  /**
   * Time entries were approved (issue 14, point 5): one event per entry, in the approval's transaction.
   * The hour bank and billing subscribe to draw down and invoice; the figures are the entry's, frozen.
   */
  'time-entry.approved': timeEntryEvent,
  /**
   * An approval (one or many entries, issue 14, point 5) as a whole, in its transaction, beside each
   * entry's `time-entry.approved`: what reacts once per approval rather than per entry (the hour-bank
   * alerts check each contract's bank once). `contractIds`: the distinct contracts the approval's billable
   * entries draw on.
   */
  'time-entries.approved': z.object({
    entryIds: z.array(id),
    contractIds: z.array(id),
    approvedByAccountId: id,
    at: z.string(),
  }),
  /**
   * An approved entry was corrected by a reversing entry (negative minutes, approved at once): `entryId`
   * is the reversal, `reversesId` the entry it cancels.
   */
  'time-entry.reversed': timeEntryEvent.extend({ reversesId: id }),
  /**
   * Failed sign-ins on an account began to wait (auth.throttle.ts): published at most once a day per
   * account, so its holder hears of a burst once, not of every attempt.
   */
  'auth.sign-in-throttled': z.object({
    accountId: id,
    /** The network address of the failure that made attempts wait. */
    address: z.string(),
    /** Which attempts wait: from that address, or from every address the login has not signed in from lately. */
    scope: z.enum(['address', 'new-addresses']),
    at: z.string(),
  }),
  /**
   * An alert fired (issue 14, point 9; modules/alerts): published once per kind, subject, threshold and
   * period, with the alert_deliveries row whose unique key makes it once. `params` are what the
   * email and the notice say (names, numbers, calendar dates), worded per recipient when delivered.
   */
  'alert.fired': z.object({
    alertId: id,
    kind: z.enum(noticeKinds),
    subjectId: id,
    threshold: z.number().int(),
    periodKey: z.string(),
    clientId: id.nullable(),
    params: noticeParams,
  }),
  /**
   * An order moved from one status to another (issue 15, point 4), by staff. The shipping email
   * subscribes (orders.notices.ts); it reads the order's tracking when it runs.
   */
  'order.status-changed': z.object({
    orderId: id,
    clientId: id,
    from: z.enum(orderStatuses),
    to: z.enum(orderStatuses),
    actorAccountId: id.nullable(),
    at: z.string(),
  }),
} as const;

export type DomainEventSchemas = typeof domainEventSchemas;
export type DomainEventName = EventName<DomainEventSchemas>;
export type DomainEventPayload<N extends DomainEventName> = z.output<DomainEventSchemas[N]>;
export type PorticoEvent<N extends DomainEventName = DomainEventName> = DomainEvent<DomainEventSchemas, N>;
export type PorticoSubscriber<N extends DomainEventName> = Subscriber<DomainEventSchemas, N>;
/** The application's domain events (built by the composition root; see platform/domain-events.ts). */
export type PorticoDomainEvents = DomainEvents<DomainEventSchemas>;
