import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  type TicketCreateBody,
  type TicketDetail,
  type TicketMessageBody,
  type TicketPriority,
  type TicketQueueFilters,
  type TicketStatus,
  ticketBulkResponse,
  ticketDetail,
  ticketMessage,
  ticketViewList,
  ticketViewResponse,
} from '../../../../shared/schemas/tickets.ts';
import { cannedKeys, fetchCannedResponses } from '../../../api/canned-responses.ts';
import { api } from '../../../api/client.ts';
import { clientKeys, fetchClient, fetchClients } from '../../../api/clients.ts';
import { contactKeys, fetchContacts } from '../../../api/contacts.ts';
import {
  fetchAllMessages,
  fetchAssignees,
  fetchTicket,
  fetchTicketOptions,
  fetchTickets,
  ticketKeys,
} from '../../../api/tickets.ts';

/** Answers whose body the page does not need (it refetches instead). */
const anyResponse = z.unknown();

type ListParams = Record<string, string | number | undefined>;

export function useTicketList(params: ListParams) {
  return useQuery({
    queryKey: ticketKeys.list(params),
    queryFn: ({ signal }) => fetchTickets(params, signal),
    placeholderData: keepPreviousData,
  });
}

/** How many tickets a built-in view holds, read as one page of up to 100 (the home page's queue cards). */
export function useQueueCount(view: string, enabled: boolean) {
  return useQuery({
    queryKey: ticketKeys.count(view),
    queryFn: async ({ signal }) => {
      const page = await fetchTickets({ view, limit: 100 }, signal);
      return { count: page.items.length, more: page.nextCursor !== null };
    },
    enabled,
  });
}

/** One ticket, for the ticket page and for reading it afresh (the merge dialog). */
export const ticketQuery = (ticketId: number) =>
  queryOptions({
    queryKey: ticketKeys.detail(ticketId),
    queryFn: ({ signal }) => fetchTicket(ticketId, signal),
  });

export function useTicket(ticketId: number, enabled = true) {
  return useQuery({ ...ticketQuery(ticketId), enabled: enabled && ticketId > 0 });
}

/** The whole conversation, oldest first. */
export function useTicketMessages(ticketId: number) {
  return useQuery({
    queryKey: ticketKeys.messages(ticketId),
    queryFn: ({ signal }) => fetchAllMessages(ticketId, signal),
  });
}

export function useAssignees() {
  return useQuery({
    queryKey: ticketKeys.assignees,
    queryFn: ({ signal }) => fetchAssignees(signal),
    staleTime: 60_000,
  });
}

/** Categories, priorities with their SLA expectation for a client, and the attachment size limit. */
export function useTicketFormOptions(clientId: number | null) {
  return useQuery({
    queryKey: ticketKeys.options(clientId),
    queryFn: ({ signal }) => fetchTicketOptions(clientId, signal),
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}

export function useClientSearch(q: string) {
  const params = { q: q || undefined, limit: 20 };
  return useQuery({
    queryKey: clientKeys.list(params),
    queryFn: ({ signal }) => fetchClients(params, signal),
    placeholderData: keepPreviousData,
  });
}

/** Active contacts of a client, for the requester and watcher pickers (searchable, 50 at a time). */
export function useClientContacts(clientId: number | null, q: string) {
  const params = { q: q || undefined, status: 'active', limit: 50 } as const;
  return useQuery({
    queryKey: contactKeys.list(clientId ?? 0, params),
    queryFn: ({ signal }) => fetchContacts(clientId ?? 0, params, signal),
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
      queryClient.setQueryData(ticketKeys.detail(ticket.id), ticket);
      await queryClient.invalidateQueries({ queryKey: ticketKeys.all });
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
  /** One of the client's sites; on an open ticket the server chooses the covering contract again. */
  siteId?: number | null;
}

/** Names shown while a change is on its way (the server's answer then replaces the whole ticket). */
export interface PatchLabels {
  categoryName?: string | null;
  assigneeName?: string | null;
  siteLabel?: string | null;
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
      await queryClient.cancelQueries({ queryKey: ticketKeys.detail(ticketId), exact: true });
      const previous = queryClient.getQueryData<TicketDetail>(ticketKeys.detail(ticketId));
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
        if (patch.siteId !== undefined) {
          next.site = patch.siteId === null ? null : { id: patch.siteId, label: labels?.siteLabel ?? '' };
        }
        queryClient.setQueryData(ticketKeys.detail(ticketId), next);
      }
      return { previous };
    },
    onError: (_error, _input, context) => {
      if (context?.previous) queryClient.setQueryData(ticketKeys.detail(ticketId), context.previous);
    },
    onSuccess: (ticket) => {
      queryClient.setQueryData(ticketKeys.detail(ticketId), ticket);
    },
    onSettled: async () => {
      // A status or priority change moves the SLA clocks and adds an event to the conversation.
      await queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) });
      await queryClient.invalidateQueries({ queryKey: ticketKeys.all });
    },
  });
}

export function usePostMessage(ticketId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TicketMessageBody) => api.post(`/tickets/${ticketId}/messages`, ticketMessage, body),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) });
      await queryClient.invalidateQueries({ queryKey: ticketKeys.all });
    },
  });
}

export function useBulkUpdate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { ids: number[]; status?: string; assigneeAccountId?: number | null }) =>
      api.post('/tickets/bulk', ticketBulkResponse, body),
    onSettled: async (_data, _error, body) => {
      await queryClient.invalidateQueries({ queryKey: ticketKeys.all });
      for (const id of body.ids) void queryClient.invalidateQueries({ queryKey: ticketKeys.detail(id) });
    },
  });
}

export function useMergeTicket(ticketId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (intoTicketId: number) =>
      api.post(`/tickets/${ticketId}/merge`, anyResponse, { intoTicketId }),
    onSuccess: async (_data, intoTicketId) => {
      await queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) });
      await queryClient.invalidateQueries({ queryKey: ticketKeys.detail(intoTicketId) });
      await queryClient.invalidateQueries({ queryKey: ticketKeys.all });
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
    onSettled: () => queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) }),
  });
}

export function useRemoveWatcher(ticketId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (w: WatcherInput) =>
      api.delete(`/tickets/${ticketId}/watchers/${w.kind}/${w.id}`, anyResponse),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) }),
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
    queryKey: clientKeys.detail(clientId ?? 0),
    queryFn: ({ signal }) => fetchClient(clientId ?? 0, signal),
    enabled: clientId !== null,
    staleTime: 5 * 60_000,
    select: (c) => c.name,
  });
}

/** Canned responses matching a search (staff who manage tickets), for the composer's picker. */
export function useCannedResponses(q: string, enabled: boolean) {
  return useQuery({
    queryKey: cannedKeys.list(q),
    queryFn: ({ signal }) => fetchCannedResponses(q, signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}
