import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  backupCodesResponse,
  type MfaDisableBody,
  type MfaEnrolmentConfirmBody,
  type MfaEnrolmentStartBody,
  mfaEnrolmentStartResponse,
  mfaStatusResponse,
  type RegenerateBackupCodesBody,
} from '../../shared/schemas/mfa.ts';
import { meQueryKey } from './auth.ts';
import { api } from './client.ts';
import { profileQueryKey } from './profile.ts';

export const mfaQueryKey = ['mfa'] as const;

export function useMfaStatus() {
  return useQuery({
    queryKey: mfaQueryKey,
    queryFn: ({ signal }) => api.get('/mfa', mfaStatusResponse, signal),
  });
}

export function useStartMfaEnrolment() {
  return useMutation({
    mutationFn: (body: MfaEnrolmentStartBody) => api.post('/mfa/enrolment', mfaEnrolmentStartResponse, body),
  });
}

/** Everything that shows whether MFA is on (status, profile, /me and its gate) is read again. */
function useRefreshSecurity() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all(
      [mfaQueryKey, profileQueryKey].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
    );
}

export function useConfirmMfaEnrolment() {
  const refresh = useRefreshSecurity();
  return useMutation({
    mutationFn: (body: MfaEnrolmentConfirmBody) =>
      api.post('/mfa/enrolment/confirm', backupCodesResponse, body),
    onSuccess: refresh,
  });
}

export function useRegenerateBackupCodes() {
  const refresh = useRefreshSecurity();
  return useMutation({
    mutationFn: (body: RegenerateBackupCodesBody) => api.post('/mfa/backup-codes', backupCodesResponse, body),
    onSuccess: refresh,
  });
}

export function useDisableMfa() {
  const queryClient = useQueryClient();
  const refresh = useRefreshSecurity();
  return useMutation({
    mutationFn: (body: MfaDisableBody) => api.post('/mfa/disable', mfaStatusResponse, body),
    onSuccess: async () => {
      await refresh();
      // Switching off while it is required puts the person back in front of the set-up.
      await queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
  });
}
