import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fetchAllPages } from './all-pages.ts';

test('reads page after page until the list ends', async () => {
  const seen: (string | undefined)[] = [];
  const items = await fetchAllPages(async (cursor) => {
    seen.push(cursor);
    if (cursor === undefined) return { items: [1, 2], nextCursor: 'a' };
    if (cursor === 'a') return { items: [3], nextCursor: 'b' };
    return { items: [4], nextCursor: null };
  }, 10);
  assert.deepEqual(items, [1, 2, 3, 4]);
  assert.deepEqual(seen, [undefined, 'a', 'b']);
});

test('stops after the most pages it may read', async () => {
  let calls = 0;
  const items = await fetchAllPages(async () => {
    calls++;
    return { items: [calls], nextCursor: 'more' };
  }, 3);
  assert.equal(calls, 3);
  assert.deepEqual(items, [1, 2, 3]);
});
