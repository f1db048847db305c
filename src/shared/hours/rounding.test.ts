import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { HoursError, type HoursErrorCode } from './errors.ts';
import {
  EXACT_MINUTES,
  MAX_ENTRY_MINUTES,
  type RoundingDirection,
  type RoundingRule,
  roundEntry,
} from './rounding.ts';

const rule = (incrementMinutes: number, direction: RoundingDirection, minimumMinutes = 0): RoundingRule => ({
  incrementMinutes,
  direction,
  minimumMinutes,
});

function refuses(fn: () => unknown, code: HoursErrorCode) {
  assert.throws(fn, (e: unknown) => e instanceof HoursError && e.code === code);
}

describe('rounding an entry: worked examples', () => {
  // [actual, rule, billed, why]
  const table: [number, RoundingRule, number, string][] = [
    [7, rule(15, 'up'), 15, '7 minutes in quarter hours, rounded up: the next quarter'],
    [7, rule(6, 'nearest'), 6, '7 is 1 past 6 and 5 short of 12: nearer 6'],
    [9, rule(6, 'nearest'), 12, '9 is exactly half way between 6 and 12: ties go up'],
    [8, rule(6, 'nearest'), 6, '8 is 2 past 6, 4 short of 12'],
    [2, rule(6, 'nearest'), 0, 'nearest can round a short entry to nothing when there is no minimum'],
    [14, rule(15, 'down'), 0, 'down drops the part quarter'],
    [16, rule(15, 'down'), 15, 'down drops the extra minute'],
    [30, rule(15, 'up'), 30, 'already a multiple: unchanged in every direction'],
    [0, rule(15, 'up'), 0, 'nothing worked bills nothing'],
    [0, rule(15, 'up', 30), 0, 'a zero entry bills 0 even with a minimum charge'],
    [10, rule(15, 'up', 30), 30, '10 rounds up to 15, below the minimum of 30: the minimum'],
    [40, rule(15, 'up', 30), 45, 'above the minimum the increment rules'],
    [
      5,
      rule(15, 'down', 20),
      20,
      'rounded to 0 then raised to the minimum; the minimum needs not be a multiple',
    ],
    [61, rule(1, 'up'), 61, 'an increment of 1 bills to the minute'],
    [61, EXACT_MINUTES, 61, 'the default rule bills exactly what was worked'],
    [1440, rule(15, 'up'), 1440, 'a full day is allowed'],
    [1439, rule(60, 'nearest'), 1440, 'nearest may bill a minute more than the longest entry'],
  ];
  for (const [actual, r, billed, why] of table) {
    test(`${actual} min, ${r.incrementMinutes}-${r.direction}, minimum ${r.minimumMinutes} → ${billed}: ${why}`, () => {
      assert.deepEqual(roundEntry(actual, r), { actualMinutes: actual, billedMinutes: billed });
    });
  }
});

describe('rounding refuses bad input with a code', () => {
  const table: [() => unknown, HoursErrorCode, string][] = [
    [() => roundEntry(-1, rule(15, 'up')), 'negative-minutes', 'time cannot be negative'],
    [() => roundEntry(7.5, rule(15, 'up')), 'fractional-minutes', 'entries are whole minutes'],
    [() => roundEntry(Number.NaN, rule(15, 'up')), 'fractional-minutes', 'not a number at all'],
    [
      () => roundEntry(MAX_ENTRY_MINUTES + 1, rule(15, 'up')),
      'entry-too-long',
      'more than a day in one entry',
    ],
    [() => roundEntry(10, rule(0, 'up')), 'invalid-rounding-rule', 'an increment of 0 rounds to nothing'],
    [() => roundEntry(10, rule(2.5, 'up')), 'invalid-rounding-rule', 'increments are whole minutes'],
    [() => roundEntry(10, rule(15, 'up', -5)), 'invalid-rounding-rule', 'a negative minimum'],
    [
      () => roundEntry(10, rule(15, 'sideways' as RoundingDirection)),
      'invalid-rounding-rule',
      'no such direction',
    ],
  ];
  for (const [fn, code, why] of table) test(`${code}: ${why}`, () => refuses(fn, code));
});

describe('rounding properties', () => {
  const anyRule = fc.record({
    incrementMinutes: fc.integer({ min: 1, max: 240 }),
    minimumMinutes: fc.integer({ min: 0, max: 240 }),
    direction: fc.constantFrom<RoundingDirection>('up', 'down', 'nearest'),
  });
  const actual = fc.integer({ min: 0, max: MAX_ENTRY_MINUTES });

  test('up never bills less than worked; down without a minimum never more', () => {
    fc.assert(
      fc.property(actual, anyRule, (minutes, r) => {
        const { billedMinutes } = roundEntry(minutes, r);
        if (r.direction === 'up') assert.ok(billedMinutes >= minutes);
        if (r.direction === 'down' && r.minimumMinutes === 0) assert.ok(billedMinutes <= minutes);
      }),
    );
  });

  test('billed is a multiple of the increment or the minimum, within half an increment for nearest', () => {
    fc.assert(
      fc.property(actual, anyRule, (minutes, r) => {
        const { billedMinutes, actualMinutes } = roundEntry(minutes, r);
        assert.equal(actualMinutes, minutes);
        assert.ok(billedMinutes >= 0);
        if (minutes === 0) return assert.equal(billedMinutes, 0);
        assert.ok(billedMinutes >= r.minimumMinutes);
        assert.ok(billedMinutes % r.incrementMinutes === 0 || billedMinutes === r.minimumMinutes);
        if (r.direction === 'nearest' && billedMinutes > r.minimumMinutes) {
          assert.ok(2 * Math.abs(billedMinutes - minutes) <= r.incrementMinutes);
        }
        assert.ok(billedMinutes < minutes + r.incrementMinutes || billedMinutes === r.minimumMinutes);
      }),
    );
  });

  test('more work never bills less (monotonic)', () => {
    fc.assert(
      fc.property(actual, actual, anyRule, (a, b, r) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        if (lo === 0) return;
        assert.ok(roundEntry(lo, r).billedMinutes <= roundEntry(hi, r).billedMinutes);
      }),
    );
  });
});
