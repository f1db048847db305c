import { useMutation, useQuery } from '@tanstack/react-query';
import {
  type CompleteResetBody,
  type PasswordResetRequestBody,
  passwordResetAccepted,
  resetCompleted,
  resetDescription,
} from '../../shared/schemas/password-reset.ts';
import { api } from './client.ts';

export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (body: PasswordResetRequestBody) =>
      api.post('/auth/password-reset', passwordResetAccepted, body),
  });
}

/** Tokens travel in request bodies, never in API paths, so they stay out of server logs. */
export function useResetLink(token: string | null) {
  return useQuery({
    queryKey: ['password-reset-link', token],
    enabled: token !== null,
    queryFn: () => api.post('/auth/password-reset/describe', resetDescription, { token }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useCompletePasswordReset() {
  return useMutation({
    mutationFn: (body: CompleteResetBody) => api.post('/auth/password-reset/complete', resetCompleted, body),
  });
}
