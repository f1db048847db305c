import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { okResponse } from '../../../shared/schemas/common.ts';
import {
  type AssignmentRuleBody,
  type AssignmentRulePatch,
  assignmentRuleList,
  assignmentRuleResponse,
  type CannedResponseBody,
  type CannedResponsePatch,
  type CategoryCreateBody,
  type CategoryPatchBody,
  cannedResponseDetail,
  type SlaCalendarBody,
  type SlaCalendarPatch,
  type SlaPolicyBody,
  type SlaPolicyPatch,
  slaCalendarList,
  slaCalendarResponse,
  slaPolicyList,
  slaPolicyResponse,
  type TeamBody,
  type TeamPatch,
  teamList,
  teamResponse,
  ticketCategory,
  ticketCategoryList,
} from '../../../shared/schemas/support-config.ts';
import { cannedKeys, fetchCannedResponse, fetchCannedResponses } from '../../api/canned-responses.ts';
import { api } from '../../api/client.ts';
import { clientKeys, fetchClients } from '../../api/clients.ts';
import { fetchAssignees, ticketKeys } from '../../api/tickets.ts';

/** Every support-setup query starts with this key; a change re-reads what it may affect. */
export const supportKey = ['support-config'] as const;
const keys = {
  categories: [...supportKey, 'categories'],
  calendars: [...supportKey, 'calendars'],
  policies: [...supportKey, 'policies'],
  teams: [...supportKey, 'teams'],
  rules: [...supportKey, 'rules'],
  canned: cannedKeys.all,
} as const;

export function useCategories() {
  return useQuery({
    queryKey: keys.categories,
    queryFn: ({ signal }) => api.get('/ticket-categories', ticketCategoryList, signal),
  });
}

export function useCalendars(enabled = true) {
  return useQuery({
    queryKey: keys.calendars,
    queryFn: ({ signal }) => api.get('/sla-calendars', slaCalendarList, signal),
    enabled,
  });
}

export function usePolicies() {
  return useQuery({
    queryKey: keys.policies,
    queryFn: ({ signal }) => api.get('/sla-policies', slaPolicyList, signal),
  });
}

export function useTeams() {
  return useQuery({
    queryKey: keys.teams,
    queryFn: ({ signal }) => api.get('/teams', teamList, signal),
  });
}

export function useRules() {
  return useQuery({
    queryKey: keys.rules,
    queryFn: ({ signal }) => api.get('/assignment-rules', assignmentRuleList, signal),
  });
}

export function useCannedResponses(q: string) {
  return useQuery({
    queryKey: cannedKeys.list(q),
    queryFn: ({ signal }) => fetchCannedResponses(q, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCannedResponse(id: number | null) {
  return useQuery({
    queryKey: cannedKeys.detail(id ?? 0),
    queryFn: ({ signal }) => fetchCannedResponse(id ?? 0, signal),
    enabled: id !== null,
  });
}

/** Staff who may be given tickets (active, working on tickets): members of teams and rule assignees. */
export function useAssignees() {
  return useQuery({
    queryKey: ticketKeys.assignees,
    queryFn: ({ signal }) => fetchAssignees(signal),
    staleTime: 60_000,
  });
}

/** Clients matching a search, for the rule editor's client picker. */
export function useClientSearch(q: string, enabled: boolean) {
  const params = { q, status: 'active', limit: 20, sort: 'name' } as const;
  return useQuery({
    queryKey: clientKeys.list(params),
    queryFn: ({ signal }) => fetchClients(params, signal),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

function useSupportMutation<T, R>(
  mutationFn: (input: T) => Promise<R>,
  affects: readonly (readonly string[])[],
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: async () => {
      await Promise.all(affects.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    },
  });
}

// -- categories

export const useCreateCategory = () =>
  useSupportMutation(
    (body: CategoryCreateBody) => api.post('/ticket-categories', ticketCategory, body),
    [keys.categories],
  );
export const useUpdateCategory = () =>
  useSupportMutation(
    ({ id, patch }: { id: number; patch: CategoryPatchBody }) =>
      api.patch(`/ticket-categories/${id}`, ticketCategory, patch),
    [keys.categories, keys.rules],
  );

// -- calendars

export const useCreateCalendar = () =>
  useSupportMutation(
    (body: SlaCalendarBody) => api.post('/sla-calendars', slaCalendarResponse, body),
    [keys.calendars],
  );
export const useUpdateCalendar = () =>
  useSupportMutation(
    ({ id, patch }: { id: number; patch: SlaCalendarPatch }) =>
      api.patch(`/sla-calendars/${id}`, slaCalendarResponse, patch),
    [keys.calendars, keys.policies],
  );
export const useDeleteCalendar = () =>
  useSupportMutation((id: number) => api.delete(`/sla-calendars/${id}`, okResponse), [keys.calendars]);

// -- policies

export const useCreatePolicy = () =>
  useSupportMutation(
    (body: SlaPolicyBody) => api.post('/sla-policies', slaPolicyResponse, body),
    [keys.policies, keys.calendars],
  );
export const useUpdatePolicy = () =>
  useSupportMutation(
    ({ id, patch }: { id: number; patch: SlaPolicyPatch }) =>
      api.patch(`/sla-policies/${id}`, slaPolicyResponse, patch),
    [keys.policies, keys.calendars],
  );
export const useDeletePolicy = () =>
  useSupportMutation(
    (id: number) => api.delete(`/sla-policies/${id}`, okResponse),
    [keys.policies, keys.calendars],
  );

// -- teams

export const useCreateTeam = () =>
  useSupportMutation((body: TeamBody) => api.post('/teams', teamResponse, body), [keys.teams]);
export const useUpdateTeam = () =>
  useSupportMutation(
    ({ id, patch }: { id: number; patch: TeamPatch }) => api.patch(`/teams/${id}`, teamResponse, patch),
    [keys.teams, keys.rules],
  );
export const useDeleteTeam = () =>
  useSupportMutation((id: number) => api.delete(`/teams/${id}`, okResponse), [keys.teams]);

// -- assignment rules

export const useCreateRule = () =>
  useSupportMutation(
    (body: AssignmentRuleBody) => api.post('/assignment-rules', assignmentRuleResponse, body),
    [keys.rules],
  );
export const useUpdateRule = () =>
  useSupportMutation(
    ({ id, patch }: { id: number; patch: AssignmentRulePatch }) =>
      api.patch(`/assignment-rules/${id}`, assignmentRuleResponse, patch),
    [keys.rules],
  );
export const useDeleteRule = () =>
  useSupportMutation((id: number) => api.delete(`/assignment-rules/${id}`, okResponse), [keys.rules]);
export const useOrderRules = () =>
  useSupportMutation(
    (ids: number[]) => api.post('/assignment-rules/order', assignmentRuleList, { ids }),
    [keys.rules],
  );

// -- canned responses

export const useCreateCanned = () =>
  useSupportMutation(
    (body: CannedResponseBody) => api.post('/canned-responses', cannedResponseDetail, body),
    [keys.canned],
  );
export const useUpdateCanned = () =>
  useSupportMutation(
    ({ id, patch }: { id: number; patch: CannedResponsePatch }) =>
      api.patch(`/canned-responses/${id}`, cannedResponseDetail, patch),
    [keys.canned],
  );
export const useDeleteCanned = () =>
  useSupportMutation((id: number) => api.delete(`/canned-responses/${id}`, okResponse), [keys.canned]);
