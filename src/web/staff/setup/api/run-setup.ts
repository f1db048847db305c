import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type Me, meResponse } from '../../../../shared/schemas/auth.ts';
import type { SetupBody } from '../../../../shared/schemas/setup.ts';
import { meQueryKey } from '../../../api/auth.ts';
import { brandingQueryKey } from '../../../api/branding.ts';
import { api, isReplayedAnswer } from '../../../api/client.ts';

/** Creates the organisation and its owner; the owner comes back signed in. */
export function runSetup(body: SetupBody): Promise<Me> {
  return api.post('/setup', meResponse, body);
}

export function useRunSetup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: runSetup,
    onSuccess: async (me) => {
      // A replayed answer (its first one was lost) starts no session here: ask who is signed in.
      if (isReplayedAnswer(me)) await queryClient.invalidateQueries({ queryKey: meQueryKey });
      else queryClient.setQueryData(meQueryKey, me);
      await queryClient.invalidateQueries({ queryKey: brandingQueryKey });
    },
  });
}
