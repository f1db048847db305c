import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dateFormats } from '../../shared/schemas/settings.ts';
import { formatDate } from './format-date.ts';

const instant = new Date('2025-03-07T12:00:00Z');

describe('formatDate', () => {
  it('writes each supported format', () => {
    assert.deepEqual(
      dateFormats.map((f) => formatDate(instant, f)),
      ['2025-03-07', '07/03/2025', '03/07/2025', '07.03.2025', '7 Mar 2025'],
    );
  });

  it('uses the calendar date of the time zone', () => {
    const lateUtc = new Date('2025-03-07T23:30:00Z');
    assert.equal(formatDate(lateUtc, 'YYYY-MM-DD', 'UTC'), '2025-03-07');
    assert.equal(formatDate(lateUtc, 'YYYY-MM-DD', 'Europe/Berlin'), '2025-03-08');
    assert.equal(formatDate(lateUtc, 'YYYY-MM-DD', 'America/New_York'), '2025-03-07');
  });
});
