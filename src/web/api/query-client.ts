import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { dropSession } from './auth.ts';
import { ApiError } from './client.ts';

const SESSION_ENDED = 'Your session has ended. Please sign in again.';

/**
 * One client per page load. Any 401 from the API (other than a failed sign-in) means the session is gone:
 * forget the person and their data, so the shell shows the sign-in page.
 */
export function createAppQueryClient(): QueryClient {
  const onError = (error: unknown) => {
    if (!(error instanceof ApiError) || error.status !== 401) return;
    if (error.code === 'invalid_credentials') return;
    const hadSession = queryClient.getQueryData(['me']) != null;
    dropSession(queryClient, hadSession ? SESSION_ENDED : null);
  };
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      // React Query's default ('online') holds a request while the browser says it is offline: the page
      // then spins with no word of why. Always send, so a failure comes back as network_error and the
      // page says so and offers to retry.
      queries: {
        networkMode: 'always',
        refetchOnWindowFocus: false,
        // Client errors will not fix themselves; a flaky network or a restarting server might.
        retry: (failureCount, error) =>
          failureCount < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      },
      mutations: { retry: false, networkMode: 'always' },
    },
  });
  return queryClient;
}
