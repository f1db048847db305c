import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  type BankEntry,
  type BankPlan,
  closePeriod,
  type EntryAllocation,
  initialBalance,
  overageCharge,
  type PeriodicPlan,
  type PeriodRecord,
  type PrepaidPlan,
  periodAt,
  periodContaining,
  periodSnapshot,
  runBank,
} from './bank.ts';
import { addDays } from './calendar.ts';
import { HoursError, type HoursErrorCode } from './errors.ts';

const refuses = (fn: () => unknown, code: HoursErrorCode) =>
  assert.throws(fn, (e: unknown) => e instanceof HoursError && e.code === code);
const entry = (id: string, date: string, billedMinutes: number): BankEntry => ({ id, date, billedMinutes });
const allowance = (periodStart: string) => ({ kind: 'allowance' as const, periodStart });
const rollover = (fromPeriodStart: string) => ({ kind: 'rollover' as const, fromPeriodStart });
const block = (blockId: string) => ({ kind: 'block' as const, blockId });

/** A record as a table row, so the worked examples read as tables. */
function row(r: PeriodRecord) {
  return [
    r.periodStart,
    r.periodEnd,
    r.purchasedMinutes,
    r.rolledOverInMinutes,
    r.carriedInMinutes,
    r.usedMinutes,
    r.drawnMinutes,
    r.overageMinutes,
    r.rolledOverOutMinutes,
    r.carriedOutMinutes,
    r.expiredMinutes,
  ];
}

describe('periods are aligned to the contract start', () => {
  // [plan, index, start, end, last, why]
  const table: [
    Pick<BankPlan, 'startDate' | 'endDate' | 'period'>,
    number,
    string,
    string,
    boolean,
    string,
  ][] = [
    [
      { startDate: '2026-01-01', period: 'monthly' },
      0,
      '2026-01-01',
      '2026-01-31',
      false,
      'a calendar month',
    ],
    [
      { startDate: '2026-01-15', period: 'monthly' },
      1,
      '2026-02-15',
      '2026-03-14',
      false,
      'mid-month to mid-month',
    ],
    [
      { startDate: '2026-01-31', period: 'monthly' },
      1,
      '2026-02-28',
      '2026-03-30',
      false,
      'the 31st in February is its last day',
    ],
    [
      { startDate: '2026-01-31', period: 'monthly' },
      2,
      '2026-03-31',
      '2026-04-29',
      false,
      'and back to the 31st after',
    ],
    [{ startDate: '2028-01-31', period: 'monthly' }, 1, '2028-02-29', '2028-03-30', false, 'a leap February'],
    [
      { startDate: '2026-02-15', period: 'quarterly' },
      1,
      '2026-05-15',
      '2026-08-14',
      false,
      'quarters from the start',
    ],
    [
      { startDate: '2026-04-01', period: 'yearly' },
      1,
      '2027-04-01',
      '2028-03-31',
      false,
      'a year from April',
    ],
    [
      { startDate: '2026-01-01', endDate: '2026-03-10', period: 'monthly' },
      2,
      '2026-03-01',
      '2026-03-10',
      true,
      'the contract end cuts the last period short',
    ],
  ];
  for (const [dates, index, start, end, last, why] of table) {
    test(`${dates.period} from ${dates.startDate}, period ${index}: ${start}..${end}: ${why}`, () => {
      const plan: BankPlan = { kind: 'periodic', allowanceMinutes: 60, rollover: { kind: 'none' }, ...dates };
      assert.deepEqual(periodAt(plan, index), { index, start, end, last });
      assert.deepEqual(periodContaining(plan, start), { index, start, end, last });
      assert.deepEqual(periodContaining(plan, end), { index, start, end, last });
    });
  }
  test('no period after the contract ends, and no day outside it has one', () => {
    const plan: BankPlan = {
      kind: 'periodic',
      startDate: '2026-01-01',
      endDate: '2026-03-10',
      period: 'monthly',
      allowanceMinutes: 60,
      rollover: { kind: 'none' },
    };
    assert.equal(periodAt(plan, 3), null);
    refuses(() => periodContaining(plan, '2026-03-11'), 'entry-outside-period');
    refuses(() => periodContaining(plan, '2025-12-31'), 'entry-outside-period');
    refuses(() => periodContaining(plan, '2026-02-30'), 'invalid-date');
  });
});

