import { type Message, message } from '../../../shared/i18n/i18n.ts';

/**
 * The queue's row selection: a set of ticket ids, kept by id (not by row position) so a live refetch that
 * reorders or changes rows never selects the wrong ticket.
 */
export type Selection = ReadonlySet<number>;

export function toggleOne(selection: Selection, id: number): Set<number> {
  const next = new Set(selection);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

export type HeaderCheck = 'none' | 'some' | 'all';

/** The select-all box's state for the rows shown. */
export function headerCheck(selection: Selection, visibleIds: readonly number[]): HeaderCheck {
  if (visibleIds.length === 0) return 'none';
  const selected = visibleIds.filter((id) => selection.has(id)).length;
  if (selected === 0) return 'none';
  return selected === visibleIds.length ? 'all' : 'some';
}

/** Select-all: when every row shown is selected it clears them, otherwise it selects them all. */
export function toggleAllVisible(selection: Selection, visibleIds: readonly number[]): Set<number> {
  const next = new Set(selection);
  if (headerCheck(selection, visibleIds) === 'all') for (const id of visibleIds) next.delete(id);
  else for (const id of visibleIds) next.add(id);
  return next;
}

/** Selected tickets that the list no longer shows (another person changed them, for instance). */
export function hiddenSelected(selection: Selection, visibleIds: readonly number[]): number[] {
  const visible = new Set(visibleIds);
  return [...selection].filter((id) => !visible.has(id));
}

/** The sentence shown after a bulk change; `what` is the change, already in the reader's words. */
export function bulkResultMessage(requested: number, updated: number, what: string): Message {
  if (updated === requested) return message('staffApp:tickets.bulk.result.all', { what, count: updated });
  if (updated === 0) return message('staffApp:tickets.bulk.result.none', { what });
  return message('staffApp:tickets.bulk.result.some', { what, updated, count: requested });
}
