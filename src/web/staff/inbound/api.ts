import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { clientListResponse } from '../../../shared/schemas/clients.ts';
import {
  type InboundAddToTicketBody,
  type InboundCreateTicketBody,
  type InboundEmailDetail,
  type InboundEmailListQuery,
  inboundEmailDetail,
  inboundEmailList,
} from '../../../shared/schemas/ticket-email.ts';
import { ticketDetail } from '../../../shared/schemas/tickets.ts';
import { api, toQuery } from '../../api/client.ts';
import { allContactsOptions } from '../clients/api/contacts.ts';

export const inboundKey = ['inbound-emails'] as const;

export function useInboundList(params: InboundEmailListQuery) {
  return useQuery(
    queryOptions({
      queryKey: [...inboundKey, 'list', params],
      queryFn: ({ signal }) => api.get(`/inbound-emails${toQuery({ ...params })}`, inboundEmailList, signal),
      placeholderData: keepPreviousData,
    }),
  );
}

const emailOptions = (id: number) =>
  queryOptions({
    queryKey: [...inboundKey, 'one', id],
    queryFn: ({ signal }) => api.get(`/inbound-emails/${id}`, inboundEmailDetail, signal),
  });

export function useInboundEmail(id: number) {
  return useQuery({ ...emailOptions(id), enabled: Number.isInteger(id) && id > 0 });
}

/** After a review, the email's own cache holds the answer; lists and ticket lists are read again. */
function useReview<T>(id: number, run: (input: T) => Promise<InboundEmailDetail>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: async (detail) => {
      queryClient.setQueryData(emailOptions(id).queryKey, detail);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: [...inboundKey, 'list'] }),
        queryClient.invalidateQueries({ queryKey: ['tickets'] }),
      ]);
    },
  });
}

export const useCreateTicketFromEmail = (id: number) =>
  useReview(id, (body: InboundCreateTicketBody) =>
    api.post(`/inbound-emails/${id}/create-ticket`, inboundEmailDetail, body),
  );

export const useAddEmailToTicket = (id: number) =>
  useReview(id, (body: InboundAddToTicketBody) =>
    api.post(`/inbound-emails/${id}/add-to-ticket`, inboundEmailDetail, body),
  );

export const useDiscardEmail = (id: number) =>
  useReview(id, (_: undefined) => api.post(`/inbound-emails/${id}/discard`, inboundEmailDetail));

/** Clients whose name matches, for the picker (the first 20, active only). */
export function useClientSearch(q: string) {
  return useQuery(
    queryOptions({
      queryKey: ['clients', 'list', { q, limit: 20, picker: true }],
      queryFn: ({ signal }) =>
        api.get(
          `/clients${toQuery({ q: q || undefined, limit: 20, status: 'active' })}`,
          clientListResponse,
          signal,
        ),
      placeholderData: keepPreviousData,
    }),
  );
}

/** A ticket by its number, to show what a held email would be added to. */
export function useTicketByNumber(ticketId: number | null) {
  return useQuery({
    queryKey: ['ticket', ticketId],
    queryFn: ({ signal }) => api.get(`/tickets/${ticketId}`, ticketDetail, signal),
    enabled: ticketId !== null && ticketId > 0,
    retry: false,
  });
}

/** Every contact of the chosen client (none asked for until a client is chosen). */
export function useClientContacts(clientId: number | null) {
  return useQuery({ ...allContactsOptions(clientId ?? 0), enabled: clientId !== null });
}
