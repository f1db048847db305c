import {
  type ContactPermission,
  type ContactPreset,
  type ContactSwitch,
  type ContactSwitches,
  contactPresets,
  contactSwitches,
  effectivePermissions,
} from '../../../shared/permissions.ts';
import type { ColleagueResponse, ContactResponse } from '../../../shared/schemas/contacts.ts';
import type { ContactActor } from '../../platform/actor.ts';
import type { ContactRow } from './contacts.repository.ts';

/** Stored presets, read defensively: unknown names are dropped rather than trusted. */
export function parsePresets(text: string | null | undefined): ContactPreset[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return [];
    return contactPresets.filter((p) => value.includes(p));
  } catch {
    return [];
  }
}

/** Stored switches, read defensively: only known switch names with true/false survive. */
export function parseSwitches(text: string | null | undefined): ContactSwitches {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    const out: ContactSwitches = {};
    for (const name of Object.keys(contactSwitches) as ContactSwitch[]) {
      const v = (value as Record<string, unknown>)[name];
      if (typeof v === 'boolean') out[name] = v;
    }
    return out;
  } catch {
    return {};
  }
}

/** Switches in a stable key order, so stored JSON and audit details compare as text. */
export function canonicalSwitches(switches: ContactSwitches): ContactSwitches {
  const out: ContactSwitches = {};
  for (const name of Object.keys(contactSwitches) as ContactSwitch[]) {
    const v = switches[name];
    if (typeof v === 'boolean') out[name] = v;
  }
  return out;
}

/** Presets in their catalogue order, without repeats. */
export function canonicalPresets(presets: readonly ContactPreset[]): ContactPreset[] {
  return contactPresets.filter((p) => presets.includes(p));
}

export function permissionsOf(row: Pick<ContactRow, 'presets' | 'switches'>): ContactPermission[] {
  return effectivePermissions(parsePresets(row.presets), parseSwitches(row.switches));
}

/** A contact as staff see it, login included. */
export function presentContact(row: ContactRow): ContactResponse {
  const presets = parsePresets(row.presets);
  const switches = parseSwitches(row.switches);
  return {
    id: row.id,
    clientId: row.client_id,
    name: row.name,
    title: row.title,
    department: row.department,
    email: row.email,
    phone: row.phone,
    mobile: row.mobile,
    presets,
    switches,
    permissions: effectivePermissions(presets, switches),
    status: row.status,
    login:
      row.account_id !== null
        ? {
            email: row.login_email ?? row.email ?? '',
            status: row.login_status ?? 'disabled',
            lastLoginAt: row.last_login_at,
            mfaEnabled: row.mfa_enabled_at !== null,
          }
        : null,
    language: row.language,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A colleague as a contact sees them: the person and their access, nothing about their login. */
export function presentColleague(row: ContactRow, actor: ContactActor): ColleagueResponse {
  const presets = parsePresets(row.presets);
  const switches = parseSwitches(row.switches);
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    department: row.department,
    email: row.email,
    phone: row.phone,
    mobile: row.mobile,
    presets,
    switches,
    permissions: effectivePermissions(presets, switches),
    status: row.status,
    hasLogin: row.account_id !== null,
    isYou: row.id === actor.contactId,
  };
}
