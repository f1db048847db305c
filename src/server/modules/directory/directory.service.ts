import type { ContactPreset, ContactSwitches } from '../../../shared/permissions.ts';
import type { Clock } from '../../platform/actor.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { clientsDirectory } from '../clients/clients.service.ts';
import { canonicalPresets, canonicalSwitches } from '../contacts/contacts.presenter.ts';
import { contactsService } from '../contacts/contacts.service.ts';
import { identity } from '../identity/identity.service.ts';

/**
 * Writes clients and contacts inside a caller's transaction without an actor or audit row: for setup's
 * demo data and for other modules that create a contact as part of their own audited action (joining
 * through an invite link). Staff and portal edits go through the clients and contacts services.
 */
export const directoryService = Object.freeze({
  async createClient(
    db: DbOrTrx,
    clock: Clock,
    input: {
      name: string;
      portalEnabled?: boolean;
      phone?: string | null;
      website?: string | null;
      sites?: { label: string; address: string }[];
      language?: string | null;
      currency?: string;
      timeZone?: string | null;
    },
  ): Promise<number> {
    const at = clock().toISOString();
    return clientsDirectory.insertClientWithSites(
      db,
      {
        name: input.name,
        phone: input.phone ?? null,
        website: input.website ?? null,
        notes: null,
        portal_enabled: input.portalEnabled === false ? 0 : 1,
        require_mfa: 0,
        ip_allowlist: '[]',
        language: input.language ?? null,
        time_zone: input.timeZone ?? null,
        currency: input.currency ?? 'EUR',
        at,
      },
      input.sites ?? [],
    );
  },

  async createContact(
    db: DbOrTrx,
    clock: Clock,
    input: {
      clientId: number;
      name: string;
      email: string;
      presets: ContactPreset[];
      switches?: ContactSwitches;
      title?: string | null;
      phone?: string | null;
      /** An argon2id hash; with it the contact gets a portal login. */
      passwordHash?: string;
    },
  ): Promise<{ contactId: number; accountId: number | null }> {
    const at = clock().toISOString();
    const contactId = await contactsService.insert(db, {
      client_id: input.clientId,
      name: input.name,
      title: input.title ?? null,
      department: null,
      email: input.email,
      phone: input.phone ?? null,
      mobile: null,
      presets: JSON.stringify(canonicalPresets(input.presets)),
      switches: JSON.stringify(canonicalSwitches(input.switches ?? {})),
      at,
    });
    const accountId = input.passwordHash
      ? await identity.insertAccount(db, {
          kind: 'contact',
          email: input.email,
          name: input.name,
          password_hash: input.passwordHash,
          staff_role: null,
          contact_id: contactId,
          must_change_password: 0,
          at,
        })
      : null;
    return { contactId, accountId };
  },
});
