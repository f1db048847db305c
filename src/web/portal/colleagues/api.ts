import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type ColleagueCreateBody,
  type ColleagueListQuery,
  type ColleaguePatchBody,
  type ColleagueResponse,
  colleagueListResponse,
  colleagueResponse,
} from '../../../shared/schemas/contacts.ts';
import { api, toQuery } from '../../api/client.ts';

export const colleaguesKey = ['colleagues'] as const;

export const colleagueListOptions = (params: ColleagueListQuery) =>
  queryOptions({
    queryKey: [...colleaguesKey, 'list', params],
    queryFn: ({ signal }) => api.get(`/colleagues${toQuery({ ...params })}`, colleagueListResponse, signal),
    placeholderData: keepPreviousData,
  });

export const useColleagues = (params: ColleagueListQuery) => useQuery(colleagueListOptions(params));

export const colleagueOptions = (id: number) =>
  queryOptions({
    queryKey: [...colleaguesKey, 'one', id],
    queryFn: ({ signal }) => api.get(`/colleagues/${id}`, colleagueResponse, signal),
  });

export const useColleague = (id: number) => useQuery(colleagueOptions(id));

function useColleagueMutation<T>(fn: (input: T) => Promise<ColleagueResponse>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (colleague) => {
      queryClient.setQueryData(colleagueOptions(colleague.id).queryKey, colleague);
      await queryClient.invalidateQueries({ queryKey: [...colleaguesKey, 'list'] });
    },
  });
}

export const useAddColleague = () =>
  useColleagueMutation((body: ColleagueCreateBody) => api.post('/colleagues', colleagueResponse, body));

export const useUpdateColleague = (id: number) =>
  useColleagueMutation((patch: ColleaguePatchBody) =>
    api.patch(`/colleagues/${id}`, colleagueResponse, patch),
  );

export const useSetColleagueStatus = (id: number) =>
  useColleagueMutation((active: boolean) =>
    api.post(`/colleagues/${id}/${active ? 'reactivate' : 'deactivate'}`, colleagueResponse),
  );
