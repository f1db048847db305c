import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translate } from '../../../shared/i18n/i18n.ts';
import { bulkResultMessage, headerCheck, hiddenSelected, toggleAllVisible, toggleOne } from './selection.ts';

test('rows toggle one at a time', () => {
  let s = toggleOne(new Set(), 4);
  assert.deepEqual([...s], [4]);
  s = toggleOne(s, 5);
  s = toggleOne(s, 4);
  assert.deepEqual([...s], [5]);
});

test('select-all selects every row shown, then clears them, and keeps other selections', () => {
  const rows = [1, 2, 3];
  assert.equal(headerCheck(new Set(), rows), 'none');
  assert.equal(headerCheck(new Set([2]), rows), 'some');
  const all = toggleAllVisible(new Set([2, 9]), rows);
  assert.deepEqual([...all].sort(), [1, 2, 3, 9]);
  assert.equal(headerCheck(all, rows), 'all');
  const cleared = toggleAllVisible(all, rows);
  assert.deepEqual([...cleared], [9]);
  assert.equal(headerCheck(new Set([1]), []), 'none');
});

test('a refetch that drops a selected ticket keeps it selected and says so', () => {
  const selection = new Set([1, 2, 3]);
  // After a live update, ticket 2 moved out of this view and ticket 7 came in.
  assert.deepEqual(hiddenSelected(selection, [7, 3, 1]), [2]);
  assert.equal(headerCheck(selection, [7, 3, 1]), 'some');
});

test('bulk results read as a sentence', () => {
  const en = (m: ReturnType<typeof bulkResultMessage>) => translate('en', m);
  assert.equal(en(bulkResultMessage(3, 3, 'Assigned to Sam')), 'Assigned to Sam: 3 tickets updated.');
  assert.equal(en(bulkResultMessage(1, 1, 'Status set to Open')), 'Status set to Open: 1 ticket updated.');
  assert.equal(
    en(bulkResultMessage(4, 2, 'Status set to Open')),
    'Status set to Open: 2 of 4 tickets updated; the others already matched.',
  );
  assert.equal(en(bulkResultMessage(2, 0, 'Unassigned')), 'Unassigned: no ticket needed a change.');
});

test('bulk results take Polish and Arabic plural forms', () => {
  assert.equal(translate('pl', bulkResultMessage(5, 5, 'X')), 'X: zaktualizowano 5 zgłoszeń.');
  assert.equal(translate('pl', bulkResultMessage(3, 3, 'X')), 'X: zaktualizowano 3 zgłoszenia.');
  assert.equal(translate('ar', bulkResultMessage(2, 2, 'X')), 'X: حُدّثت تذكرتان.');
});
