import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type BankEntry, type PeriodicPlan, runBank } from './bank.ts';
import { addDays, daysBetween } from './calendar.ts';
import { HoursError, type HoursErrorCode } from './errors.ts';
import { type BalanceInput, portalFigures, projectedRunOut } from './projection.ts';
import { crossedThresholds } from './thresholds.ts';

const refuses = (fn: () => unknown, code: HoursErrorCode) =>
  assert.throws(fn, (e: unknown) => e instanceof HoursError && e.code === code);
const period = (p: Partial<BalanceInput>): BalanceInput => ({
  purchasedMinutes: 0,
  rolledOverInMinutes: 0,
  carriedInMinutes: 0,
  usedMinutes: 0,
  overageMinutes: 0,
  remainingMinutes: 0,
  ...p,
});

describe('portal figures: purchased, used, and remaining or over, never negative', () => {
  const table: [BalanceInput, ReturnType<typeof portalFigures>, string][] = [
    [
      period({ purchasedMinutes: 600, rolledOverInMinutes: 120, usedMinutes: 300, remainingMinutes: 420 }),
      { purchasedMinutes: 720, usedMinutes: 300, balance: { remainingMinutes: 420 } },
      'rolled-in minutes count as purchased for the period: 12 h, 5 h used, 7 h left',
    ],
    [
      period({ purchasedMinutes: 600, usedMinutes: 810, overageMinutes: 210 }),
      { purchasedMinutes: 600, usedMinutes: 810, balance: { overMinutes: 210 } },
      '10 h bought, 13.5 h used: "3.5 hours over", not −3.5 remaining',
    ],
    [
      period({ purchasedMinutes: 600, usedMinutes: 600 }),
      { purchasedMinutes: 600, usedMinutes: 600, balance: { remainingMinutes: 0 } },
      'exactly used up: 0 remaining, not over',
    ],
    [
      period({
        carriedInMinutes: 300,
        purchasedMinutes: 600,
        usedMinutes: 60,
        overageMinutes: 60,
        remainingMinutes: 900,
      }),
      { purchasedMinutes: 900, usedMinutes: 60, balance: { remainingMinutes: 900 } },
      'prepaid: an hour worked before a block was bought is overage, yet 15 h are left: the page shows what is left',
    ],
  ];
  for (const [input, expected, why] of table)
    test(why, () => assert.deepEqual(portalFigures(input), expected));

  test('from a bank in overage', () => {
    const plan: PeriodicPlan = {
      kind: 'periodic',
      startDate: '2026-06-01',
      period: 'monthly',
      allowanceMinutes: 600,
      rollover: { kind: 'none' },
    };
    const entries: BankEntry[] = [
      { id: 'a', date: '2026-06-02', billedMinutes: 480 },
      { id: 'b', date: '2026-06-09', billedMinutes: 330 },
    ];
    const { current } = runBank(plan, entries, '2026-06-10');
    assert.deepEqual(portalFigures(current!.snapshot), {
      purchasedMinutes: 600,
      usedMinutes: 810,
      balance: { overMinutes: 210 },
    });
  });

  test('refuses negative figures rather than showing them', () =>
    refuses(() => portalFigures(period({ remainingMinutes: -5 })), 'negative-minutes'));
});

