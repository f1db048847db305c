import type { ContactPreset, ContactSwitches } from '../../../shared/permissions.ts';
import type { Clock } from '../../platform/actor.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { accountsRepository } from '../auth/accounts.repository.ts';
import { directoryRepository } from './directory.repository.ts';

/**
 * Clients and contacts. This is the seed of the directory module; the staff and portal routes for it
 * arrive with the directory issue.
 */
export const directoryService = Object.freeze({
  createClient(db: DbOrTrx, clock: Clock, input: { name: string; portalEnabled?: boolean }): Promise<number> {
    return directoryRepository.insertClient(db, {
      name: input.name,
      portal_enabled: input.portalEnabled === false ? 0 : 1,
      at: clock().toISOString(),
    });
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
      /** An argon2id hash; with it the contact gets a portal login. */
      passwordHash?: string;
    },
  ): Promise<{ contactId: number; accountId: number | null }> {
    const at = clock().toISOString();
    const contactId = await directoryRepository.insertContact(db, {
      client_id: input.clientId,
      name: input.name,
      email: input.email,
      presets: JSON.stringify(input.presets),
      switches: JSON.stringify(input.switches ?? {}),
      at,
    });
    const accountId = input.passwordHash
      ? await accountsRepository.insert(db, {
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
