import type { ClientListItem, ClientResponse } from '../../../shared/schemas/clients.ts';
import type { ClientRowWithCounts, SiteRow } from './clients.repository.ts';

/** The stored allowlist, read defensively: anything that is not a list of strings counts as empty. */
export function parseAllowlist(text: string | null | undefined): string[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** Staff view of a client. Internal notes are in it, so it must never reach a contact. */
export function presentClient(row: ClientRowWithCounts, sites: SiteRow[]): ClientResponse {
  return {
    id: row.id,
    name: row.name,
    phone: row.phone,
    website: row.website,
    notes: row.notes,
    portalEnabled: row.portal_enabled === 1,
    requireMfa: row.require_mfa === 1,
    ipAllowlist: parseAllowlist(row.ip_allowlist),
    sites: sites.map((s) => ({ id: s.id, label: s.label, address: s.address })),
    language: row.language,
    timeZone: row.time_zone,
    currency: row.currency,
    contactCount: Number(row.contact_count),
    portalUserCount: Number(row.portal_user_count),
    archivedAt: row.archived_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentClientListItem(row: ClientRowWithCounts): ClientListItem {
  return {
    id: row.id,
    name: row.name,
    phone: row.phone,
    website: row.website,
    portalEnabled: row.portal_enabled === 1,
    contactCount: Number(row.contact_count),
    portalUserCount: Number(row.portal_user_count),
    archivedAt: row.archived_at,
    createdAt: row.created_at,
  };
}