describe('periodic bank: 4 h a month, rollover capped at 5 h, three months (no compounding)', () => {
  const plan: PeriodicPlan = {
    kind: 'periodic',
    startDate: '2026-01-01',
    period: 'monthly',
    allowanceMinutes: 240,
    rollover: { kind: 'capped', capMinutes: 300 },
  };
  const entries = [
    entry('jan-1', '2026-01-10', 60),
    entry('feb-1', '2026-02-03', 30),
    entry('mar-1', '2026-03-05', 300),
    entry('mar-2', '2026-03-20', 200),
  ];
  const history = runBank(plan, entries, '2026-04-02');

  test('the close records', () => {
    // start, end, purchased, rolled in, carried in, used, drawn, overage, rolled out, carried out, expired
    assert.deepEqual(
      history.closed.map((c) => row(c.record)),
      [
        // January: 1 h used of 4; the 3 h of unused base roll over (under the 5 h cap).
        ['2026-01-01', '2026-01-31', 240, 0, 0, 60, 60, 0, 180, 0, 0],
        // February: the 30 min come from the 3 h rolled in (oldest first); the other 2.5 h rolled in are
        // not base, so they expire. The whole 4 h base rolls over: 4 h, not 6.5 h, and not the 5 h cap a
        // compounding rollover would have reached.
        ['2026-02-01', '2026-02-28', 240, 180, 0, 30, 30, 0, 240, 0, 150],
        // March: 8 h 20 min used against 4 h rolled in + 4 h base: 20 min overage, nothing left to roll.
        ['2026-03-01', '2026-03-31', 240, 240, 0, 500, 480, 20, 0, 0, 0],
      ],
    );
  });

  test('the ledger: each entry says where its minutes came from, split where it straddles', () => {
    const ledger: EntryAllocation[] = history.closed.flatMap((c) => c.allocations);
    assert.deepEqual(ledger, [
      {
        entryId: 'jan-1',
        date: '2026-01-10',
        billedMinutes: 60,
        draws: [{ lot: allowance('2026-01-01'), minutes: 60 }],
        overageMinutes: 0,
      },
      {
        entryId: 'feb-1',
        date: '2026-02-03',
        billedMinutes: 30,
        draws: [{ lot: rollover('2026-01-01'), minutes: 30 }],
        overageMinutes: 0,
      },
      // 5 h: the 4 h rolled in from February, then 1 h of March's base.
      {
        entryId: 'mar-1',
        date: '2026-03-05',
        billedMinutes: 300,
        draws: [
          { lot: rollover('2026-02-01'), minutes: 240 },
          { lot: allowance('2026-03-01'), minutes: 60 },
        ],
        overageMinutes: 0,
      },
      // 3 h 20 min: the last 3 h of base, then 20 min of overage.
      {
        entryId: 'mar-2',
        date: '2026-03-20',
        billedMinutes: 200,
        draws: [{ lot: allowance('2026-03-01'), minutes: 180 }],
        overageMinutes: 20,
      },
    ]);
  });

  test('the overage is charged at the overage rate', () => {
    const march = history.closed[2]!.record;
    // 20 minutes at 120.00 an hour.
    assert.deepEqual(overageCharge(march, { minorUnitsPerHour: 12000, currency: 'EUR' }), {
      minorUnits: 4000,
      currency: 'EUR',
    });
  });

  test('April so far: nothing rolled in (March used it all), the base untouched', () => {
    assert.deepEqual(history.current?.snapshot, {
      periodStart: '2026-04-01',
      periodEnd: '2026-04-30',
      asOf: '2026-04-02',
      purchasedMinutes: 240,
      rolledOverInMinutes: 0,
      carriedInMinutes: 0,
      usedMinutes: 0,
      drawnMinutes: 0,
      overageMinutes: 0,
      expiredMinutes: 0,
      remainingMinutes: 240,
    });
  });

  test('closing period by period from the stored balance gives the same records', () => {
    let opening = initialBalance(plan);
    for (const done of history.closed) {
      const mine = entries.filter((e) => e.date >= done.period.start && e.date <= done.period.end);
      const again = closePeriod(plan, opening, mine);
      assert.deepEqual(again, done);
      opening = again.closing!;
    }
  });
});

