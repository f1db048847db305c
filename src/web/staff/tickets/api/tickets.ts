import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { clientListResponse, clientResponse } from '../../../../shared/schemas/clients.ts';
import { contactListResponse } from '../../../../shared/schemas/contacts.ts';
import { cannedResponseList } from '../../../../shared/schemas/support-config.ts';
import {
  type TicketCreateBody,
  type TicketDetail,
  type TicketMessage,
  type TicketMessageBody,
  type TicketPriority,
  type TicketQueueFilters,
  type TicketStatus,
  ticketAssigneeList,
  ticketBulkResponse,
  ticketDetail,
  ticketListResponse,
  ticketMessage,
  ticketMessageList,
  ticketOptions,
  ticketViewList,
  ticketViewResponse,
} from '../../../../shared/schemas/tickets.ts';
import { api, toQuery } from '../../../api/client.ts';

/**
 * Query keys (shared with useLiveEvents, which invalidates them on events):
 * ['tickets', ...] lists and counts, ['ticket', id] one ticket, ['ticket', id, 'messages'] its conversation.
 */
export const ticketsKey = ['tickets'] as const;
export const ticketKey = (ticketId: number) => ['ticket', ticketId] as const;
export const messagesKey = (ticketId: number) => ['ticket', ticketId, 'messages'] as const;

/** Answers whose body the page does not need (it refetches instead). */
const anyResponse = z.unknown();

type ListParams = Record<string, string | number | undefined>;

export const ticketListOptions = (params: ListParams) =>
  queryOptions({
    queryKey: [...ticketsKey, 'list', params],
    queryFn: ({ signal }) => api.get(`/tickets${toQuery(params)}`, ticketListResponse, signal),
    placeholderData: keepPreviousData,
  });

export function useTicketList(params: ListParams) {
  return useQuery(ticketListOptions(params));
}

/** How many tickets a built-in view holds, read as one page of up to 100 (the home page's queue cards). */
export function useQueueCount(view: string, enabled: boolean) {
  return useQuery({
    queryKey: [...ticketsKey, 'count', view],
    queryFn: async ({ signal }) => {
      const page = await api.get(`/tickets${toQuery({ view, limit: 100 })}`, ticketListResponse, signal);
      return { count: page.items.length, more: page.nextCursor !== null };
    },
    enabled,
  });
}

export const ticketOptionsQuery = (ticketId: number) =>
  queryOptions({
    queryKey: ticketKey(ticketId),
    queryFn: ({ signal }) => api.get(`/tickets/${ticketId}`, ticketDetail, signal),
  });

export function useTicket(ticketId: number, enabled = true) {
  return useQuery({ ...ticketOptionsQuery(ticketId), enabled: enabled && ticketId > 0 });
}

/** The whole conversation, oldest first, page after page (bounded to 2,000 messages). */
export function useTicketMessages(ticketId: number) {
  return useQuery({
    queryKey: messagesKey(ticketId),
    queryFn: async ({ signal }) => {
      const all: TicketMessage[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 20; page++) {
        const res = await api.get(
          `/tickets/${ticketId}/messages${toQuery({ limit: 100, cursor })}`,
          ticketMessageList,
          signal,
        );
        all.push(...res.items);
        if (!res.nextCursor) break;
        cursor = res.nextCursor;
      }
      return all;
    },
  });
}

export function useAssignees() {
  return useQuery({
    queryKey: ['ticket-assignees'],
    queryFn: ({ signal }) => api.get('/tickets/assignees', ticketAssigneeList, signal),
    staleTime: 60_000,
  });
}

/** Categories, priorities with their SLA expectation for a client, and the attachment size limit. */
export function useTicketFormOptions(clientId: number | null) {
  return useQuery({
    queryKey: ['ticket-options', clientId],
    queryFn: ({ signal }) =>
      api.get(`/ticket-options${toQuery({ clientId: clientId ?? undefined })}`, ticketOptions, signal),
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}

export function useClientSearch(q: string) {
  return useQuery({
    queryKey: ['ticket-pickers', 'clients', q],
    queryFn: ({ signal }) =>
      api.get(`/clients${toQuery({ q: q || undefined, limit: 20 })}`, clientListResponse, signal),
    placeholderData: keepPreviousData,
  });
}

/** Active contacts of a client, for the requester and watcher pickers (searchable, 50 at a time). */
export function useClientContacts(clientId: number | null, q: string) {
  return useQuery({
    queryKey: ['ticket-pickers', 'contacts', clientId, q],
    queryFn: ({ signal }) =>
      api.get(
        `/clients/${clientId}/contacts${toQuery({ q: q || undefined, status: 'active', limit: 50 })}`,
        contactListResponse,
        signal,
      ),
    enabled: clientId !== null,
    placeholderData: keepPreviousData,
  });
}

// ---------------------------------------------------------------------------------------------------
// Writes

export function useCreateTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TicketCreateBody) => api.post('/tickets', ticketDetail, body),
    onSuccess: async (ticket) => {
      queryClient.setQueryData(ticketKey(ticket.id), ticket);
      await queryClient.invalidateQueries({ queryKey: ticketsKey });
    },
  });
}

/** A change to one ticket (the API's TicketPatch with plain numbers for ids). */
export interface TicketChange {
  status?: TicketStatus;
  priority?: TicketPriority;
  subject?: string;
  categoryId?: number | null;
  assigneeAccountId?: number | null;
  requesterContactId?: number | null;
}

