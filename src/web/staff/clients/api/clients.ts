import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type ClientCreateBody,
  type ClientListQuery,
  type ClientPatchBody,
  type ClientResponse,
  clientListResponse,
  clientResponse,
} from '../../../../shared/schemas/clients.ts';
import { api, toQuery } from '../../../api/client.ts';

export const clientsKey = ['clients'] as const;

export const clientListOptions = (params: ClientListQuery) =>
  queryOptions({
    queryKey: [...clientsKey, 'list', params],
    queryFn: ({ signal }) => api.get(`/clients${toQuery({ ...params })}`, clientListResponse, signal),
    placeholderData: keepPreviousData,
  });

export function useClientList(params: ClientListQuery) {
  return useQuery(clientListOptions(params));
}

export const clientOptions = (clientId: number) =>
  queryOptions({
    queryKey: [...clientsKey, 'one', clientId],
    queryFn: ({ signal }) => api.get(`/clients/${clientId}`, clientResponse, signal),
  });

export function useClient(clientId: number) {
  return useQuery(clientOptions(clientId));
}

/** After a change, the client's own cache holds the answer and every list is read again. */
function useClientMutation<T>(mutationFn: (input: T) => Promise<ClientResponse>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async (client) => {
      queryClient.setQueryData(clientOptions(client.id).queryKey, client);
      await queryClient.invalidateQueries({ queryKey: [...clientsKey, 'list'] });
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

export { toQuery };
