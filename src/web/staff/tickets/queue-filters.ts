import {
  type TicketPriority,
  type TicketQueueFilters,
  type TicketQueueView,
  type TicketStatus,
  ticketPriorities,
  ticketQueueViews,
  ticketSorts,
  ticketStatuses,
} from '../../../shared/schemas/tickets.ts';

export type TicketSort = (typeof ticketSorts)[number];

/**
 * What the staff queue shows, as it lives in the address bar (so a link shares it and Back restores it).
 * Ids are numbers; "not set" is null or an empty list.
 */
export interface QueueState {
  view: TicketQueueView;
  q: string;
  status: TicketStatus[];
  priority: TicketPriority[];
  clientId: number | null;
  assigneeAccountId: number | null;
  categoryId: number | null;
  sort: TicketSort;
}

export const defaultQueueState: QueueState = {
  view: 'all',
  q: '',
  status: [],
  priority: [],
  clientId: null,
  assigneeAccountId: null,
  categoryId: null,
  sort: 'updated-desc',
};

function positiveId(value: string | null): number | null {
  if (value === null || !/^\d{1,10}$/.test(value)) return null;
  const n = Number(value);
  return n > 0 && n <= 2_147_483_647 ? n : null;
}

/** Known values from a comma-separated (or repeated) parameter, each once, in the catalogue's order. */
function listOf<T extends string>(params: URLSearchParams, key: string, allowed: readonly T[]): T[] {
  const given = new Set(params.getAll(key).flatMap((v) => v.split(',')));
  return allowed.filter((v) => given.has(v));
}

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return allowed.find((v) => v === value) ?? fallback;
}

/** Reads the queue state from a query string; anything unknown or malformed is ignored, never an error. */
export function parseQueueSearch(search: string | URLSearchParams): QueueState {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  return {
    view: oneOf(params.get('view'), ticketQueueViews, 'all'),
    q: (params.get('q') ?? '').slice(0, 200),
    status: listOf(params, 'status', ticketStatuses),
    priority: listOf(params, 'priority', ticketPriorities),
    clientId: positiveId(params.get('clientId')),
    assigneeAccountId: positiveId(params.get('assigneeAccountId')),
    categoryId: positiveId(params.get('categoryId')),
    sort: oneOf(params.get('sort'), ticketSorts, 'updated-desc'),
  };
}

/** The query string for a state, in a fixed order and without defaults (so equal states give equal URLs). */
export function queueSearchString(state: QueueState): string {
  const params = new URLSearchParams();
  if (state.view !== 'all') params.set('view', state.view);
  const q = state.q.trim();
  if (q) params.set('q', q);
  if (state.status.length)
    params.set('status', listOf(toParams(state.status), 'v', ticketStatuses).join(','));
  if (state.priority.length) {
    params.set('priority', listOf(toParams(state.priority), 'v', ticketPriorities).join(','));
  }
  if (state.clientId !== null) params.set('clientId', String(state.clientId));
  if (state.assigneeAccountId !== null) params.set('assigneeAccountId', String(state.assigneeAccountId));
  if (state.categoryId !== null) params.set('categoryId', String(state.categoryId));
  if (state.sort !== 'updated-desc') params.set('sort', state.sort);
  const text = params.toString();
  return text ? `?${text}` : '';
}

function toParams(values: readonly string[]): URLSearchParams {
  return new URLSearchParams(values.map((v) => ['v', v]));
}

/** The parameters for GET /api/v1/tickets (for `toQuery`): lists comma-separated, unset ones left out. */
export function toListParams(
  state: QueueState,
  page: { cursor?: string | undefined; limit: number },
): Record<string, string | number | undefined> {
  return {
    view: state.view,
    q: state.q.trim() || undefined,
    status: state.status.length ? state.status.join(',') : undefined,
    priority: state.priority.length ? state.priority.join(',') : undefined,
    clientId: state.clientId ?? undefined,
    assigneeAccountId: state.assigneeAccountId ?? undefined,
    categoryId: state.categoryId ?? undefined,
    sort: state.sort,
    limit: page.limit,
    cursor: page.cursor,
  };
}

/** The filters a saved view stores (the sort order is the person's, not the view's). */
export function toSavedFilters(state: QueueState): TicketQueueFilters {
  const filters: TicketQueueFilters = {};
  if (state.view !== 'all') filters.view = state.view;
  const q = state.q.trim();
  if (q) filters.q = q;
  if (state.status.length) filters.status = [...state.status];
  if (state.priority.length) filters.priority = [...state.priority];
  if (state.clientId !== null) filters.clientId = state.clientId;
  if (state.assigneeAccountId !== null) filters.assigneeAccountId = state.assigneeAccountId;
  if (state.categoryId !== null) filters.categoryId = state.categoryId;
  return filters;
}

/** The queue state a saved view opens with, keeping the current sort order. */
export function fromSavedFilters(filters: TicketQueueFilters, sort: TicketSort = 'updated-desc'): QueueState {
  return {
    view: filters.view ?? 'all',
    q: filters.q ?? '',
    status: ticketStatuses.filter((s) => filters.status?.includes(s)),
    priority: ticketPriorities.filter((p) => filters.priority?.includes(p)),
    clientId: filters.clientId ?? null,
    assigneeAccountId: filters.assigneeAccountId ?? null,
    categoryId: filters.categoryId ?? null,
    sort,
  };
}

/** True when the state shows exactly what the saved view's filters show (whatever the order of lists). */
export function matchesSavedFilters(state: QueueState, filters: TicketQueueFilters): boolean {
  const a = queueSearchString({ ...state, sort: 'updated-desc' });
  const b = queueSearchString(fromSavedFilters(filters));
  return a === b;
}

/** Whether anything narrows the built-in view (search or a filter), for the empty-list message. */
export function hasNarrowingFilters(state: QueueState): boolean {
  return (
    state.q.trim() !== '' ||
    state.status.length > 0 ||
    state.priority.length > 0 ||
    state.clientId !== null ||
    state.assigneeAccountId !== null ||
    state.categoryId !== null
  );
}

/** The state with the built-in view switched and the other filters kept. */
export function withView(state: QueueState, view: TicketQueueView): QueueState {
  return { ...state, view };
}

/** A key that changes whenever the list would show different tickets (pagination starts again). */
export function filterKey(state: QueueState): string {
  return queueSearchString(state);
}
