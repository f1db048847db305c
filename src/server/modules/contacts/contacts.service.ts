import { message } from '../../../shared/i18n/i18n.ts';
import type { ContactPreset, ContactSwitches } from '../../../shared/permissions.ts';
import { effectivePermissions } from '../../../shared/permissions.ts';
import type { ContactResponse } from '../../../shared/schemas/contacts.ts';
import { type Bound, bindContext } from '../../platform/context.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { errors } from '../../platform/errors.ts';
import {
  createColleague,
  getColleague,
  listColleagues,
  setColleagueStatus,
  updateColleague,
} from './contacts.colleagues.ts';
import type { ContactsContext } from './contacts.context.ts';
import { presentContact } from './contacts.presenter.ts';
import { contactsRepository } from './contacts.repository.ts';
import {
  createContact,
  exportContacts,
  getContact,
  importContacts,
  listContacts,
  setContactStatus,
  updateContact,
} from './contacts.staff.ts';

export type { ContactsContext } from './contacts.context.ts';
export { contactPolicies } from './contacts.policies.ts';

/**
 * Contacts for other modules (invitations, preview): read with the caller's db or transaction. No
 * access check here; the caller has checked that the actor is staff allowed to see this client.
 */
export const contactsService = Object.freeze({
  /** The contact of this client, as staff see it; 404 when missing or of another client. */
  async getForStaff(db: DbOrTrx, clientId: number, contactId: number): Promise<ContactResponse> {
    const row = await contactsRepository.findInClient(db, clientId, contactId);
    if (!row) throw errors.notFound(message('errors:notFound.contact'));
    return presentContact(row);
  },

  /** The contacts of this client among `contactIds` (others are left out), in id order. */
  async listByIds(db: DbOrTrx, clientId: number, contactIds: number[]): Promise<ContactResponse[]> {
    return (await contactsRepository.findManyInClient(db, clientId, contactIds)).map(presentContact);
  },

  /** The permissions a contact holds from its presets and switches. */
  permissionsOf(contact: { presets: readonly ContactPreset[]; switches: ContactSwitches }) {
    return effectivePermissions(contact.presets, contact.switches);
  },

  /** A contact's own name and phone numbers, changed by the contact from their profile (profile module). */
  updateOwn: contactsRepository.updateOwn,
  /** A contact's own language, time zone and date format (profile module). */
  setLocale: contactsRepository.setLocale,

  /** The contact's email, following its login's confirmed new address (profile module). */
  setEmail: contactsRepository.setEmail,

  /**
   * A new contact row in the caller's transaction, with no access check and no audit row: for the
   * directory (demo data, joining through an invite link). The caller has checked the client.
   */
  insert(db: DbOrTrx, row: Parameters<typeof contactsRepository.insert>[1]): Promise<number> {
    return contactsRepository.insert(db, row);
  },
});

/**
 * Staff keep the contacts of a client (contacts.staff.ts); in the portal a contact keeps their
 * colleagues (contacts.colleagues.ts). Each use case takes the context first; the composition root
 * binds them once, so callers write `contacts.list(actor, clientId, query)`.
 */
export const contactsUseCases = {
  // Staff
  list: listContacts,
  get: getContact,
  create: createContact,
  update: updateContact,
  setStatus: setContactStatus,
  importCsv: importContacts,
  exportCsv: exportContacts,
  // Portal: a contact's colleagues, always within the contact's own client
  listColleagues,
  getColleague,
  createColleague,
  updateColleague,
  setColleagueStatus,
};

export type ContactsService = Bound<ContactsContext, typeof contactsUseCases>;

export function createContactsService(ctx: ContactsContext): ContactsService {
  return bindContext(ctx, contactsUseCases);
}
