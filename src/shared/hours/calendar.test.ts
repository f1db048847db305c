import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { addDays, addMonths, dayNumber, daysBetween, fromDayNumber } from './calendar.ts';
import { HoursError } from './errors.ts';

describe('calendar dates', () => {
  test('real dates only, in the form YYYY-MM-DD', () => {
    assert.equal(fromDayNumber(dayNumber('2024-02-29')), '2024-02-29');
    for (const bad of [
      '2026-02-29',
      '2026-1-05',
      '2026-13-01',
      '2026-04-31',
      '',
      '2026-01-01T00:00:00Z',
      '0050-01-01',
    ]) {
      assert.throws(
        () => dayNumber(bad),
        (e: unknown) => e instanceof HoursError && e.code === 'invalid-date',
        bad,
      );
    }
  });

  // [date, months, expected, why]
  const months: [string, number, string, string][] = [
    ['2026-01-31', 1, '2026-02-28', 'the 31st becomes February’s last day'],
    ['2026-01-31', 2, '2026-03-31', 'counted from the start, so it comes back to the 31st'],
    ['2028-01-31', 1, '2028-02-29', 'a leap year'],
    ['2026-11-15', 3, '2027-02-15', 'over the year end'],
    ['2026-03-31', -1, '2026-02-28', 'backwards too'],
  ];
  for (const [date, n, expected, why] of months) {
    test(`${date} + ${n} months = ${expected}: ${why}`, () => assert.equal(addMonths(date, n), expected));
  }

  test('adding days and counting them agree', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: -5000, max: 5000 }), (start, n) => {
        const date = fromDayNumber(start);
        assert.equal(daysBetween(date, addDays(date, n)), n);
      }),
    );
  });
});
