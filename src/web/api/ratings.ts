import { ticketRatingResponse } from '../../shared/schemas/ratings.ts';
import { api } from './client.ts';
import { ticketKeys } from './tickets.ts';

/** A ticket's rating (issue 14): under the ticket's key, so whatever refreshes the ticket refreshes it. */
export const ratingKey = (ticketId: number) => [...ticketKeys.detail(ticketId), 'rating'] as const;

export function fetchTicketRating(ticketId: number, signal?: AbortSignal) {
  return api.get(`/tickets/${ticketId}/rating`, ticketRatingResponse, signal);
}
