import { type ClientListQuery, clientListResponse, clientResponse } from '../../shared/schemas/clients.ts';
import { api, toQuery } from './client.ts';

/** The one definition of the client query keys: ['clients', 'list', params] and ['clients', 'one', id]. */
export const clientKeys = {
  all: ['clients'] as const,
  lists: ['clients', 'list'] as const,
  list: (params: ClientListQuery) => ['clients', 'list', params] as const,
  detail: (clientId: number) => ['clients', 'one', clientId] as const,
};

export const fetchClients = (params: ClientListQuery, signal?: AbortSignal) =>
  api.get(`/clients${toQuery({ ...params })}`, clientListResponse, signal);

export const fetchClient = (clientId: number, signal?: AbortSignal) =>
  api.get(`/clients/${clientId}`, clientResponse, signal);
