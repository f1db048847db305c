import { message } from '../../../shared/i18n/i18n.ts';
import { type ContactPermission, effectivePermissions } from '../../../shared/permissions.ts';
import type { AccessPolicy } from '../../platform/access/require-access.ts';
import type { ContactActor } from '../../platform/actor.ts';
import { errors } from '../../platform/errors.ts';
import type { Access, PatchInput } from './contacts.context.ts';
import {
  canonicalPresets,
  canonicalSwitches,
  parsePresets,
  parseSwitches,
  permissionsOf,
} from './contacts.presenter.ts';
import type { ContactRow } from './contacts.repository.ts';

/**
 * Who may see and change contacts (see requireAccess): staff with the clients permissions, and in the
 * portal a contact allowed to see or manage their colleagues (the access layer keeps them to their
 * own client).
 */
export const contactPolicies = {
  view: {
    what: message('errors:notFound.contact'),
    table: 'contacts',
    staff: { permission: 'clients:view', denied: message('errors:denied.contactsView') },
    contact: {
      anyOf: ['contacts:view', 'contacts:manage'],
      denied: message('errors:denied.colleaguesView'),
    },
  },
  manage: {
    what: message('errors:notFound.contact'),
    table: 'contacts',
    staff: { permission: 'clients:manage', denied: message('errors:denied.contactsChange') },
    contact: { anyOf: ['contacts:manage'], denied: message('errors:denied.colleaguesManage') },
  },
} as const satisfies Record<string, AccessPolicy>;

export function canManage(actor: ContactActor): boolean {
  return actor.permissions.has('contacts:manage');
}

// A broader permission covers the narrower one: a Technical contact (all company assets) may hand
// out Standard (assets assigned to them) even though the narrower name is not in its own set.
const coveredBy: Partial<Record<ContactPermission, ContactPermission>> = {
  'tickets:view-own': 'tickets:view-company',
  'assets:view-assigned': 'assets:view',
  'contacts:view': 'contacts:manage',
};

export function missingFrom(
  actor: ContactActor,
  permissions: readonly ContactPermission[],
): ContactPermission[] {
  return permissions.filter((p) => {
    const broader = coveredBy[p];
    return !actor.permissions.has(p) && !(broader && actor.permissions.has(broader));
  });
}

/** A contact may hand out only access they hold themselves. */
export function checkGrant(actor: ContactActor, access: Access): void {
  const missing = missingFrom(actor, effectivePermissions(access.presets, access.switches));
  if (missing.length > 0) {
    throw errors.forbidden(message('errors:contacts.grantBeyondOwn', { permissions: missing.join(', ') }));
  }
}

/** ...and may change only colleagues whose access they hold themselves, so nobody manages a superior. */
export function checkTarget(actor: ContactActor, row: ContactRow): void {
  const missing = missingFrom(actor, permissionsOf(row));
  if (missing.length > 0) {
    throw errors.forbidden(
      message('errors:contacts.targetHasMore', { name: row.name, permissions: missing.join(', ') }),
    );
  }
}

export function accessAfter(
  row: ContactRow,
  patch: PatchInput,
): { before: Access; after: Access; changed: boolean } {
  const before = { presets: parsePresets(row.presets), switches: parseSwitches(row.switches) };
  const after = {
    presets: patch.presets ? canonicalPresets(patch.presets) : before.presets,
    switches: patch.switches ? canonicalSwitches(patch.switches) : before.switches,
  };
  const changed =
    JSON.stringify(after.presets) !== JSON.stringify(before.presets) ||
    JSON.stringify(after.switches) !== JSON.stringify(before.switches);
  return { before, after, changed };
}
