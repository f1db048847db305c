import type { Actor, ContactActor, StaffActor } from '../../platform/actor.ts';
import { AppError, errors } from '../../platform/errors.ts';

/**
 * Who may see and change which tickets. One set of routes serves staff and contacts, so the routes
 * declare `auth: 'any'` and every service call starts here.
 *
 * Staff: tickets:view reads everything, tickets:manage changes and replies.
 * Contacts (portal feature 'tickets'): tickets:view-company sees every ticket of their own client;
 * tickets:view-own (or tickets:create: whoever may raise a ticket may follow it) sees the tickets they
 * raised or watch. A ticket a contact may not see answers 404, never 403, so its existence never leaks.
 */

export interface TicketPeople {
  client_id: number;
  requester_contact_id: number | null;
}

export function isStaff(actor: Actor): actor is StaffActor {
  return actor.kind === 'staff';
}

export function contactSeesCompany(actor: ContactActor): boolean {
  return actor.permissions.has('tickets:view-company');
}

export function contactSeesOwn(actor: ContactActor): boolean {
  return (
    actor.permissions.has('tickets:view-own') ||
    actor.permissions.has('tickets:create') ||
    contactSeesCompany(actor)
  );
}

/** Whether a contact may see this ticket (its watchers given as contact ids, or whether they watch it). */
export function contactMaySee(
  actor: ContactActor,
  ticket: TicketPeople,
  watching: boolean | readonly number[],
): boolean {
  if (ticket.client_id !== actor.clientId) return false;
  if (contactSeesCompany(actor)) return true;
  if (!contactSeesOwn(actor)) return false;
  if (ticket.requester_contact_id === actor.contactId) return true;
  return typeof watching === 'boolean' ? watching : watching.includes(actor.contactId);
}

/** A read: staff need tickets:view; a contact some ticket permission (else the tickets area is not theirs). */
export function requireReader(actor: Actor): void {
  if (isStaff(actor)) {
    if (!actor.permissions.has('tickets:view')) throw errors.forbidden('Your role cannot see tickets.');
    return;
  }
  if (!contactSeesOwn(actor)) {
    throw errors.forbidden('Your portal access does not include tickets.');
  }
}

/** A change: staff need tickets:manage; a contact tickets:create (reply, close, reopen, raise). */
export function requireWriter(actor: Actor): void {
  if (isStaff(actor)) {
    if (!actor.permissions.has('tickets:manage')) {
      throw errors.forbidden('Your role can look at tickets but not change them.');
    }
    return;
  }
  if (!actor.permissions.has('tickets:create')) {
    throw errors.forbidden(
      'Your portal access lets you follow tickets but not raise or answer them; ask your company’s primary contact.',
    );
  }
}

export function requireStaffManager(actor: Actor): StaffActor {
  if (!isStaff(actor)) throw errors.forbidden('This is for the provider’s staff only.');
  if (!actor.permissions.has('tickets:manage')) {
    throw errors.forbidden('Your role can look at tickets but not change them.');
  }
  return actor;
}

/** 400 naming fields a contact may not send (they belong to the support team). */
export function staffOnlyFields(fields: string[], message: string): AppError {
  return errors.validation(
    Object.fromEntries(fields.map((f) => [f, 'This field is set by the support team, not in the portal.'])),
    message,
  );
}

/** 403 naming the fields of a change a contact may not make. */
export function forbiddenFields(fields: string[], message: string): AppError {
  return new AppError('forbidden', message, {
    fields: Object.fromEntries(fields.map((f) => [f, 'Only the support team can change this.'])),
  });
}
