import {
  type ContactPreset,
  type ContactSwitches,
  contactPresets,
  effectivePermissions,
  rolePermissions,
  type StaffRole,
  staffRoles,
} from '../../../shared/permissions.ts';
import type { Actor } from '../../platform/actor.ts';
import { sha256Hex } from '../../platform/crypto.ts';
import { type AccountRow, maySignIn } from '../identity/identity.service.ts';
import type { SecurityPolicy } from '../settings/settings.service.ts';
import type { SessionGate } from './auth.context.ts';

export function parseJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Builds the actor from an account row; null when the account may not sign in (disabled, client off). */
export function actorFromRow(row: AccountRow): Actor | null {
  if (!maySignIn(row)) return null;
  if (row.kind === 'staff') {
    const role = staffRoles.find((r) => r === row.staff_role);
    if (!role) return null;
    return {
      kind: 'staff',
      accountId: row.id,
      name: row.name,
      email: row.email,
      role,
      permissions: new Set(rolePermissions[role as StaffRole]),
      language: row.language ?? null,
    };
  }
  if (row.contact_id === null || row.client_id === null) return null;
  const presets = parseJson<string[]>(row.presets, []).filter((p): p is ContactPreset =>
    (contactPresets as readonly string[]).includes(p),
  );
  const switches = parseJson<ContactSwitches>(row.switches, {});
  return {
    kind: 'contact',
    accountId: row.id,
    contactId: row.contact_id,
    clientId: row.client_id,
    clientName: row.client_name ?? '',
    name: row.name,
    email: row.email,
    presets,
    permissions: new Set(effectivePermissions(presets, switches)),
    language: row.language ?? null,
  };
}

/** Whether this person must use two-factor authentication: staff by organisation setting, contacts by client. */
export function mfaRequiredFor(row: AccountRow, policy: SecurityPolicy): boolean {
  return row.kind === 'staff' ? policy.requireStaffMfa : row.client_require_mfa === 1;
}

export function gateFor(row: AccountRow, policy: SecurityPolicy): SessionGate {
  if (row.must_change_password === 1) return 'change-password';
  if (!row.mfa_enabled_at && mfaRequiredFor(row, policy)) return 'mfa-enrolment';
  return null;
}

/** The id a person sees for one of their sessions: derived from the stored hash, never the hash itself. */
export function publicSessionId(sessionId: string): string {
  return sha256Hex(`session:${sessionId}`).slice(0, 32);
}
