import { type ContactListQuery, contactListResponse } from '../../shared/schemas/contacts.ts';
import { fetchAllPages } from './all-pages.ts';
import { api, toQuery } from './client.ts';
import { clientKeys } from './clients.ts';

/** A client's contacts, under the client's own key (a change to the client reads them again). */
export const contactKeys = {
  all: (clientId: number) => [...clientKeys.detail(clientId), 'contacts'] as const,
  list: (clientId: number, params: ContactListQuery) =>
    [...clientKeys.detail(clientId), 'contacts', 'list', params] as const,
  every: (clientId: number) => [...clientKeys.detail(clientId), 'contacts', 'all'] as const,
};

export const fetchContacts = (clientId: number, params: ContactListQuery, signal?: AbortSignal) =>
  api.get(`/clients/${clientId}/contacts${toQuery({ ...params })}`, contactListResponse, signal);

/** A client rarely has more than a few hundred contacts; stop at 2,000 to stay bounded. */
const MAX_CONTACT_PAGES = 20;

/** Every contact of a client, page after page. */
export const fetchAllContacts = (clientId: number, signal?: AbortSignal) =>
  fetchAllPages((cursor) => fetchContacts(clientId, { limit: 100, cursor }, signal), MAX_CONTACT_PAGES);
