import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ticketStatuses } from '../../../shared/schemas/tickets.ts';
import { relativeTime, statusWords } from './format.ts';

const now = Date.parse('2026-03-10T12:00:00Z');

describe('relativeTime', () => {
  it('says how long ago in words', () => {
    assert.equal(relativeTime('2026-03-10T11:59:30Z', now), 'just now');
    assert.equal(relativeTime('2026-03-10T11:55:00Z', now), '5 min ago');
    assert.equal(relativeTime('2026-03-10T09:00:00Z', now), '3 h ago');
    assert.equal(relativeTime('2026-03-09T10:00:00Z', now), 'yesterday');
    assert.equal(relativeTime('2026-03-06T12:00:00Z', now), '4 days ago');
  });

  it('gives up after four weeks and on nonsense', () => {
    assert.equal(relativeTime('2026-01-01T00:00:00Z', now), null);
    assert.equal(relativeTime('not a date', now), null);
  });

  it('treats a time slightly ahead of the page clock as just now', () => {
    assert.equal(relativeTime('2026-03-10T12:00:05Z', now), 'just now');
  });
});

describe('words', () => {
  it('has words for every status, addressing the contact', () => {
    for (const s of ticketStatuses) assert.ok(statusWords(s).length > 0);
    assert.equal(statusWords('waiting-on-client'), 'Waiting on you');
    assert.equal(statusWords('in-progress'), 'In Progress');
  });
});
