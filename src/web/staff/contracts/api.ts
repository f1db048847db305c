import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type ContractCreateBody,
  type ContractListQuery,
  type ContractPatchBody,
  type ContractResponse,
  contractResponse,
} from '../../../shared/schemas/contracts.ts';
import { api } from '../../api/client.ts';
import { contractKeys, fetchContract, fetchContracts, fetchSlaChoices } from '../../api/contracts.ts';

export { useClientChoices, useClientParts } from '../../api/client-choices.ts';

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
