import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clearDraft, loadDraft, saveDraft } from './draft.ts';

function memoryStore() {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

test('a draft is kept per ticket and cleared once sent', () => {
  const store = memoryStore();
  saveDraft(4, { body: 'Half a reply', mode: 'internal' }, store);
  assert.deepEqual(loadDraft(4, store), { body: 'Half a reply', mode: 'internal' });
  assert.equal(loadDraft(5, store), null);
  clearDraft(4, store);
  assert.equal(loadDraft(4, store), null);
});

test('an empty draft is not stored, and damaged ones are ignored', () => {
  const store = memoryStore();
  saveDraft(1, { body: '   ', mode: 'public' }, store);
  assert.equal(store.data.size, 0);
  store.setItem('portico.staff.ticket-draft.2', '{not json');
  assert.equal(loadDraft(2, store), null);
  store.setItem('portico.staff.ticket-draft.3', JSON.stringify({ body: 'x', mode: 'weird' }));
  assert.deepEqual(loadDraft(3, store), { body: 'x', mode: 'public' });
  assert.equal(loadDraft(3, null), null);
});
