import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMinutes } from './ticket-format.ts';

test('minutes read as hours and minutes', () => {
  assert.equal(formatMinutes(0), '0 min');
  assert.equal(formatMinutes(45), '45 min');
  assert.equal(formatMinutes(60), '1 h');
  assert.equal(formatMinutes(80), '1 h 20 min');
  assert.equal(formatMinutes(120), '2 h');
  assert.equal(formatMinutes(200), '3 h 20 min');
  assert.equal(formatMinutes(-5), '0 min');
});