describe('periodic bank: rollover rules side by side', () => {
  // 10 h a month; January uses 2 h, February nothing, March nothing.
  const entries = [entry('a', '2026-01-12', 120)];
  // [rule, Jan rolled out / expired, Feb rolled in / rolled out / expired, Mar rolled in, why]
  const table: [PeriodicPlan['rollover'], number[], number[], number, string][] = [
    [{ kind: 'none' }, [0, 480], [0, 0, 600], 0, 'nothing rolls: unused hours expire each month'],
    [{ kind: 'capped', capMinutes: 300 }, [300, 180], [300, 300, 600], 300, '5 h cap: 5 of the 8 h roll'],
    [
      { kind: 'unlimited' },
      [480, 0],
      [480, 600, 480],
      600,
      'all unused base rolls, but the 8 h rolled into February expire unused: March gets 10 h, not 18 h',
    ],
  ];
  for (const [rule, jan, feb, marIn, why] of table) {
    test(`${rule.kind}: ${why}`, () => {
      const plan: PeriodicPlan = {
        kind: 'periodic',
        startDate: '2026-01-01',
        period: 'monthly',
        allowanceMinutes: 600,
        rollover: rule,
      };
      const { closed, current } = runBank(plan, entries, '2026-03-15');
      const [j, f] = closed.map((c) => c.record);
      assert.deepEqual([j!.rolledOverOutMinutes, j!.expiredMinutes], jan);
      assert.deepEqual([f!.rolledOverInMinutes, f!.rolledOverOutMinutes, f!.expiredMinutes], feb);
      assert.equal(current!.snapshot.rolledOverInMinutes, marIn);
    });
  }

  test('the contract’s last period rolls nothing: its unused minutes expire', () => {
    const plan: PeriodicPlan = {
      kind: 'periodic',
      startDate: '2026-01-01',
      endDate: '2026-02-14',
      period: 'monthly',
      allowanceMinutes: 600,
      rollover: { kind: 'unlimited' },
    };
    const { closed, current } = runBank(plan, [entry('a', '2026-02-01', 60)], '2026-03-01');
    assert.equal(current, null);
    assert.deepEqual(row(closed[1]!.record), [
      '2026-02-01',
      '2026-02-14',
      600,
      600,
      0,
      60,
      60,
      0,
      0,
      0,
      1140,
    ]);
    assert.equal(closed[1]!.record.last, true);
    assert.equal(closed[1]!.closing, null);
  });
});

