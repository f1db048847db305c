import { z } from 'zod';
import { noticeKinds, noticeParams } from '../../shared/schemas/notices.ts';
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
} as const;

export type DomainEventSchemas = typeof domainEventSchemas;
export type DomainEventName = EventName<DomainEventSchemas>;
export type DomainEventPayload<N extends DomainEventName> = z.output<DomainEventSchemas[N]>;
export type PorticoEvent<N extends DomainEventName = DomainEventName> = DomainEvent<DomainEventSchemas, N>;
export type PorticoSubscriber<N extends DomainEventName> = Subscriber<DomainEventSchemas, N>;
/** The application's domain events (built by the composition root; see platform/domain-events.ts). */
export type PorticoDomainEvents = DomainEvents<DomainEventSchemas>;
