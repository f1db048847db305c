/** The ids with the entries at `from` and `to` swapped, or null when either is out of range. */
export function swapped(ids: readonly number[], from: number, to: number): number[] | null {
  if (from < 0 || to < 0 || from >= ids.length || to >= ids.length || from === to) return null;
  const next = [...ids];
  const a = next[from] as number;
  next[from] = next[to] as number;
  next[to] = a;
  return next;
}
