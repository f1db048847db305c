import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withCurrent } from './select-options.ts';

describe('select options', () => {
  it('keeps the current value available', () => {
    assert.deepEqual(withCurrent(['Europe/London'], 'UTC'), ['UTC', 'Europe/London']);
    assert.deepEqual(withCurrent(['UTC'], 'UTC'), ['UTC']);
  });
});
