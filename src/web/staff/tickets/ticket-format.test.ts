import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translate } from '../../../shared/i18n/i18n.ts';
import { insertAtCursor, isSendShortcut, minutesProblem } from './markdown-text.ts';
import { countLabel, parseTicketNumber, recentOffset } from './ticket-format.ts';

test('ticket numbers are read with or without the hash', () => {
  assert.equal(parseTicketNumber('42'), 42);
  assert.equal(parseTicketNumber(' #42 '), 42);
  assert.equal(parseTicketNumber('# 7'), 7);
  assert.equal(parseTicketNumber('0'), null);
  assert.equal(parseTicketNumber('4a'), null);
  assert.equal(parseTicketNumber(''), null);
  assert.equal(parseTicketNumber('99999999999'), null);
});

test('queue counts say when there are more than one page', () => {
  assert.equal(countLabel(3, false), '3');
  assert.equal(countLabel(100, true), '100+');
  assert.equal(
    countLabel(1000, true, (n) => n.toLocaleString('de')),
    '1.000+',
  );
});

test('a canned response goes in at the cursor, on its own lines inside text', () => {
  assert.deepEqual(insertAtCursor('', 0, 0, 'Hello'), { text: 'Hello', cursor: 5 });
  assert.deepEqual(insertAtCursor('Hi,\n', 4, 4, 'Thanks'), { text: 'Hi,\nThanks', cursor: 10 });
  const mid = insertAtCursor('Before after', 6, 6, 'X');
  assert.equal(mid.text, 'Before\n\nX\n\n after');
  assert.equal(mid.text.slice(0, mid.cursor), 'Before\n\nX');
  // A selection is replaced.
  assert.equal(insertAtCursor('a OLD b', 2, 5, 'NEW').text, 'a \n\nNEW\n\n b');
  // Positions out of range are clamped to the text.
  assert.equal(insertAtCursor('abc', 99, 99, 'Z').text, 'abc\n\nZ');
});

test('Ctrl+Enter and Cmd+Enter send; Enter alone does not', () => {
  assert.equal(isSendShortcut({ key: 'Enter', ctrlKey: true, metaKey: false }), true);
  assert.equal(isSendShortcut({ key: 'Enter', ctrlKey: false, metaKey: true }), true);
  assert.equal(isSendShortcut({ key: 'Enter', ctrlKey: false, metaKey: false }), false);
  assert.equal(isSendShortcut({ key: 'a', ctrlKey: true, metaKey: false }), false);
});

test('time spent is checked before sending', () => {
  assert.equal(minutesProblem(''), null);
  assert.equal(minutesProblem(30), null);
  assert.equal(minutesProblem(1440), null);
  const en = (key: ReturnType<typeof minutesProblem>) => (key ? translate('en', key) : '');
  assert.match(en(minutesProblem(1441)), /24 hours/);
  assert.match(en(minutesProblem(-1)), /0 or more/);
  assert.match(en(minutesProblem(1.5)), /whole/);
  assert.match(translate('fr', minutesProblem(1441) ?? 'staffApp:missing'), /24\sheures/);
});

test('recent changes read as time ago, older ones fall back to a date', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  const minute = 60_000;
  assert.equal(recentOffset('2026-03-10T11:59:40Z', now), -minute);
  assert.equal(recentOffset('2026-03-10T11:55:00Z', now), -5 * minute);
  assert.equal(recentOffset('2026-03-05T12:00:00Z', now), -5 * 24 * 60 * minute);
  assert.equal(recentOffset('2026-02-01T12:00:00Z', now), null);
  assert.equal(recentOffset('not a date', now), null);
  // A clock slightly behind the server never shows a time in the future.
  assert.equal(recentOffset('2026-03-10T12:00:30Z', now), -minute);
});
