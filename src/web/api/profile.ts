import { queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { okResponse } from '../../shared/schemas/common.ts';
import {
  type PersonLocalePatch,
  type ProfileLocale,
  profileLocaleResponse,
} from '../../shared/schemas/locale.ts';
import {
  type Appearance,
  appearance,
  type EmailChangeBody,
  emailChangeResponse,
  emailConfirmResponse,
  type NotificationPrefs,
  notificationPrefs,
  type PasswordChangeBody,
  type Profile,
  type ProfilePatch,
  passwordChangeResponse,
  profileResponse,
  revokeOthersResponse,
  sessionsResponse,
  signInHistoryResponse,
} from '../../shared/schemas/profile.ts';
import { meQueryKey } from './auth.ts';
import { api } from './client.ts';

export const profileQueryKey = ['profile'] as const;
export const sessionsQueryKey = ['profile', 'sessions'] as const;
export const signInsQueryKey = ['profile', 'sign-ins'] as const;
export const appearanceQueryKey = ['profile', 'appearance'] as const;
export const profileLocaleQueryKey = ['profile', 'locale'] as const;

/** The person's own language, time zone and date format, and what is in effect for them. */
export function useProfileLocale(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: profileLocaleQueryKey,
    queryFn: ({ signal }) => api.get('/profile/locale', profileLocaleResponse, signal),
    enabled: options.enabled ?? true,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Saves the choices; the web app switches to the new language at once (the provider reads this query). */
export function useSetProfileLocale() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: PersonLocalePatch) => api.put('/profile/locale', profileLocaleResponse, patch),
    onSuccess: (saved: ProfileLocale) => queryClient.setQueryData(profileLocaleQueryKey, saved),
  });
}

/** The person's colour scheme as stored on their account (the web app applies it where they sign in). */
export function useAppearance(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: appearanceQueryKey,
    queryFn: ({ signal }) => api.get('/profile/appearance', appearance, signal),
    enabled: options.enabled ?? true,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useSetAppearance() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Appearance) => api.put('/profile/appearance', appearance, body),
    onSuccess: (saved) => queryClient.setQueryData(appearanceQueryKey, saved),
  });
}

export const profileQueryOptions = () =>
  queryOptions({
    queryKey: profileQueryKey,
    queryFn: ({ signal }) => api.get('/profile', profileResponse, signal),
  });

export function useProfile() {
  return useQuery(profileQueryOptions());
}

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: ProfilePatch) => api.patch('/profile', profileResponse, patch),
    onSuccess: async (profile: Profile) => {
      queryClient.setQueryData(profileQueryKey, profile);
      // The name shows in the header, which reads /me.
      await queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
  });
}

export function useUpdateNotifications() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (prefs: NotificationPrefs) => api.put('/profile/notifications', notificationPrefs, prefs),
    onSuccess: (prefs) => {
      queryClient.setQueryData<Profile>(profileQueryKey, (old) =>
        old ? { ...old, notifications: prefs } : old,
      );
    },
  });
}

export function useRequestEmailChange() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: EmailChangeBody) => api.post('/profile/email', emailChangeResponse, body),
    onSuccess: (result) => {
      queryClient.setQueryData<Profile>(profileQueryKey, (old) =>
        old ? { ...old, pendingEmail: result.pendingEmail } : old,
      );
    },
  });
}

export function confirmEmail(token: string) {
  return api.post('/profile/email/confirm', emailConfirmResponse, { token });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PasswordChangeBody) => api.post('/profile/password', passwordChangeResponse, body),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: meQueryKey }),
        queryClient.invalidateQueries({ queryKey: profileQueryKey }),
      ]);
    },
  });
}

export function useSessions() {
  return useQuery({
    queryKey: sessionsQueryKey,
    queryFn: ({ signal }) => api.get('/profile/sessions', sessionsResponse, signal),
  });
}

export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/profile/sessions/${encodeURIComponent(id)}`, okResponse),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsQueryKey }),
  });
}

export function useRevokeOtherSessions() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post('/profile/sessions/revoke-others', revokeOthersResponse),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsQueryKey }),
  });
}

const SIGN_INS_PAGE = 10;

export function useSignIns() {
  return useInfiniteQuery({
    queryKey: signInsQueryKey,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ limit: String(SIGN_INS_PAGE) });
      if (pageParam) query.set('cursor', pageParam);
      return api.get(`/profile/sign-ins?${query.toString()}`, signInHistoryResponse, signal);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
}
