import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { HoursError, type HoursErrorCode } from './errors.ts';
import { amountForMinutes, type Rate, resolveRate, sumMoney } from './rates.ts';

const eur = (minorUnitsPerHour: number): Rate => ({ minorUnitsPerHour, currency: 'EUR' });
const refuses = (fn: () => unknown, code: HoursErrorCode) =>
  assert.throws(fn, (e: unknown) => e instanceof HoursError && e.code === code);

describe('rate precedence: worked examples', () => {
  const table: [Parameters<typeof resolveRate>[0], string, string, number, string][] = [
    [
      { contract: eur(9000), workType: eur(12000), default: eur(10000) },
      'contract',
      'EUR',
      9000,
      'the contract wins',
    ],
    [
      { contract: null, workType: eur(12000), default: eur(10000) },
      'work-type',
      'EUR',
      12000,
      'no contract rate: the work type',
    ],
    [{ default: eur(10000) }, 'default', 'EUR', 10000, 'nothing else set: the default'],
    [
      { contract: eur(0), default: eur(10000) },
      'contract',
      'EUR',
      0,
      'a contract rate of 0 (free work) is a rate, and wins',
    ],
    [
      { contract: eur(9000), workType: { minorUnitsPerHour: 1, currency: 'USD' } },
      'contract',
      'EUR',
      9000,
      'a rate further down the chain is not looked at once one applies',
    ],
  ];
  for (const [chain, source, currency, value, why] of table) {
    test(`${source} ${value}: ${why}`, () => {
      assert.deepEqual(resolveRate(chain, currency), {
        source,
        rate: { minorUnitsPerHour: value, currency },
      });
    });
  }

  test('no rate anywhere is refused', () => refuses(() => resolveRate({}, 'EUR'), 'no-rate'));
  test('the chosen rate in another currency than the contract’s is refused', () =>
    refuses(
      () => resolveRate({ workType: { minorUnitsPerHour: 100, currency: 'USD' } }, 'EUR'),
      'currency-mismatch',
    ));
  test('a fractional, negative or unknown-currency rate is refused', () => {
    refuses(() => resolveRate({ contract: eur(99.5) }, 'EUR'), 'invalid-rate');
    refuses(() => resolveRate({ contract: eur(-1) }, 'EUR'), 'invalid-rate');
    refuses(
      () => resolveRate({ contract: { minorUnitsPerHour: 1, currency: 'XYZ' } }, 'XYZ'),
      'invalid-rate',
    );
  });
});

describe('amounts: worked examples (rate × minutes / 60, half up)', () => {
  const table: [number, Rate, number, string][] = [
    [90, eur(10000), 15000, '1.5 hours at 100.00 is 150.00'],
    [7, eur(10000), 1167, '7/60 of 100.00 is 11.666…: 11.67'],
    [30, eur(1001), 501, '10.01 for half an hour is 5.005: the tie goes up to 5.01'],
    [1, eur(30), 1, '0.30 for a minute is 0.005: the tie goes up to 0.01'],
    [1, eur(29), 0, '0.29 for a minute is 0.0048…: 0.00'],
    [0, eur(10000), 0, 'no minutes cost nothing'],
    [
      45,
      { minorUnitsPerHour: 15000, currency: 'JPY' },
      11250,
      'yen have no minor unit: 15,000 an hour for 45 minutes',
    ],
    [
      20,
      { minorUnitsPerHour: 45000, currency: 'BHD' },
      15000,
      'three-digit dinars: 45.000 an hour for 20 minutes',
    ],
    [
      525_600,
      eur(1_000_000_000_000),
      8_760_000_000_000_000,
      'a year of minutes at ten billion an hour: 2 × rate × minutes passes 2^53 on the way and stays exact',
    ],
  ];
  for (const [minutes, rate, amount, why] of table) {
    test(`${minutes} min at ${rate.minorUnitsPerHour} ${rate.currency} → ${amount}: ${why}`, () => {
      assert.deepEqual(amountForMinutes(minutes, rate), { minorUnits: amount, currency: rate.currency });
    });
  }
  test('an amount beyond what a number holds exactly is refused', () =>
    refuses(
      () => amountForMinutes(Number.MAX_SAFE_INTEGER, eur(Number.MAX_SAFE_INTEGER)),
      'amount-too-large',
    ));
  test('negative or fractional minutes are refused', () => {
    refuses(() => amountForMinutes(-1, eur(100)), 'negative-minutes');
    refuses(() => amountForMinutes(1.5, eur(100)), 'fractional-minutes');
  });
});

describe('sums of money', () => {
  test('adds exactly in one currency; an empty list is 0', () => {
    assert.deepEqual(
      sumMoney(
        [
          { minorUnits: 1167, currency: 'EUR' },
          { minorUnits: 501, currency: 'EUR' },
        ],
        'EUR',
      ),
      { minorUnits: 1668, currency: 'EUR' },
    );
    assert.deepEqual(sumMoney([], 'GBP'), { minorUnits: 0, currency: 'GBP' });
  });
  test('refuses to mix currencies', () =>
    refuses(
      () =>
        sumMoney(
          [
            { minorUnits: 1, currency: 'EUR' },
            { minorUnits: 1, currency: 'USD' },
          ],
          'EUR',
        ),
      'currency-mismatch',
    ));
});

describe('amount properties', () => {
  const rate = fc.integer({ min: 0, max: 10_000_000 });
  const minutes = fc.integer({ min: 0, max: 1_000_000 });
  test('within half a minor unit of the exact amount, ties up', () => {
    fc.assert(
      fc.property(minutes, rate, (m, r) => {
        const { minorUnits } = amountForMinutes(m, eur(r));
        // |amount − r·m/60| ≤ 1/2, scaled by 120 to stay in integers; a tie (exactly 1/2) rounds up.
        const diff = 120n * BigInt(minorUnits) - 2n * BigInt(r) * BigInt(m);
        assert.ok(diff > -60n && diff <= 60n);
      }),
    );
  });
  test('more minutes never cost less, and an hour costs exactly the rate', () => {
    fc.assert(
      fc.property(minutes, minutes, rate, (a, b, r) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        assert.ok(amountForMinutes(lo, eur(r)).minorUnits <= amountForMinutes(hi, eur(r)).minorUnits);
        assert.equal(amountForMinutes(60 * (lo % 1000), eur(r)).minorUnits, r * (lo % 1000));
      }),
    );
  });
});