describe('prepaid blocks, first in first out', () => {
  const plan: PrepaidPlan = {
    kind: 'prepaid',
    startDate: '2026-01-01',
    period: 'monthly',
    blocks: [
      { id: 'B', purchasedOn: '2026-01-15', minutes: 600, expiresOn: null },
      { id: 'A', purchasedOn: '2026-01-01', minutes: 600, expiresOn: '2026-06-30' },
    ],
  };
  const entries = [
    entry('e3', '2026-02-05', 500),
    entry('e1', '2026-01-10', 500),
    entry('e2', '2026-01-20', 300),
  ];
  const history = runBank(plan, entries, '2026-03-01');

  test('entries draw the older block first, split across the two, then go to overage', () => {
    assert.deepEqual(
      history.closed.flatMap((c) => c.allocations).map((a) => [a.entryId, a.draws, a.overageMinutes]),
      [
        // Entries are taken in date order, whatever order they come in.
        ['e1', [{ lot: block('A'), minutes: 500 }], 0],
        // 5 h: the last 100 min of A (bought first), then 200 min of B.
        [
          'e2',
          [
            { lot: block('A'), minutes: 100 },
            { lot: block('B'), minutes: 200 },
          ],
          0,
        ],
        // 500 min: B's last 400, and 100 min of overage.
        ['e3', [{ lot: block('B'), minutes: 400 }], 100],
      ],
    );
  });

  test('the statement records carry the unused block from month to month', () => {
    assert.deepEqual(
      history.closed.map((c) => row(c.record)),
      [
        // January: both blocks bought (20 h); 800 min drawn; B's 400 min carried (B never expires).
        ['2026-01-01', '2026-01-31', 1200, 0, 0, 800, 800, 0, 0, 400, 0],
        // February: 400 min carried in, 500 used: 100 over.
        ['2026-02-01', '2026-02-28', 0, 0, 400, 500, 400, 100, 0, 0, 0],
      ],
    );
  });

  test('same purchase day: the block that expires sooner goes first; then by id', () => {
    const sameDay: PrepaidPlan = {
      kind: 'prepaid',
      startDate: '2026-03-01',
      period: 'monthly',
      blocks: [
        { id: 'late', purchasedOn: '2026-03-01', minutes: 60, expiresOn: '2026-12-31' },
        { id: 'never', purchasedOn: '2026-03-01', minutes: 60, expiresOn: null },
        { id: 'soon', purchasedOn: '2026-03-01', minutes: 60, expiresOn: '2026-03-31' },
        { id: 'z-soon', purchasedOn: '2026-03-01', minutes: 60, expiresOn: '2026-03-31' },
      ],
    };
    const { current } = runBank(sameDay, [entry('x', '2026-03-02', 240)], '2026-03-02');
    assert.deepEqual(
      current!.allocations[0]!.draws.map((d) => d.lot),
      [block('soon'), block('z-soon'), block('late'), block('never')],
    );
  });

  test('a block cannot pay for work done before it was bought, nor after it expired', () => {
    const later: PrepaidPlan = {
      kind: 'prepaid',
      startDate: '2026-01-01',
      period: 'quarterly',
      blocks: [
        { id: 'old', purchasedOn: '2026-01-01', minutes: 120, expiresOn: '2026-01-31' },
        { id: 'new', purchasedOn: '2026-02-10', minutes: 120, expiresOn: null },
      ],
    };
    const { closed } = runBank(
      later,
      [
        entry('jan', '2026-01-05', 60),
        entry('feb-early', '2026-02-05', 90),
        entry('feb-late', '2026-02-20', 30),
      ],
      '2026-04-01',
    );
    assert.deepEqual(
      closed[0]!.allocations.map((a) => [a.entryId, a.draws, a.overageMinutes]),
      [
        ['jan', [{ lot: block('old'), minutes: 60 }], 0],
        // 'old' expired on 31 January and 'new' was bought on 10 February: overage.
        ['feb-early', [], 90],
        ['feb-late', [{ lot: block('new'), minutes: 30 }], 0],
      ],
    );
    // 60 unused minutes of 'old' expired, 90 of 'new' carried into the next quarter.
    assert.deepEqual(row(closed[0]!.record), ['2026-01-01', '2026-03-31', 240, 0, 0, 180, 90, 90, 0, 90, 60]);
    assert.deepEqual(
      closed[0]!.lots.map((l) => [l.lot, l.fate, l.leftMinutes]),
      [
        [block('old'), 'expired', 60],
        [block('new'), 'carried', 90],
      ],
    );
  });

  test('mid-period snapshot: an expired block counts as expired, a block bought later not yet at all', () => {
    const p: PrepaidPlan = {
      kind: 'prepaid',
      startDate: '2026-05-01',
      period: 'monthly',
      blocks: [
        { id: 'short', purchasedOn: '2026-05-01', minutes: 100, expiresOn: '2026-05-10' },
        { id: 'main', purchasedOn: '2026-05-02', minutes: 600, expiresOn: null },
        { id: 'future', purchasedOn: '2026-05-25', minutes: 600, expiresOn: null },
      ],
    };
    const { snapshot } = periodSnapshot(p, initialBalance(p), [entry('a', '2026-05-03', 150)], '2026-05-20');
    // 150 min: 100 from 'short', 50 from 'main'; 'short' is used up (nothing to expire); 550 left.
    assert.deepEqual(
      [snapshot.purchasedMinutes, snapshot.drawnMinutes, snapshot.expiredMinutes, snapshot.remainingMinutes],
      [700, 150, 0, 550],
    );
    const idle = periodSnapshot(p, initialBalance(p), [], '2026-05-20').snapshot;
    assert.deepEqual([idle.purchasedMinutes, idle.expiredMinutes, idle.remainingMinutes], [700, 100, 600]);
  });
});

