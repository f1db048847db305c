import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import type { ContactPermission } from '../../../shared/permissions.ts';
import {
  type TicketCreateBody,
  type TicketListQuery,
  type TicketMessage,
  type TicketMessageBody,
  ticketDetail,
  ticketListResponse,
  ticketMessageList,
  ticketOptions,
} from '../../../shared/schemas/tickets.ts';
import { useMe } from '../../api/auth.ts';
import { api, toQuery } from '../../api/client.ts';

/** What the signed-in contact may do with tickets (the feature switched on, and their permissions). */
export interface TicketAccess {
  /** The provider has the tickets feature on. */
  enabled: boolean;
  viewOwn: boolean;
  viewCompany: boolean;
  /** May raise tickets (never in a staff preview, which is read-only). */
  create: boolean;
  /** A staff member is previewing the portal as this contact: nothing can be changed. */
  preview: boolean;
  companyName: string;
}

export function useTicketAccess(): TicketAccess | null {
  const { data: me } = useMe();
  if (me?.kind !== 'contact') return null;
  const held = new Set<ContactPermission>(me.permissions);
  return {
    enabled: me.features.includes('tickets'),
    viewOwn: held.has('tickets:view-own') || held.has('tickets:view-company'),
    viewCompany: held.has('tickets:view-company'),
    create: held.has('tickets:create') && !me.previewBy,
    preview: me.previewBy !== null,
    companyName: me.client.name,
  };
}

/** The list query as the page builds it (the API applies its defaults to what is left out). */
export type TicketListParams = Omit<Partial<TicketListQuery>, 'status' | 'priority'> & {
  status?: string[];
  priority?: string[];
};

function listPath(params: TicketListParams): string {
  const { status, priority, ...rest } = params;
  return `/tickets${toQuery({
    ...rest,
    status: status && status.length > 0 ? status.join(',') : undefined,
    priority: priority && priority.length > 0 ? priority.join(',') : undefined,
  })}`;
}

export const ticketListOptions = (params: TicketListParams) =>
  queryOptions({
    queryKey: ['tickets', 'portal', params],
    queryFn: ({ signal }) => api.get(listPath(params), ticketListResponse, signal),
    placeholderData: keepPreviousData,
  });

export const useTicketList = (params: TicketListParams, enabled = true) =>
  useQuery({ ...ticketListOptions(params), enabled });

export const ticketOptionsQuery = () =>
  queryOptions({
    queryKey: ['ticket-options'],
    queryFn: ({ signal }) => api.get('/ticket-options', ticketOptions, signal),
    staleTime: 5 * 60_000,
  });

export const useTicketOptions = (enabled = true) => useQuery({ ...ticketOptionsQuery(), enabled });

export const ticketQuery = (id: number) =>
  queryOptions({
    queryKey: ['ticket', id],
    queryFn: ({ signal }) => api.get(`/tickets/${id}`, ticketDetail, signal),
    retry: (count, error) =>
      !(error instanceof Error && 'status' in error && error.status === 404) && count < 2,
  });

export const useTicket = (id: number, enabled = true) => useQuery({ ...ticketQuery(id), enabled });

/** How many pages of a conversation a page reads at most (100 messages each). */
const MAX_MESSAGE_PAGES = 50;

/** The whole public conversation, oldest first: every page, read one after the other. */
export async function fetchAllMessages(id: number, signal?: AbortSignal): Promise<TicketMessage[]> {
  const out: TicketMessage[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_MESSAGE_PAGES; page++) {
    const res = await api.get(
      `/tickets/${id}/messages${toQuery({ limit: 100, cursor })}`,
      ticketMessageList,
      signal,
    );
    out.push(...res.items);
    if (!res.nextCursor) break;
    cursor = res.nextCursor;
  }
  return out;
}

export const ticketMessagesQuery = (id: number) =>
  queryOptions({
    queryKey: ['ticket', id, 'messages'],
    queryFn: ({ signal }) => fetchAllMessages(id, signal),
  });

export const useTicketMessages = (id: number, enabled = true) =>
  useQuery({ ...ticketMessagesQuery(id), enabled });

/** Answers of writes are only checked for what the page needs; the queries are then read again. */
const anyAnswer = z.unknown();
const created = z.looseObject({ id: z.number().int() });

export function useCreateTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TicketCreateBody) => api.post('/tickets', created, body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['tickets'] });
    },
  });
}

export function usePostReply(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TicketMessageBody) => api.post(`/tickets/${id}/messages`, anyAnswer, body),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['ticket', id] }),
        queryClient.invalidateQueries({ queryKey: ['tickets'] }),
      ]);
    },
  });
}

/** A contact closes a resolved ticket ('closed') or reopens a closed one ('open'). */
export function useSetTicketStatus(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (status: 'closed' | 'open') => api.patch(`/tickets/${id}`, anyAnswer, { status }),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['ticket', id] }),
        queryClient.invalidateQueries({ queryKey: ['tickets'] }),
      ]);
    },
  });
}
