import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { meResponse } from '../../../shared/schemas/auth.ts';
import { type AcceptInvitationBody, invitationDescription } from '../../../shared/schemas/invitations.ts';
import { meQueryKey, sessionNoticeKey } from '../../api/auth.ts';
import { api } from '../../api/client.ts';

/** Tokens travel in request bodies, never in API paths, so they stay out of server logs. */
export function useInvitation(token: string | null) {
  return useQuery({
    queryKey: ['invitation', token],
    enabled: token !== null,
    queryFn: () => api.post('/invitations/describe', invitationDescription, { token }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Accepting signs the person in: the answer is who they now are. */
export function useAcceptInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AcceptInvitationBody) => api.post('/invitations/accept', meResponse, body),
    onSuccess: (me) => {
      queryClient.setQueryData(meQueryKey, me);
      queryClient.setQueryData(sessionNoticeKey, null);
    },
  });
}
