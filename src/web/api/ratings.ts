import { ratingListResponse, ratingSummary, ticketRatingResponse } from '../../shared/schemas/ratings.ts';
import { api, toQuery } from './client.ts';
import { ticketKeys } from './tickets.ts';

/** A ticket's rating (issue 14): under the ticket's key, so whatever refreshes the ticket refreshes it. */
export const ratingKey = (ticketId: number) => [...ticketKeys.detail(ticketId), 'rating'] as const;

export function fetchTicketRating(ticketId: number, signal?: AbortSignal) {
  return api.get(`/tickets/${ticketId}/rating`, ticketRatingResponse, signal);
}

export interface RatingRange {
  clientId?: number;
  from: string;
  to: string;
}

export function fetchRatingSummary(params: RatingRange, signal?: AbortSignal) {
  return api.get(`/ratings/summary${toQuery({ ...params })}`, ratingSummary, signal);
}

export function fetchRatings(
  params: RatingRange & { limit: number; cursor?: string | undefined },
  signal?: AbortSignal,
) {
  return api.get(`/ratings${toQuery({ ...params })}`, ratingListResponse, signal);
}

export const ratingKeys = {
  summary: (params: RatingRange) => ['ratings', 'summary', params] as const,
  list: (params: RatingRange & { limit: number; cursor?: string | undefined }) =>
    ['ratings', 'list', params] as const,
};
