import { queryOptions, useQuery } from '@tanstack/react-query';
import { type Branding, brandingResponse } from '../../shared/schemas/settings.ts';
import { api } from './client.ts';

export const brandingQueryKey = ['branding'] as const;

export function getBranding(signal?: AbortSignal): Promise<Branding> {
  return api.get('/branding', brandingResponse, signal);
}

export const brandingQueryOptions = () =>
  queryOptions({
    queryKey: brandingQueryKey,
    queryFn: ({ signal }) => getBranding(signal),
    staleTime: 300_000,
  });

export function useBranding() {
  return useQuery(brandingQueryOptions());
}
