import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  type CreateInviteLinkBody,
  createdInviteLink,
  type InviteBody,
  inviteLink,
  inviteLinksPage,
  inviteResponse,
} from '../../../../shared/schemas/invitations.ts';
import { passwordResetAccepted } from '../../../../shared/schemas/password-reset.ts';
import { api } from '../../../api/client.ts';
import { clientKeys } from '../../../api/clients.ts';

export const inviteLinksKey = (clientId: number) => ['clients', clientId, 'invite-links'] as const;

/** Contacts gained logins: the client's lists and counts (the Portal tab among them) are read again. */
function refreshDirectory(queryClient: ReturnType<typeof useQueryClient>) {
  void queryClient.invalidateQueries({ queryKey: clientKeys.all });
}

export function useInviteContacts(clientId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: InviteBody) => api.post(`/clients/${clientId}/invitations`, inviteResponse, body),
    onSuccess: () => refreshDirectory(queryClient),
  });
}

export function useInviteLinks(clientId: number) {
  return useInfiniteQuery({
    queryKey: inviteLinksKey(clientId),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.get(
        `/clients/${clientId}/invite-links?limit=20${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`,
        inviteLinksPage,
        signal,
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useCreateInviteLink(clientId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateInviteLinkBody) =>
      api.post(`/clients/${clientId}/invite-links`, createdInviteLink, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: inviteLinksKey(clientId) }),
  });
}

export function useRevokeInviteLink(clientId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete(`/clients/${clientId}/invite-links/${id}`, inviteLink),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: inviteLinksKey(clientId) }),
  });
}

export function useSendPasswordReset(clientId: number, contactId: number) {
  return useMutation({
    mutationFn: () =>
      api.post(`/clients/${clientId}/contacts/${contactId}/password-reset`, passwordResetAccepted),
  });
}
