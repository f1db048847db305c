import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { meResponse } from '../../../shared/schemas/auth.ts';
import { inviteLinkDescription, type JoinBody } from '../../../shared/schemas/invitations.ts';
import { meQueryKey, sessionNoticeKey } from '../../api/auth.ts';
import { api, isReplayedAnswer } from '../../api/client.ts';

/** Tokens travel in request bodies, never in API paths, so they stay out of server logs. */
export function useInviteLinkInfo(token: string | null) {
  return useQuery({
    queryKey: ['invite-link', token],
    enabled: token !== null,
    queryFn: () => api.post('/invite-links/describe', inviteLinkDescription, { token }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Joining creates the login and signs the person in: the answer is who they now are. */
export function useJoin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: JoinBody) => api.post('/invite-links/join', meResponse, body),
    onSuccess: async (me) => {
      queryClient.setQueryData(sessionNoticeKey, null);
      // A replayed answer (its first one was lost) starts no session here: ask who is signed in.
      if (isReplayedAnswer(me)) await queryClient.invalidateQueries({ queryKey: meQueryKey });
      else queryClient.setQueryData(meQueryKey, me);
    },
  });
}
