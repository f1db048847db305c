import { message } from '../../../shared/i18n/i18n.ts';
import type { AccessPolicy } from '../../platform/access/require-access.ts';
import type { Scope } from '../../platform/access/scope.ts';
import type { Actor, ContactActor, StaffActor } from '../../platform/actor.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { AppError, type ErrorText, errors } from '../../platform/errors.ts';
import { ticketsRepository as repo, type VisibleRow } from './tickets.repository.ts';

export type { VisibleRow };

/**
 * Who may see and change which tickets. One set of routes serves staff and contacts, so the routes
 * declare `auth: 'any'` and every service call starts with `requireAccess(db, ticketPolicies.…)`.
 *
 * Staff: tickets:view reads everything, tickets:manage changes and replies.
 * Contacts (portal feature 'tickets'): tickets:view-company sees every ticket of their own client;
 * tickets:view-own (or tickets:create: whoever may raise a ticket may follow it) sees the tickets they
 * raised or watch. A ticket a contact may not see answers 404, never 403, so its existence never leaks.
 */

/**
 * The tickets among `ids` a scope may see, with whether the contact watches each, in one query. The
 * client filter is the access layer's; a contact without tickets:view-company sees only the tickets
 * they raised or watch.
 */
function ticketRows(db: DbOrTrx, ids: readonly number[], scope: Scope): Promise<VisibleRow[]> {
  const contact =
    scope.kind === 'client'
      ? { id: scope.contactId, company: scope.permissions.has('tickets:view-company') }
      : null;
  return repo.visible(db, ids, contact);
}

const writeDenied = message('errors:denied.ticketsChange');

export const ticketPolicies = {
  /** A read: staff need tickets:view; a contact some ticket permission (else the tickets area is not theirs). */
  read: {
    what: message('errors:notFound.ticket'),
    staff: { permission: 'tickets:view', denied: message('errors:denied.ticketsView') },
    contact: {
      anyOf: ['tickets:view-own', 'tickets:create', 'tickets:view-company'],
      denied: message('errors:denied.portalTickets'),
    },
    rows: ticketRows,
  },
  /** A change: staff need tickets:manage; a contact tickets:create (reply, close, reopen, raise). */
  write: {
    what: message('errors:notFound.ticket'),
    staff: { permission: 'tickets:manage', denied: writeDenied },
    contact: {
      anyOf: ['tickets:create'],
      denied: message('errors:denied.portalTicketsWrite'),
    },
    rows: ticketRows,
  },
  /** The staff queue's operations (bulk changes, merging, watchers). */
  manage: {
    what: message('errors:notFound.ticket'),
    staff: { permission: 'tickets:manage', denied: writeDenied },
    rows: ticketRows,
  },
} as const satisfies Record<string, AccessPolicy<VisibleRow>>;

export function isStaff(actor: Actor): actor is StaffActor {
  return actor.kind === 'staff';
}

export function contactSeesCompany(actor: ContactActor): boolean {
  return actor.permissions.has('tickets:view-company');
}

function contactSeesOwn(actor: ContactActor): boolean {
  return (
    actor.permissions.has('tickets:view-own') ||
    actor.permissions.has('tickets:create') ||
    contactSeesCompany(actor)
  );
}

export interface TicketPeople {
  client_id: number;
  requester_contact_id: number | null;
}

/**
 * Whether a contact may see this ticket, given its watchers' contact ids: the same rule as the
 * policies' rows, for what is not read from the database (live events).
 */
export function contactMaySee(
  actor: ContactActor,
  ticket: TicketPeople,
  contactWatcherIds: readonly number[],
): boolean {
  if (ticket.client_id !== actor.clientId) return false;
  if (contactSeesCompany(actor)) return true;
  if (!contactSeesOwn(actor)) return false;
  if (ticket.requester_contact_id === actor.contactId) return true;
  return contactWatcherIds.includes(actor.contactId);
}

/** 400 naming fields a contact may not send (they belong to the support team). */
export function staffOnlyFields(fields: string[], text: ErrorText): AppError {
  return errors.validation(
    Object.fromEntries(fields.map((f) => [f, message('errors:tickets.staffOnlyField')])),
    text,
  );
}

/** 403 naming the fields of a change a contact may not make. */
export function forbiddenFields(fields: string[], text: ErrorText): AppError {
  return new AppError('forbidden', text, {
    fields: Object.fromEntries(fields.map((f) => [f, message('errors:tickets.supportOnlyField')])),
  });
}
