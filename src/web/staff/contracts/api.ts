import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type ContractCreateBody,
  type ContractListQuery,
  type ContractPatchBody,
  type ContractResponse,
  contractResponse,
} from '../../../shared/schemas/contracts.ts';
import { api } from '../../api/client.ts';
import { clientKeys, fetchClient, fetchClients } from '../../api/clients.ts';
import { contactKeys, fetchAllContacts } from '../../api/contacts.ts';
import { contractKeys, fetchContract, fetchContracts, fetchSlaChoices } from '../../api/contracts.ts';

export function useContractList(params: ContractListQuery) {
  return useQuery({
    queryKey: contractKeys.list(params),
    queryFn: ({ signal }) => fetchContracts(params, signal),
    placeholderData: keepPreviousData,
  });
}

export function useContract(contractId: number) {
  return useQuery({
    queryKey: contractKeys.detail(contractId),
    queryFn: ({ signal }) => fetchContract(contractId, signal),
  });
}

export function useSlaChoices() {
  return useQuery({ queryKey: contractKeys.slaChoices, queryFn: ({ signal }) => fetchSlaChoices(signal) });
}

/** The clients to choose from (active ones, by name; the first 100 by name). */
export function useClientChoices() {
  return useQuery({
    queryKey: clientKeys.list({ limit: 100, sort: 'name', order: 'asc', status: 'active' }),
    queryFn: ({ signal }) =>
      fetchClients({ limit: 100, sort: 'name', order: 'asc', status: 'active' }, signal),
  });
}

/** The chosen client's sites and contacts (the contract may name only these). */
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

function useContractMutation<T>(mutationFn: (input: T) => Promise<ContractResponse>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async (contract) => {
      queryClient.setQueryData(contractKeys.detail(contract.id), contract);
      await queryClient.invalidateQueries({ queryKey: contractKeys.lists });
    },
  });
}

export const useCreateContract = () =>
  useContractMutation((body: ContractCreateBody) => api.post('/contracts', contractResponse, body));

export const useUpdateContract = (contractId: number) =>
  useContractMutation((patch: ContractPatchBody) =>
    api.patch(`/contracts/${contractId}`, contractResponse, patch),
  );
