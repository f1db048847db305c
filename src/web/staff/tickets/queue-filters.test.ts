import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ticketQueueFilters } from '../../../shared/schemas/tickets.ts';
import {
  defaultQueueState,
  fromSavedFilters,
  hasNarrowingFilters,
  matchesSavedFilters,
  parseQueueSearch,
  queueSearchString,
  toListParams,
  toSavedFilters,
} from './queue-filters.ts';

test('an empty address is the default queue, and the default queue is an empty address', () => {
  assert.deepEqual(parseQueueSearch(''), defaultQueueState);
  assert.equal(queueSearchString(defaultQueueState), '');
  assert.equal(hasNarrowingFilters(defaultQueueState), false);
});

test('the address round-trips every filter, in a fixed order', () => {
  const state = {
    view: 'mine' as const,
    q: 'printer #12',
    status: ['open' as const, 'new' as const],
    priority: ['critical' as const],
    clientId: 7,
    assigneeAccountId: 3,
    categoryId: 9,
    sort: 'created-asc' as const,
  };
  const search = queueSearchString(state);
  assert.equal(
    search,
    '?view=mine&q=printer+%2312&status=new%2Copen&priority=critical&clientId=7&assigneeAccountId=3&categoryId=9&sort=created-asc',
  );
  // Lists come back in the catalogue's order, so the same filters always give the same address.
  assert.deepEqual(parseQueueSearch(search), { ...state, status: ['new', 'open'] });
  assert.equal(hasNarrowingFilters(parseQueueSearch(search)), true);
});

test('unknown or malformed values are ignored instead of breaking the page', () => {
  const state = parseQueueSearch(
    '?view=everything&status=open,bogus&status=closed&priority=urgent&clientId=abc&assigneeAccountId=-1&categoryId=0&sort=random',
  );
  assert.deepEqual(state, { ...defaultQueueState, status: ['open', 'closed'] });
  assert.equal(parseQueueSearch('?clientId=99999999999').clientId, null);
  assert.equal(parseQueueSearch(`?q=${'x'.repeat(300)}`).q.length, 200);
});

test('the list request carries the filters the API schema accepts', () => {
  const params = toListParams(
    { ...defaultQueueState, view: 'unassigned', status: ['open', 'new'], q: '  disk  ', clientId: 4 },
    { limit: 25, cursor: 'abc' },
  );
  assert.deepEqual(params, {
    view: 'unassigned',
    q: 'disk',
    status: 'open,new',
    priority: undefined,
    clientId: 4,
    assigneeAccountId: undefined,
    categoryId: undefined,
    sort: 'updated-desc',
    limit: 25,
    cursor: 'abc',
  });
});

test('saved views store the filters without the sort order, valid for the API', () => {
  const state = {
    ...defaultQueueState,
    view: 'breaching-soon' as const,
    priority: ['high' as const],
    sort: 'created-desc' as const,
  };
  const filters = toSavedFilters(state);
  assert.deepEqual(filters, { view: 'breaching-soon', priority: ['high'] });
  assert.ok(ticketQueueFilters.safeParse(filters).success);
  assert.deepEqual(toSavedFilters(defaultQueueState), {});
  // Opening it keeps the person's sort order.
  assert.deepEqual(fromSavedFilters(filters, 'created-desc'), state);
});

test('a saved view is recognised whatever the order of its lists and the sort', () => {
  const filters = { status: ['open', 'new'] as ('open' | 'new')[], clientId: 2 };
  assert.equal(
    matchesSavedFilters(
      { ...defaultQueueState, status: ['new', 'open'], clientId: 2, sort: 'created-asc' },
      filters,
    ),
    true,
  );
  assert.equal(matchesSavedFilters({ ...defaultQueueState, status: ['new'], clientId: 2 }, filters), false);
  assert.equal(matchesSavedFilters(defaultQueueState, {}), true);
});
