import { cannedResponseDetail, cannedResponseList } from '../../shared/schemas/support-config.ts';
import { api, toQuery } from './client.ts';

/** Canned responses: managed in the support setup, picked in the ticket composer. */
export const cannedKeys = {
  all: ['canned-responses'] as const,
  list: (q: string) => ['canned-responses', 'list', q] as const,
  detail: (id: number) => ['canned-responses', 'one', id] as const,
};

export const fetchCannedResponses = (q: string, signal?: AbortSignal) =>
  api.get(`/canned-responses${toQuery({ q })}`, cannedResponseList, signal);

export const fetchCannedResponse = (id: number, signal?: AbortSignal) =>
  api.get(`/canned-responses/${id}`, cannedResponseDetail, signal);
