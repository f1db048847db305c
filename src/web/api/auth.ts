import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type LoginBody,
  type LoginResponse,
  loginResponse,
  type Me,
  type MfaLoginBody,
  meResponse,
} from '../../shared/schemas/auth.ts';
import { okResponse } from '../../shared/schemas/common.ts';
import { ApiError, api, setCsrfToken } from './client.ts';

export const meQueryKey = ['me'] as const;

/** The signed-in person, or null when nobody is signed in (the API answered 401). */
export async function getMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    return await api.get('/me', meResponse, signal);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export const meQueryOptions = () =>
  queryOptions({ queryKey: meQueryKey, queryFn: ({ signal }) => getMe(signal), staleTime: 60_000 });

export function useMe() {
  return useQuery(meQueryOptions());
}

/** A session (the person), or a challenge for the code from the authenticator app. */
export function login(body: LoginBody): Promise<LoginResponse> {
  return api.post('/auth/login', loginResponse, body);
}

export function isMfaChallenge(
  response: LoginResponse,
): response is Extract<LoginResponse, { mfaRequired: true }> {
  return 'mfaRequired' in response;
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (response) => {
      if (isMfaChallenge(response)) return;
      queryClient.setQueryData(meQueryKey, response);
      queryClient.setQueryData(sessionNoticeKey, null);
    },
  });
}

/** The second step of a sign-in: the challenge and a code (or a backup code). */
export function loginWithCode(body: MfaLoginBody): Promise<Me> {
  return api.post('/auth/login/mfa', meResponse, body);
}

export function useMfaLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: loginWithCode,
    onSuccess: (me) => {
      queryClient.setQueryData(meQueryKey, me);
      queryClient.setQueryData(sessionNoticeKey, null);
    },
  });
}

/** After a change that alters what /me says (a new password, MFA switched on), read it again. */
export function useRefreshMe() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: meQueryKey });
}

export function logout(): Promise<{ ok: true }> {
  return api.post('/auth/logout', okResponse);
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSettled: () => {
      // Signed out (or the session was already gone): forget everything about the person.
      setCsrfToken(null);
      dropSession(queryClient);
    },
  });
}

/** Why the sign-in page is showing again, when it was not the person's own choice. */
export const sessionNoticeKey = ['session-notice'] as const;

export function useSessionNotice(): string | null {
  const { data } = useQuery<string | null>({
    queryKey: sessionNoticeKey,
    queryFn: () => null,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
  });
  return data ?? null;
}

interface SessionCache {
  setQueryData: ReturnType<typeof useQueryClient>['setQueryData'];
  removeQueries: ReturnType<typeof useQueryClient>['removeQueries'];
}

/** Drops cached data that belongs to the signed-in person; keeps public data such as branding. */
export function dropSession(queryClient: SessionCache, notice: string | null = null): void {
  queryClient.removeQueries({
    predicate: (query) => !['me', 'branding', 'session-notice'].includes(String(query.queryKey[0])),
  });
  queryClient.setQueryData(meQueryKey, null);
  queryClient.setQueryData(sessionNoticeKey, notice);
}
