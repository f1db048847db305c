import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type ClientCreateBody,
  type ClientListQuery,
  type ClientPatchBody,
  type ClientResponse,
  clientResponse,
} from '../../../../shared/schemas/clients.ts';
import { api } from '../../../api/client.ts';
import { clientKeys, fetchClient, fetchClients } from '../../../api/clients.ts';

export function useClientList(params: ClientListQuery) {
  return useQuery({
    queryKey: clientKeys.list(params),
    queryFn: ({ signal }) => fetchClients(params, signal),
    placeholderData: keepPreviousData,
  });
}

export function useClient(clientId: number) {
  return useQuery({
    queryKey: clientKeys.detail(clientId),
    queryFn: ({ signal }) => fetchClient(clientId, signal),
  });
}

/** After a change, the client's own cache holds the answer and every list is read again. */
function useClientMutation<T>(mutationFn: (input: T) => Promise<ClientResponse>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async (client) => {
      queryClient.setQueryData(clientKeys.detail(client.id), client);
      await queryClient.invalidateQueries({ queryKey: clientKeys.lists });
    },
  });
}

export const useCreateClient = () =>
  useClientMutation((body: ClientCreateBody) => api.post('/clients', clientResponse, body));

export const useUpdateClient = (clientId: number) =>
  useClientMutation((patch: ClientPatchBody) => api.patch(`/clients/${clientId}`, clientResponse, patch));

export const useArchiveClient = (clientId: number) =>
  useClientMutation((archive: boolean) =>
    api.post(`/clients/${clientId}/${archive ? 'archive' : 'restore'}`, clientResponse),
  );
