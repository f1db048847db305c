import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type ContactCreateBody,
  type ContactImportResponse,
  type ContactListQuery,
  type ContactPatchBody,
  type ContactResponse,
  contactImportResponse,
  contactListResponse,
  contactResponse,
} from '../../../../shared/schemas/contacts.ts';
import { api } from '../../../api/client.ts';
import { clientsKey, toQuery } from './clients.ts';

export const contactsKey = (clientId: number) => [...clientsKey, 'one', clientId, 'contacts'] as const;

export const contactListOptions = (clientId: number, params: ContactListQuery) =>
  queryOptions({
    queryKey: [...contactsKey(clientId), 'list', params],
    queryFn: ({ signal }) =>
      api.get(`/clients/${clientId}/contacts${toQuery({ ...params })}`, contactListResponse, signal),
    placeholderData: keepPreviousData,
  });

export function useContactList(clientId: number, params: ContactListQuery) {
  return useQuery(contactListOptions(clientId, params));
}

/** Every contact of a client (page after page), for the Portal tab and the invite picker. */
export const allContactsOptions = (clientId: number) =>
  queryOptions({
    queryKey: [...contactsKey(clientId), 'all'],
    queryFn: async ({ signal }) => {
      const all: ContactResponse[] = [];
      let cursor: string | undefined;
      // A client rarely has more than a few hundred contacts; stop at 2,000 to stay bounded.
      for (let page = 0; page < 20; page++) {
        const res = await api.get(
          `/clients/${clientId}/contacts${toQuery({ limit: 100, cursor })}`,
          contactListResponse,
          signal,
        );
        all.push(...res.items);
        if (!res.nextCursor) break;
        cursor = res.nextCursor;
      }
      return all;
    },
  });

export function useAllContacts(clientId: number) {
  return useQuery(allContactsOptions(clientId));
}

function useContactMutation<T>(clientId: number, mutationFn: (input: T) => Promise<ContactResponse>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: [...clientsKey, 'one', clientId] });
      await queryClient.invalidateQueries({ queryKey: [...clientsKey, 'list'] });
    },
  });
}

export const useCreateContact = (clientId: number) =>
  useContactMutation(clientId, (body: ContactCreateBody) =>
    api.post(`/clients/${clientId}/contacts`, contactResponse, body),
  );

export const useUpdateContact = (clientId: number) =>
  useContactMutation(clientId, (input: { contactId: number; patch: ContactPatchBody }) =>
    api.patch(`/clients/${clientId}/contacts/${input.contactId}`, contactResponse, input.patch),
  );

export const useSetContactStatus = (clientId: number) =>
  useContactMutation(clientId, (input: { contactId: number; active: boolean }) =>
    api.post(
      `/clients/${clientId}/contacts/${input.contactId}/${input.active ? 'reactivate' : 'deactivate'}`,
      contactResponse,
    ),
  );

export function useImportContacts(clientId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { csv: string; dryRun: boolean }): Promise<ContactImportResponse> =>
      api.post(`/clients/${clientId}/contacts/import?dryRun=${input.dryRun}`, contactImportResponse, {
        csv: input.csv,
      }),
    onSuccess: async (result) => {
      if (result.dryRun) return;
      await queryClient.invalidateQueries({ queryKey: [...clientsKey, 'one', clientId] });
      await queryClient.invalidateQueries({ queryKey: [...clientsKey, 'list'] });
    },
  });
}

/** Downloads go through an ordinary link: the session cookie goes with it and the browser saves the file. */
export const contactsExportUrl = (clientId: number | null) =>
  clientId === null ? '/api/v1/contacts/export' : `/api/v1/clients/${clientId}/contacts/export`;
