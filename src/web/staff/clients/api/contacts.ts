import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type ContactCreateBody,
  type ContactImportResponse,
  type ContactListQuery,
  type ContactPatchBody,
  type ContactResponse,
  contactImportResponse,
  contactResponse,
} from '../../../../shared/schemas/contacts.ts';
import { api } from '../../../api/client.ts';
import { clientKeys } from '../../../api/clients.ts';
import { contactKeys, fetchAllContacts, fetchContacts } from '../../../api/contacts.ts';

export function useContactList(clientId: number, params: ContactListQuery) {
  return useQuery({
    queryKey: contactKeys.list(clientId, params),
    queryFn: ({ signal }) => fetchContacts(clientId, params, signal),
    placeholderData: keepPreviousData,
  });
}

/** Every contact of a client, for the Portal tab and the invite picker. */
export function useAllContacts(clientId: number) {
  return useQuery({
    queryKey: contactKeys.every(clientId),
    queryFn: ({ signal }) => fetchAllContacts(clientId, signal),
  });
}

function useContactMutation<T>(clientId: number, mutationFn: (input: T) => Promise<ContactResponse>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: clientKeys.detail(clientId) });
      await queryClient.invalidateQueries({ queryKey: clientKeys.lists });
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
      await queryClient.invalidateQueries({ queryKey: clientKeys.detail(clientId) });
      await queryClient.invalidateQueries({ queryKey: clientKeys.lists });
    },
  });
}

/** Downloads go through an ordinary link: the session cookie goes with it and the browser saves the file. */
export const contactsExportUrl = (clientId: number | null) =>
  clientId === null ? '/api/v1/contacts/export' : `/api/v1/clients/${clientId}/contacts/export`;