describe('the bank refuses bad input with a code, and nothing is computed', () => {
  const periodic: PeriodicPlan = {
    kind: 'periodic',
    startDate: '2026-01-01',
    period: 'monthly',
    allowanceMinutes: 600,
    rollover: { kind: 'capped', capMinutes: 300 },
  };
  const prepaid = (blocks: PrepaidPlan['blocks']): PrepaidPlan => ({
    kind: 'prepaid',
    startDate: '2026-01-01',
    period: 'monthly',
    blocks,
  });
  const table: [() => unknown, HoursErrorCode, string][] = [
    [
      () => runBank({ ...periodic, endDate: '2025-12-31' }, [], '2026-01-01'),
      'invalid-plan',
      'a contract ending before it starts',
    ],
    [
      () => runBank({ ...periodic, allowanceMinutes: -60 }, [], '2026-01-01'),
      'negative-minutes',
      'a negative allowance',
    ],
    [
      () => runBank({ ...periodic, rollover: { kind: 'capped', capMinutes: 1.5 } }, [], '2026-01-01'),
      'fractional-minutes',
      'a fractional cap',
    ],
    [
      () => runBank({ ...periodic, startDate: '2026-13-01' }, [], '2026-01-01'),
      'invalid-date',
      'no 13th month',
    ],
    [
      () =>
        runBank(
          prepaid([{ id: 'a', purchasedOn: '2025-12-01', minutes: 60, expiresOn: null }]),
          [],
          '2026-01-01',
        ),
      'invalid-plan',
      'a block bought before the contract',
    ],
    [
      () =>
        runBank(
          prepaid([{ id: 'a', purchasedOn: '2026-02-01', minutes: 60, expiresOn: '2026-01-31' }]),
          [],
          '2026-01-01',
        ),
      'invalid-plan',
      'a block expiring before it is bought',
    ],
    [
      () =>
        runBank(
          prepaid([{ id: 'a', purchasedOn: '2026-02-01', minutes: 0, expiresOn: null }]),
          [],
          '2026-01-01',
        ),
      'invalid-plan',
      'an empty block',
    ],
    [
      () =>
        runBank(
          prepaid([
            { id: 'a', purchasedOn: '2026-01-01', minutes: 60, expiresOn: null },
            { id: 'a', purchasedOn: '2026-01-02', minutes: 60, expiresOn: null },
          ]),
          [],
          '2026-01-01',
        ),
      'duplicate-id',
      'two blocks with one id',
    ],
    [
      () => runBank(periodic, [entry('a', '2026-01-05', 10), entry('a', '2026-01-06', 10)], '2026-02-01'),
      'duplicate-id',
      'one entry twice',
    ],
    [
      () => runBank(periodic, [entry('a', '2026-01-05', 10), entry('a', '2026-02-06', 10)], '2026-03-01'),
      'duplicate-id',
      'one entry twice, in two periods',
    ],
    [
      () => runBank(periodic, [entry('a', '2026-01-05', -10)], '2026-02-01'),
      'negative-minutes',
      'a negative entry',
    ],
    [
      () => runBank(periodic, [entry('a', '2026-01-05', 10.5)], '2026-02-01'),
      'fractional-minutes',
      'a fractional entry',
    ],
    [
      () => runBank(periodic, [entry('a', '2025-12-31', 10)], '2026-02-01'),
      'entry-outside-period',
      'time before the contract',
    ],
    [
      () => runBank(periodic, [entry('a', '2026-02-02', 10)], '2026-02-01'),
      'entry-outside-period',
      'time after the day asked about',
    ],
    [
      () => closePeriod(periodic, initialBalance(periodic), [entry('a', '2026-02-01', 10)]),
      'entry-outside-period',
      'an entry of another period',
    ],
    [
      () =>
        closePeriod(
          periodic,
          { periodStart: '2026-01-15', rolledOverMinutes: 0, rolledOverFrom: null, blockMinutes: {} },
          [],
        ),
      'invalid-period',
      'a period that does not start on the plan’s boundary',
    ],
    [
      () =>
        closePeriod(
          periodic,
          {
            periodStart: '2026-02-01',
            rolledOverMinutes: 301,
            rolledOverFrom: '2026-01-01',
            blockMinutes: {},
          },
          [],
        ),
      'invalid-period',
      'more rolled in than the cap lets through',
    ],
    [
      () =>
        closePeriod(
          periodic,
          {
            periodStart: '2026-02-01',
            rolledOverMinutes: 60,
            rolledOverFrom: '2025-12-01',
            blockMinutes: {},
          },
          [],
        ),
      'invalid-period',
      'rolled in from a period that is not the previous one',
    ],
    [
      () =>
        closePeriod(
          prepaid([{ id: 'a', purchasedOn: '2026-01-01', minutes: 60, expiresOn: null }]),
          { periodStart: '2026-02-01', rolledOverMinutes: 0, rolledOverFrom: null, blockMinutes: { a: 61 } },
          [],
        ),
      'invalid-period',
      'more carried in a block than it ever held',
    ],
    [
      () => periodSnapshot(periodic, initialBalance(periodic), [], '2026-02-01'),
      'invalid-period',
      'a snapshot outside its period',
    ],
  ];
  for (const [fn, code, why] of table) test(`${code}: ${why}`, () => refuses(fn, code));
});

