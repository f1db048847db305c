// Staff forms that are about one client (orders, contracts) share these: the clients to choose from,
// and, once one is chosen, that client and its contacts.
import { useQuery } from '@tanstack/react-query';
import { clientKeys, fetchClient, fetchClients } from './clients.ts';
import { contactKeys, fetchAllContacts } from './contacts.ts';

/** The clients to choose from (active ones, by name; the first 100 by name). */
export function useClientChoices() {
  return useQuery({
    queryKey: clientKeys.list({ limit: 100, sort: 'name', order: 'asc', status: 'active' }),
    queryFn: ({ signal }) =>
      fetchClients({ limit: 100, sort: 'name', order: 'asc', status: 'active' }, signal),
  });
}

/**
 * The chosen client (its currency, its sites) and its contacts; neither is asked for until a client is
 * chosen.
 */
export function useClientParts(clientId: number | null) {
  const client = useQuery({
    queryKey: clientKeys.detail(clientId ?? 0),
    queryFn: ({ signal }) => fetchClient(clientId ?? 0, signal),
    enabled: clientId !== null,
  });
  const contacts = useQuery({
    queryKey: contactKeys.every(clientId ?? 0),
    queryFn: ({ signal }) => fetchAllContacts(clientId ?? 0, signal),
    enabled: clientId !== null,
  });
  return { client, contacts };
}
