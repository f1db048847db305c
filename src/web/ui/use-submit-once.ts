import type { UseMutateFunction, UseMutationResult } from '@tanstack/react-query';
import { useRef } from 'react';

/**
 * `send` that ignores calls while the previous one is on its way; the lock is released when that
 * call's promise settles, whether it succeeded or failed.
 */
export function oneAtATime<A extends unknown[]>(
  send: (...args: A) => Promise<unknown>,
): (...args: A) => boolean {
  let busy = false;
  return (...args) => {
    if (busy) return false;
    busy = true;
    let settled: Promise<unknown>;
    try {
      settled = send(...args);
    } catch (error) {
      busy = false;
      throw error;
    }
    void settled
      .catch(() => undefined)
      .finally(() => {
        busy = false;
      });
    return true;
  };
}

/**
 * A mutation whose `mutate` ignores a second call while the first is on its way: Enter pressed again
 * in a field, or a second click, while a form is submitting (issue 12, point 4). A check of
 * `isPending` alone is not enough: it changes only once React Query has told the component and React
 * has rendered it again, and presses queued on a busy page run before that; this lock is taken at once.
 * The form stays as it was: `const create = useSubmitOnce(useCreateTicket())`, then
 * `create.mutate(body, { onSuccess })`.
 *
 * The lock is released when the request settles, so a corrected form, or a retry after an error, can
 * be sent; the API client gives that retry the same Idempotency-Key while the first attempt has had no
 * answer (api/client.ts).
 */
export function useSubmitOnce<TData, TError, TVariables, TContext>(
  mutation: UseMutationResult<TData, TError, TVariables, TContext>,
): UseMutationResult<TData, TError, TVariables, TContext> {
  const latest = useRef(mutation);
  latest.current = mutation;
  // mutateAsync settles even if the page stops listening (a reset, a re-render), so the lock is always
  // released; its rejection is the mutation's error, which the page shows through `error` as before.
  const guarded = useRef<UseMutateFunction<TData, TError, TVariables, TContext> | null>(null);
  if (!guarded.current) {
    const send = oneAtATime((...args: Parameters<typeof mutation.mutateAsync>) =>
      latest.current.mutateAsync(...args),
    );
    guarded.current = (...args) => {
      send(...args);
    };
  }
  return { ...mutation, mutate: guarded.current } as UseMutationResult<TData, TError, TVariables, TContext>;
}