// ---------------------------------------------------------------------------------------------------
// Properties

const START = '2026-01-31';
const day = (offset: number) => addDays(START, offset);
const entriesArb = fc
  .array(fc.record({ offset: fc.integer({ min: 0, max: 400 }), minutes: fc.integer({ min: 0, max: 900 }) }), {
    maxLength: 40,
  })
  .map((xs) => xs.map((x, i) => entry(`e${i}`, day(x.offset), x.minutes)));
const rolloverArb = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.constant({ kind: 'unlimited' as const }),
  fc.integer({ min: 0, max: 1200 }).map((capMinutes) => ({ kind: 'capped' as const, capMinutes })),
);
const periodArb = fc.constantFrom('monthly' as const, 'quarterly' as const, 'yearly' as const);
const endArb = fc.option(fc.integer({ min: 0, max: 420 }).map(day), { nil: null });
const periodicArb: fc.Arbitrary<BankPlan> = fc.record({
  kind: fc.constant('periodic' as const),
  startDate: fc.constant(START),
  endDate: endArb,
  period: periodArb,
  allowanceMinutes: fc.integer({ min: 0, max: 1200 }),
  rollover: rolloverArb,
});
const prepaidArb: fc.Arbitrary<BankPlan> = fc.record({
  kind: fc.constant('prepaid' as const),
  startDate: fc.constant(START),
  endDate: fc.constant(null),
  period: periodArb,
  blocks: fc
    .array(
      fc.record({
        purchase: fc.integer({ min: 0, max: 400 }),
        minutes: fc.integer({ min: 1, max: 2000 }),
        life: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }),
      }),
      { maxLength: 6 },
    )
    .map((bs) =>
      bs.map((b, i) => ({
        id: `b${i}`,
        purchasedOn: day(b.purchase),
        minutes: b.minutes,
        expiresOn: b.life === null ? null : day(b.purchase + b.life),
      })),
    ),
});
const planArb = fc.oneof(periodicArb, prepaidArb);
const ASOF = day(420);

function inContract(plan: BankPlan, entries: BankEntry[]): BankEntry[] {
  return entries.filter((e) => plan.endDate == null || e.date <= plan.endDate);
}