describe('projected run-out date at the current pace', () => {
  // [since, today, used, remaining, expected, why]
  const table: [string, string, number, number, string | null, string][] = [
    [
      '2026-03-01',
      '2026-03-10',
      300,
      300,
      '2026-03-20',
      '300 min in 10 days is 30 a day: 300 more last 10 days',
    ],
    [
      '2026-03-01',
      '2026-03-10',
      300,
      301,
      '2026-03-21',
      'one minute more needs part of an 11th day: rounded up',
    ],
    [
      '2026-03-01',
      '2026-03-01',
      60,
      600,
      '2026-03-11',
      'the first day counts as a day: 60 a day, 10 days more',
    ],
    ['2026-03-01', '2026-03-10', 0, 600, null, 'nothing used: no pace, no date'],
    ['2026-03-01', '2026-03-10', 900, 0, '2026-03-10', 'already used up: today, never a day in the past'],
    [
      '2026-01-01',
      '2026-01-01',
      1,
      100_000_000,
      null,
      'so slow the date would be after the year 9999: never',
    ],
    [
      '2026-01-01',
      '2026-12-31',
      1,
      600,
      '2626-08-08',
      'a minute a year: 600 min last 219,000 days (the caller compares the date to the period end)',
    ],
  ];
  for (const [since, today, usedMinutes, remainingMinutes, expected, why] of table) {
    test(`${why}`, () => {
      assert.equal(projectedRunOut({ since, today, usedMinutes, remainingMinutes }), expected);
    });
  }
  test('refuses a today before the pace starts', () =>
    refuses(
      () =>
        projectedRunOut({ since: '2026-03-10', today: '2026-03-01', usedMinutes: 1, remainingMinutes: 1 }),
      'invalid-date',
    ));

  test('property: never before today, and the pace so far would use the remainder by then but not a day sooner', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        (elapsed, used, remaining) => {
          const since = '2026-01-01';
          const today = addDays(since, elapsed);
          const date = projectedRunOut({ since, today, usedMinutes: used, remainingMinutes: remaining });
          if (used === 0) return assert.equal(date, null);
          if (date === null)
            return assert.ok(BigInt(remaining) * BigInt(elapsed + 1) > 2_900_000n * BigInt(used));
          assert.ok(date >= today);
          const days = daysBetween(today, date);
          // pace × days ≥ remaining > pace × (days − 1), with pace = used ÷ (elapsed + 1).
          assert.ok(used * days >= remaining * (elapsed + 1));
          if (days > 0) assert.ok(used * (days - 1) < remaining * (elapsed + 1));
        },
      ),
    );
  });
});

describe('usage alerts', () => {
  // [available, before, after, thresholds, crossed, overage started, why]
  const table: [number, number, number, number[] | undefined, number[], boolean, string][] = [
    [600, 400, 460, undefined, [75], false, '66.7 % to 76.7 %: 75 % crossed'],
    [
      600,
      400,
      600,
      undefined,
      [75, 90, 100],
      false,
      'one big entry crosses three at once, and reaching 100 % exactly counts',
    ],
    [600, 450, 500, undefined, [], false, 'exactly at 75 % before: already crossed, not again'],
    [600, 540, 660, undefined, [100], true, '90 % to 110 %: 100 % crossed and overage starts'],
    [600, 660, 720, undefined, [], false, 'already in overage: nothing new'],
    [
      600,
      600,
      601,
      undefined,
      [],
      true,
      'at exactly 100 % the bank is used up, not over; one more minute starts overage',
    ],
    [600, 500, 400, undefined, [], false, 'a reversing entry lowers use: nothing crosses downwards'],
    [600, 0, 300, [25, 50], [25, 50], false, 'thresholds of the contract’s own'],
    [0, 0, 30, undefined, [], true, 'an empty bank has no percentages, only overage'],
  ];
  for (const [
    availableMinutes,
    previousUsedMinutes,
    usedMinutes,
    thresholds,
    crossed,
    overageStarted,
    why,
  ] of table) {
    test(why, () => {
      assert.deepEqual(
        crossedThresholds({ availableMinutes, previousUsedMinutes, usedMinutes, thresholds }),
        {
          crossed,
          overageStarted,
        },
      );
    });
  }
  test('refuses thresholds that are not whole positive percentages, or repeated', () => {
    for (const thresholds of [[0], [75.5], [75, 75], [1001]]) {
      refuses(
        () => crossedThresholds({ availableMinutes: 60, previousUsedMinutes: 0, usedMinutes: 1, thresholds }),
        'invalid-thresholds',
      );
    }
  });
  test('property: going up step by step crosses each threshold exactly once, as one jump does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 20 }),
        (available, steps) => {
          let used = 0;
          const seen: number[] = [];
          let overages = 0;
          for (const step of steps) {
            const r = crossedThresholds({
              availableMinutes: available,
              previousUsedMinutes: used,
              usedMinutes: used + step,
            });
            seen.push(...r.crossed);
            if (r.overageStarted) overages += 1;
            used += step;
          }
          const once = crossedThresholds({
            availableMinutes: available,
            previousUsedMinutes: 0,
            usedMinutes: used,
          });
          assert.deepEqual(seen, once.crossed);
          assert.equal(overages, once.overageStarted ? 1 : 0);
        },
      ),
    );
  });
});
