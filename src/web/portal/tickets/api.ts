import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import type { ContactPermission } from '../../../shared/permissions.ts';
import { type TicketRatingValue, ticketRatingResponse } from '../../../shared/schemas/ratings.ts';
import type {
  TicketCreateBody,
  TicketListQuery,
  TicketMessageBody,
} from '../../../shared/schemas/tickets.ts';
import { useMe } from '../../api/auth.ts';
import { api } from '../../api/client.ts';
import { decideOverage, fetchOverage, overageKey } from '../../api/overage.ts';
import { fetchTicketRating, ratingKey } from '../../api/ratings.ts';
import {
  fetchAllMessages,
  fetchTicket,
  fetchTicketOptions,
  fetchTickets,
  ticketKeys,
} from '../../api/tickets.ts';

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

export const useTicketList = (params: TicketListParams, enabled = true) =>
  useQuery({
    queryKey: ticketKeys.list(params),
    queryFn: ({ signal }) => fetchTickets(params, signal),
    placeholderData: keepPreviousData,
    enabled,
  });

export const useTicketOptions = (enabled = true) =>
  useQuery({
    queryKey: ticketKeys.options(),
    queryFn: ({ signal }) => fetchTicketOptions(null, signal),
    staleTime: 5 * 60_000,
    enabled,
  });

export const useTicket = (id: number, enabled = true) =>
  useQuery({
    queryKey: ticketKeys.detail(id),
    queryFn: ({ signal }) => fetchTicket(id, signal),
    retry: (count, error) =>
      !(error instanceof Error && 'status' in error && error.status === 404) && count < 2,
    enabled,
  });

export const useTicketMessages = (id: number, enabled = true) =>
  useQuery({
    queryKey: ticketKeys.messages(id),
    queryFn: ({ signal }) => fetchAllMessages(id, signal),
    enabled,
  });

/** Answers of writes are only checked for what the page needs; the queries are then read again. */
const anyAnswer = z.unknown();
const created = z.looseObject({ id: z.number().int() });

export function useCreateTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TicketCreateBody) => api.post('/tickets', created, body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ticketKeys.all });
    },
  });
}

export function usePostReply(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TicketMessageBody) => api.post(`/tickets/${id}/messages`, anyAnswer, body),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ticketKeys.detail(id) }),
        queryClient.invalidateQueries({ queryKey: ticketKeys.all }),
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
        queryClient.invalidateQueries({ queryKey: ticketKeys.detail(id) }),
        queryClient.invalidateQueries({ queryKey: ticketKeys.all }),
      ]);
    },
  });
}

/** The ticket's rating (null: none yet) and whether the signed-in contact may give it now. */
export const useTicketRating = (id: number, enabled = true) =>
  useQuery({
    queryKey: ratingKey(id),
    queryFn: ({ signal }) => fetchTicketRating(id, signal),
    enabled,
  });

/** The requester rates their resolved ticket, once. */
export function useRateTicket(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { rating: TicketRatingValue; comment?: string }) =>
      api.post(`/tickets/${id}/rating`, ticketRatingResponse, body),
    onSuccess: async (answer) => {
      queryClient.setQueryData(ratingKey(id), answer);
      await queryClient.invalidateQueries({ queryKey: ratingKey(id) });
    },
  });
}

/** The ticket's request for extra hours beyond the bank (issue 14), and whether the contact may answer. */
export const useTicketOverage = (id: number) =>
  useQuery({
    queryKey: overageKey(id),
    queryFn: ({ signal }) => fetchOverage(id, signal),
  });

/** A contact allowed to approves or refuses the pending request, once. */
export function useDecideOverage(ticketId: number, requestId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { decision: 'approve' | 'refuse'; comment?: string }) =>
      decideOverage(ticketId, requestId, body),
    onSuccess: async (answer) => {
      queryClient.setQueryData(overageKey(ticketId), answer);
      // The decision adds a line to the conversation.
      await queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) });
    },
  });
}
