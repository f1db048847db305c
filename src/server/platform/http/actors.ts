import type { FastifyRequest } from 'fastify';
import { message } from '../../../shared/i18n/i18n.ts';
import type { Actor, ContactActor, StaffActor } from '../actor.ts';
import { errors } from '../errors.ts';

/**
 * Who a route handler acts for. The auth hooks (modules/auth/auth.hooks.ts) resolve `request.actor` and
 * enforce each route's policy first, so these only narrow the type; they still refuse rather than trust,
 * in case a route's policy is wider than its handler assumes.
 */

/** The signed-in person (staff or contact); 401 without one. */
export function signedIn(request: FastifyRequest): Actor {
  if (!request.actor) throw errors.unauthenticated();
  return request.actor;
}

/** The signed-in person and their session's id (for routes about one's own sessions); 401 without one. */
export function signedInSession(request: FastifyRequest): { actor: Actor; sessionId: string } {
  if (!request.actor || !request.session) throw errors.unauthenticated();
  return { actor: request.actor, sessionId: request.session.id };
}

/** A member of the provider's staff; 403 for anyone else. */
export function staffOnly(actor: Actor | null): StaffActor {
  if (actor?.kind !== 'staff') throw errors.forbidden(message('errors:forbidden.staffOnly'));
  return actor;
}

/** A portal contact; 403 for anyone else. */
export function contactOnly(actor: Actor | null): ContactActor {
  if (actor?.kind !== 'contact') throw errors.forbidden(message('errors:forbidden.contactsOnly'));
  return actor;
}