describe('bank properties', () => {
  test('every minute is accounted for, and nothing is negative', () => {
    fc.assert(
      fc.property(planArb, entriesArb, (plan, all) => {
        const entries = inContract(plan, all);
        const { closed, current } = runBank(plan, entries, ASOF);
        for (const { record: r, allocations } of closed) {
          for (const v of Object.values(r))
            if (typeof v === 'number') assert.ok(v >= 0 && Number.isInteger(v));
          assert.equal(
            r.purchasedMinutes + r.rolledOverInMinutes + r.carriedInMinutes,
            r.drawnMinutes + r.rolledOverOutMinutes + r.carriedOutMinutes + r.expiredMinutes,
          );
          assert.equal(r.usedMinutes, r.drawnMinutes + r.overageMinutes);
          for (const a of allocations) {
            assert.equal(a.draws.reduce((s, d) => s + d.minutes, 0) + a.overageMinutes, a.billedMinutes);
            for (const d of a.draws) assert.ok(d.minutes > 0);
          }
        }
        if (current) {
          const s = current.snapshot;
          assert.equal(
            s.purchasedMinutes + s.rolledOverInMinutes + s.carriedInMinutes,
            s.drawnMinutes + s.expiredMinutes + s.remainingMinutes,
          );
          assert.equal(s.usedMinutes, s.drawnMinutes + s.overageMinutes);
        }
        // Every entry is in the ledger once, with its billed minutes.
        const ledger = [...closed.flatMap((c) => c.allocations), ...(current?.allocations ?? [])];
        assert.deepEqual(ledger.map((a) => a.entryId).sort(), entries.map((e) => e.id).sort());
      }),
    );
  });

  test('what a period hands on is what the next one opens with', () => {
    fc.assert(
      fc.property(planArb, entriesArb, (plan, all) => {
        const { closed, current } = runBank(plan, inContract(plan, all), ASOF);
        const opens = [...closed.slice(1).map((c) => c.record), ...(current ? [current.snapshot] : [])];
        closed.forEach(({ record }, i) => {
          const next = opens[i];
          if (!next) return;
          assert.equal(next.rolledOverInMinutes, record.rolledOverOutMinutes);
          assert.equal(next.carriedInMinutes, record.carriedOutMinutes);
        });
      }),
    );
  });

  test('rolled over in never exceeds the previous period’s unused base (no compounding), nor its rule', () => {
    fc.assert(
      fc.property(periodicArb, entriesArb, (plan, all) => {
        if (plan.kind !== 'periodic') return;
        const { closed } = runBank(plan, inContract(plan, all), ASOF);
        for (const { lots, record } of closed) {
          const base = lots.find((l) => l.lot.kind === 'allowance')!;
          const rolledIn = lots.find((l) => l.lot.kind === 'rollover');
          assert.ok(record.rolledOverOutMinutes <= base.leftMinutes);
          if (plan.rollover.kind === 'none') assert.equal(record.rolledOverOutMinutes, 0);
          if (plan.rollover.kind === 'capped')
            assert.ok(record.rolledOverOutMinutes <= plan.rollover.capMinutes);
          // Minutes rolled in and not used expire: none of them is handed on again.
          if (rolledIn) assert.ok(record.expiredMinutes >= rolledIn.leftMinutes);
          // Older minutes go first: base is only drawn once the rolled-in minutes are gone.
          if (rolledIn && base.drawnMinutes > 0) assert.equal(rolledIn.leftMinutes, 0);
          // Overage only once the period's lots are used up.
          if (record.overageMinutes > 0) assert.equal(base.leftMinutes + (rolledIn?.leftMinutes ?? 0), 0);
        }
      }),
    );
  });

  test('prepaid: an entry only reaches a later block, or overage, once every older valid block is used up', () => {
    fc.assert(
      fc.property(prepaidArb, entriesArb, (plan, entries) => {
        if (plan.kind !== 'prepaid') return;
        const { closed, current } = runBank(plan, entries, ASOF);
        const ledger = [...closed.flatMap((c) => c.allocations), ...(current?.allocations ?? [])];
        const fifo = [...plan.blocks].sort((a, b) =>
          a.purchasedOn !== b.purchasedOn
            ? a.purchasedOn.localeCompare(b.purchasedOn)
            : (a.expiresOn ?? '9999-99-99').localeCompare(b.expiresOn ?? '9999-99-99') ||
              a.id.localeCompare(b.id),
        );
        const drawn = new Map<string, number>();
        for (const a of ledger) {
          for (const d of a.draws) {
            if (d.lot.kind !== 'block') assert.fail('a prepaid bank draws only blocks');
            drawn.set(d.lot.blockId, (drawn.get(d.lot.blockId) ?? 0) + d.minutes);
          }
          const valid = fifo.filter(
            (b) => b.purchasedOn <= a.date && (b.expiresOn === null || a.date <= b.expiresOn),
          );
          // The blocks it drew from: valid on its date, in FIFO order.
          const used = a.draws.map((d) =>
            valid.findIndex((b) => d.lot.kind === 'block' && b.id === d.lot.blockId),
          );
          for (const [i, at] of used.entries()) assert.ok(at >= 0 && (i === 0 || at > used[i - 1]!));
          // Every valid block before the last one it drew from (all of them, if it went to overage) is used up.
          const last = a.overageMinutes > 0 ? valid.length : Math.max(0, ...used);
          for (const b of valid.slice(0, last)) assert.equal(drawn.get(b.id) ?? 0, b.minutes);
          for (const b of plan.blocks) assert.ok((drawn.get(b.id) ?? 0) <= b.minutes);
        }
      }),
    );
  });

  test('a closed period never changes: later entries leave earlier records as they were', () => {
    fc.assert(
      fc.property(planArb, entriesArb, fc.integer({ min: 0, max: 420 }), (plan, all, cut) => {
        const entries = inContract(plan, all);
        const cutDay = day(cut);
        const early = runBank(
          plan,
          entries.filter((e) => e.date <= cutDay),
          cutDay,
        );
        const late = runBank(plan, entries, ASOF);
        for (const [i, c] of early.closed.entries()) assert.deepEqual(late.closed[i], c);
      }),
    );
  });
});
