import { portalHomeMetrics } from '../../shared/schemas/portal-home.ts';
import { api } from './client.ts';
import { ticketKeys } from './tickets.ts';

/** The portal home's key metrics (issue 14): under the tickets' keys, so ticket changes refresh them. */
export const portalHomeKeys = { metrics: [...ticketKeys.all, 'home-metrics'] as const };

export function fetchPortalHomeMetrics(signal?: AbortSignal) {
  return api.get('/portal/home/metrics', portalHomeMetrics, signal);
}
