import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import {
  type AuditClientsResponse,
  type AuditListResponse,
  type AuditPeopleResponse,
  auditClientsResponse,
  auditListResponse,
  auditPeopleResponse,
} from '../../../../shared/schemas/audit.ts';
import { api } from '../../../api/client.ts';
import { type AuditFilterValues, auditQueryString } from '../audit-filters.ts';

const PAGE_SIZE = '50';

/** One page of the log; the filter's days are read in `timeZone` (the viewer's). */
export function getAuditPage(
  filters: AuditFilterValues,
  timeZone: string,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<AuditListResponse> {
  const query = auditQueryString(filters, timeZone, { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
  return api.get(`/audit?${query}`, auditListResponse, signal);
}

export function useAuditLog(filters: AuditFilterValues, timeZone: string, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['audit', 'list', filters, timeZone],
    queryFn: ({ pageParam, signal }) => getAuditPage(filters, timeZone, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
}

/** The CSV download: a plain link, so the browser streams the file to disk itself. */
export function auditExportUrl(filters: AuditFilterValues, timeZone: string): string {
  const query = auditQueryString(filters, timeZone);
  return `/api/v1/audit/export.csv${query ? `?${query}` : ''}`;
}

export function getAuditPeople(q: string, signal?: AbortSignal): Promise<AuditPeopleResponse> {
  return api.get(`/audit/people?${new URLSearchParams({ q })}`, auditPeopleResponse, signal);
}

export function useAuditPeople(q: string) {
  return useQuery({
    queryKey: ['audit', 'people', q],
    queryFn: ({ signal }) => getAuditPeople(q, signal),
    staleTime: 30_000,
  });
}

export function getAuditClients(q: string, signal?: AbortSignal): Promise<AuditClientsResponse> {
  return api.get(`/audit/clients?${new URLSearchParams({ q })}`, auditClientsResponse, signal);
}

export function useAuditClients(q: string) {
  return useQuery({
    queryKey: ['audit', 'clients', q],
    queryFn: ({ signal }) => getAuditClients(q, signal),
    staleTime: 30_000,
  });
}
