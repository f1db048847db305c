import { useCallback, useState } from 'react';

/**
 * Keyset pages for a list: the cursors seen so far form a stack, so "Previous" goes back exactly
 * and "Next" follows the server's cursor. Changing a filter starts again from the first page.
 */
export function useCursorPages(resetKey: string) {
  const [state, setState] = useState<{ key: string; stack: (string | undefined)[] }>({
    key: resetKey,
    stack: [undefined],
  });
  const stack = state.key === resetKey ? state.stack : [undefined];
  const cursor = stack.at(-1);
  const next = useCallback(
    (nextCursor: string) => setState({ key: resetKey, stack: [...stack, nextCursor] }),
    [resetKey, stack],
  );
  const previous = useCallback(
    () => setState({ key: resetKey, stack: stack.length > 1 ? stack.slice(0, -1) : stack }),
    [resetKey, stack],
  );
  return { cursor, page: stack.length, next, previous, hasPrevious: stack.length > 1 };
}
