import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import {
  type OutboxEmail,
  type OutboxListResponse,
  outboxEmail,
  outboxListResponse,
} from '../../../../shared/schemas/outbox.ts';
import { api } from '../../../api/client.ts';

export function getOutboxPage(
  to: string,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<OutboxListResponse> {
  const params = new URLSearchParams({ limit: '50' });
  if (to) params.set('to', to);
  if (cursor) params.set('cursor', cursor);
  return api.get(`/outbox?${params}`, outboxListResponse, signal);
}

export function useOutbox(to: string) {
  return useInfiniteQuery({
    queryKey: ['outbox', 'list', to],
    queryFn: ({ pageParam, signal }) => getOutboxPage(to, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function getOutboxEmail(id: number, signal?: AbortSignal): Promise<OutboxEmail> {
  return api.get(`/outbox/${id}`, outboxEmail, signal);
}

export function useOutboxEmail(id: number) {
  return useQuery({
    queryKey: ['outbox', 'email', id],
    queryFn: ({ signal }) => getOutboxEmail(id, signal),
    enabled: Number.isInteger(id) && id > 0,
  });
}
