import {
  type TicketMessage,
  ticketAssigneeList,
  ticketDetail,
  ticketListResponse,
  ticketMessageList,
  ticketOptions,
} from '../../shared/schemas/tickets.ts';
import { fetchAllPages } from './all-pages.ts';
import { api, toQuery } from './client.ts';

/** A ticket list query as a page builds it: status and priority may be lists (sent comma-joined). */
export type TicketListParams = Record<string, string | number | readonly string[] | undefined>;

/**
 * The one definition of the ticket query keys, for both faces (useLiveEvents invalidates them on events):
 * ['tickets', ...] lists and counts, ['ticket', id] one ticket, ['ticket', id, 'messages'] its conversation.
 */
export const ticketKeys = {
  all: ['tickets'] as const,
  list: (params: TicketListParams) => ['tickets', 'list', params] as const,
  count: (view: string) => ['tickets', 'count', view] as const,
  details: ['ticket'] as const,
  detail: (ticketId: number) => ['ticket', ticketId] as const,
  messages: (ticketId: number) => ['ticket', ticketId, 'messages'] as const,
  /** Categories, priorities and limits for a new ticket; staff ask for a client's, a contact for their own. */
  options: (clientId: number | null = null) => ['ticket-options', clientId] as const,
  assignees: ['ticket-assignees'] as const,
};

function listQuery(params: TicketListParams): string {
  const flat: Record<string, string | number | undefined> = {};
  for (const [key, value] of Object.entries(params)) {
    flat[key] =
      typeof value === 'string' || typeof value === 'number' || value === undefined
        ? value
        : value.length > 0
          ? value.join(',')
          : undefined;
  }
  return toQuery(flat);
}

export const fetchTickets = (params: TicketListParams, signal?: AbortSignal) =>
  api.get(`/tickets${listQuery(params)}`, ticketListResponse, signal);

export const fetchTicket = (ticketId: number, signal?: AbortSignal) =>
  api.get(`/tickets/${ticketId}`, ticketDetail, signal);

/** How many pages of a conversation are read at most (100 messages each). */
export const MAX_MESSAGE_PAGES = 50;

/** The whole conversation the caller may see, oldest first: every page, read one after the other. */
export const fetchAllMessages = (ticketId: number, signal?: AbortSignal): Promise<TicketMessage[]> =>
  fetchAllPages(
    (cursor) =>
      api.get(`/tickets/${ticketId}/messages${toQuery({ limit: 100, cursor })}`, ticketMessageList, signal),
    MAX_MESSAGE_PAGES,
  );

export const fetchTicketOptions = (clientId: number | null, signal?: AbortSignal) =>
  api.get(`/ticket-options${toQuery({ clientId: clientId ?? undefined })}`, ticketOptions, signal);

/** Staff who may be given tickets (active, working on tickets). */
export const fetchAssignees = (signal?: AbortSignal) =>
  api.get('/tickets/assignees', ticketAssigneeList, signal);
