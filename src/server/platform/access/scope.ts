import type { ContactPermission, StaffPermission } from '../../../shared/permissions.ts';
import type { Actor } from '../actor.ts';

/**
 * Whose data a query may touch. Every query on a table that holds client data runs under one (see
 * registry.ts and plugin.ts); there is no "no filter" value to pass by accident:
 *
 * - `client`: a contact (or a staff preview of one). The access layer adds the client filter to every
 *   client-data table the query reads or writes, and refuses staff-only tables.
 * - `staff`: the provider's people; every client's rows. What each may do is the permission check's
 *   business (requireAccess), not the filter's.
 * - `system`: work no person asked for in a request (jobs, email in and out, sign-in before there is an
 *   actor, maintenance, the demo and the generator). Always says why, for the reader of the code.
 */
export type Scope = ClientScope | StaffScope | SystemScope;

export interface ClientScope {
  readonly kind: 'client';
  readonly clientId: number;
  readonly contactId: number;
  readonly permissions: ReadonlySet<ContactPermission>;
}

export interface StaffScope {
  readonly kind: 'staff';
  readonly accountId: number;
  readonly permissions: ReadonlySet<StaffPermission>;
}

export interface SystemScope {
  readonly kind: 'system';
  readonly reason: string;
}

/** The scope a signed-in person's requests run under. */
export function scopeFor(actor: Actor): ClientScope | StaffScope {
  if (actor.kind === 'contact') {
    return {
      kind: 'client',
      clientId: actor.clientId,
      contactId: actor.contactId,
      permissions: actor.permissions,
    };
  }
  return { kind: 'staff', accountId: actor.accountId, permissions: actor.permissions };
}

/** Work not done for a signed-in person; `reason` says what it is (it shows in scoping errors). */
export function system(reason: string): SystemScope {
  if (!reason.trim()) throw new Error('A system scope needs a reason');
  return { kind: 'system', reason };
}

export function describeScope(scope: Scope | null): string {
  if (!scope) return 'no scope';
  if (scope.kind === 'client') return `client ${scope.clientId}`;
  if (scope.kind === 'staff') return `staff ${scope.accountId}`;
  return `system (${scope.reason})`;
}
