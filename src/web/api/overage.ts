import { overageState } from '../../shared/schemas/overage.ts';
import { api } from './client.ts';
import { ticketKeys } from './tickets.ts';

/**
 * Consent before overage (issue 14, point 8): a ticket's estimate and requests for extra hours, under the
 * ticket's key, so whatever refreshes the ticket (a live update, a reply) refreshes them.
 */
export const overageKey = (ticketId: number) => [...ticketKeys.detail(ticketId), 'overage'] as const;

export function fetchOverage(ticketId: number, signal?: AbortSignal) {
  return api.get(`/tickets/${ticketId}/overage`, overageState, signal);
}

export function setEstimate(ticketId: number, minutes: number) {
  return api.put(`/tickets/${ticketId}/estimate`, overageState, { minutes });
}

export function clearEstimate(ticketId: number) {
  return api.delete(`/tickets/${ticketId}/estimate`, overageState);
}

export function askOverage(ticketId: number, hours: number) {
  return api.post(`/tickets/${ticketId}/overage-requests`, overageState, { hours });
}

export function decideOverage(
  ticketId: number,
  requestId: number,
  body: { decision: 'approve' | 'refuse'; comment?: string },
) {
  return api.post(`/tickets/${ticketId}/overage-requests/${requestId}/decision`, overageState, body);
}
