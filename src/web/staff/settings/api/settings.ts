import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type AlertStaffOptionList,
  alertStaffOptionList,
  type SettingsPatch,
  type SettingsResponse,
  settingsResponse,
} from '../../../../shared/schemas/settings.ts';
import { brandingQueryKey } from '../../../api/branding.ts';
import { api } from '../../../api/client.ts';

export const settingsQueryKey = ['settings'] as const;

export function getSettings(signal?: AbortSignal): Promise<SettingsResponse> {
  return api.get('/settings', settingsResponse, signal);
}

export const settingsQueryOptions = () =>
  queryOptions({ queryKey: settingsQueryKey, queryFn: ({ signal }) => getSettings(signal) });

export function useSettings() {
  return useQuery(settingsQueryOptions());
}

/** The active staff, who can be chosen to get every alert. */
export function getAlertStaff(signal?: AbortSignal): Promise<AlertStaffOptionList> {
  return api.get('/settings/alert-staff', alertStaffOptionList, signal);
}

export function useAlertStaff() {
  return useQuery({
    queryKey: [...settingsQueryKey, 'alert-staff'],
    queryFn: ({ signal }) => getAlertStaff(signal),
    staleTime: 60_000,
  });
}

export function updateSettings(patch: SettingsPatch): Promise<SettingsResponse> {
  return api.patch('/settings', settingsResponse, patch);
}

export function uploadLogo(file: File): Promise<SettingsResponse> {
  const form = new FormData();
  form.append('file', file);
  return api.put('/settings/logo', settingsResponse, form);
}

export function removeLogo(): Promise<SettingsResponse> {
  return api.delete('/settings/logo', settingsResponse);
}

/** Settings shape the branding every page is painted with, so a change repaints the app at once. */
function useSettingsMutation<T>(mutationFn: (input: T) => Promise<SettingsResponse>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async (settings) => {
      queryClient.setQueryData(settingsQueryKey, settings);
      await queryClient.invalidateQueries({ queryKey: brandingQueryKey });
    },
  });
}

export const useUpdateSettings = () => useSettingsMutation(updateSettings);
export const useUploadLogo = () => useSettingsMutation(uploadLogo);
export const useRemoveLogo = () => useSettingsMutation(removeLogo);