/** Names shown while a change is on its way (the server's answer then replaces the whole ticket). */
export interface PatchLabels {
  categoryName?: string | null;
  assigneeName?: string | null;
}

/**
 * A change to one ticket, shown at once (optimistic) and rolled back with the server's message when
 * it is refused.
 */
export function usePatchTicket(ticketId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { patch: TicketChange; labels?: PatchLabels }) =>
      api.patch(`/tickets/${ticketId}`, ticketDetail, input.patch),
    onMutate: async ({ patch, labels }) => {
      await queryClient.cancelQueries({ queryKey: ticketKey(ticketId), exact: true });
      const previous = queryClient.getQueryData<TicketDetail>(ticketKey(ticketId));
      if (previous) {
        const next: TicketDetail = { ...previous };
        if (patch.status !== undefined) next.status = patch.status;
        if (patch.priority !== undefined) next.priority = patch.priority;
        if (patch.subject !== undefined) next.subject = patch.subject.trim();
        if (patch.categoryId !== undefined) {
          next.categoryId = patch.categoryId;
          next.categoryName = labels?.categoryName ?? null;
        }
        if (patch.assigneeAccountId !== undefined) {
          next.assigneeAccountId = patch.assigneeAccountId;
          next.assigneeName = labels?.assigneeName ?? null;
        }
        queryClient.setQueryData(ticketKey(ticketId), next);
      }
      return { previous };
    },
    onError: (_error, _input, context) => {
      if (context?.previous) queryClient.setQueryData(ticketKey(ticketId), context.previous);
    },
    onSuccess: (ticket) => {
      queryClient.setQueryData(ticketKey(ticketId), ticket);
    },
    onSettled: async () => {
      // A status or priority change moves the SLA clocks and adds an event to the conversation.
      await queryClient.invalidateQueries({ queryKey: ticketKey(ticketId) });
      await queryClient.invalidateQueries({ queryKey: ticketsKey });
    },
  });
}

export function usePostMessage(ticketId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TicketMessageBody) => api.post(`/tickets/${ticketId}/messages`, ticketMessage, body),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: ticketKey(ticketId) });
      await queryClient.invalidateQueries({ queryKey: ticketsKey });
    },
  });
}

export function useBulkUpdate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { ids: number[]; status?: string; assigneeAccountId?: number | null }) =>
      api.post('/tickets/bulk', ticketBulkResponse, body),
    onSettled: async (_data, _error, body) => {
      await queryClient.invalidateQueries({ queryKey: ticketsKey });
      for (const id of body.ids) void queryClient.invalidateQueries({ queryKey: ticketKey(id) });
    },
  });
}

export function useMergeTicket(ticketId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (intoTicketId: number) =>
      api.post(`/tickets/${ticketId}/merge`, anyResponse, { intoTicketId }),
    onSuccess: async (_data, intoTicketId) => {
      await queryClient.invalidateQueries({ queryKey: ticketKey(ticketId) });
      await queryClient.invalidateQueries({ queryKey: ticketKey(intoTicketId) });
      await queryClient.invalidateQueries({ queryKey: ticketsKey });
    },
  });
}

export type WatcherInput = { kind: 'staff' | 'contact'; id: number };

export function useAddWatcher(ticketId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (w: WatcherInput) =>
      api.post(
        `/tickets/${ticketId}/watchers`,
        anyResponse,
        w.kind === 'staff' ? { staffAccountId: w.id } : { contactId: w.id },
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ticketKey(ticketId) }),
  });
}

export function useRemoveWatcher(ticketId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (w: WatcherInput) =>
      api.delete(`/tickets/${ticketId}/watchers/${w.kind}/${w.id}`, anyResponse),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ticketKey(ticketId) }),
  });
}

// ---------------------------------------------------------------------------------------------------
// Saved views (each staff member's own)

const viewsKey = ['ticket-views'] as const;

export function useSavedViews() {
  return useQuery({
    queryKey: viewsKey,
    queryFn: ({ signal }) => api.get('/ticket-views', ticketViewList, signal),
  });
}

export function useSaveView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; filters: TicketQueueFilters }) =>
      api.post('/ticket-views', ticketViewResponse, body),
    onSettled: () => queryClient.invalidateQueries({ queryKey: viewsKey }),
  });
}

export function useDeleteView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (viewId: number) => api.delete(`/ticket-views/${viewId}`, anyResponse),
    onSettled: () => queryClient.invalidateQueries({ queryKey: viewsKey }),
  });
}

/** A client's name for a picker showing an id that came from the address bar. */
export function useClientName(clientId: number | null) {
  return useQuery({
    queryKey: ['ticket-pickers', 'client', clientId],
    queryFn: ({ signal }) => api.get(`/clients/${clientId}`, clientResponse, signal),
    enabled: clientId !== null,
    staleTime: 5 * 60_000,
    select: (c) => c.name,
  });
}

/** Canned responses matching a search (staff who manage tickets), for the composer's picker. */
export function useCannedResponses(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['canned-responses', 'search', q],
    queryFn: ({ signal }) =>
      api.get(`/canned-responses${toQuery({ q: q || undefined })}`, cannedResponseList, signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}
