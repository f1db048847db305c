import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type InboundAddToTicketBody,
  type InboundCreateTicketBody,
  type InboundEmailDetail,
  type InboundEmailListQuery,
  inboundEmailDetail,
  inboundEmailList,
} from '../../../shared/schemas/ticket-email.ts';
import { api, toQuery } from '../../api/client.ts';
import { clientKeys, fetchClients } from '../../api/clients.ts';
import { contactKeys, fetchAllContacts } from '../../api/contacts.ts';
import { fetchTicket, ticketKeys } from '../../api/tickets.ts';

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
        queryClient.invalidateQueries({ queryKey: ticketKeys.all }),
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
  const params = { q: q || undefined, limit: 20, status: 'active' } as const;
  return useQuery({
    queryKey: clientKeys.list(params),
    queryFn: ({ signal }) => fetchClients(params, signal),
    placeholderData: keepPreviousData,
  });
}

/** A ticket by its number, to show what a held email would be added to. */
export function useTicketByNumber(ticketId: number | null) {
  return useQuery({
    queryKey: ticketKeys.detail(ticketId ?? 0),
    queryFn: ({ signal }) => fetchTicket(ticketId ?? 0, signal),
    enabled: ticketId !== null && ticketId > 0,
    retry: false,
  });
}

/** Every contact of the chosen client (none asked for until a client is chosen). */
export function useClientContacts(clientId: number | null) {
  return useQuery({
    queryKey: contactKeys.every(clientId ?? 0),
    queryFn: ({ signal }) => fetchAllContacts(clientId ?? 0, signal),
    enabled: clientId !== null,
  });
}
