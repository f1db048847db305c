import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { fraction } from './decimal.ts';
import { BillingError, type BillingErrorCode } from './errors.ts';
import {
  apportion,
  type DocumentInput,
  type DocumentTotals,
  documentTotals,
  fromMinor,
  type LineInput,
  type LineTax,
  toMinor,
} from './totals.ts';

const vat19: LineTax = { id: 'vat19', name: 'VAT', rate: '19' };
const refuses = (fn: () => unknown, code: BillingErrorCode) =>
  assert.throws(fn, (e: unknown) => e instanceof BillingError && e.code === code);

function eur(lines: LineInput[], rounding: 'line' | 'document' = 'line'): DocumentTotals {
  return documentTotals({ currency: 'EUR', rounding, lines });
}

function addsUp(t: DocumentTotals) {
  assert.equal(t.totalMinor, t.netMinor + t.taxMinor);
  assert.equal(
    t.taxMinor,
    t.taxes.reduce((a, g) => a + g.amountMinor, 0),
  );
  for (const line of t.lines) {
    assert.equal(line.totalMinor, line.netMinor + line.taxMinor);
    assert.equal(
      line.taxMinor,
      line.taxes.reduce((a, g) => a + g.amountMinor, 0),
    );
  }
}

describe('billing totals: worked examples', () => {
  test('1,000.00 € + 19 % is 1,190.00 € under either rule', () => {
    for (const rounding of ['line', 'document'] as const) {
      const t = eur([{ quantity: '1', unitPriceMinor: toMinor('1000', 'EUR'), taxes: [vat19] }], rounding);
      assert.equal(t.netMinor, 100_000);
      assert.equal(t.taxMinor, 19_000);
      assert.equal(t.totalMinor, 119_000);
      assert.deepEqual(t.taxes, [
        { id: 'vat19', name: 'VAT', rate: '19', taxableMinor: 100_000, amountMinor: 19_000 },
      ]);
      assert.equal(fromMinor(t.totalMinor, 'EUR'), '1190.00');
      addsUp(t);
    }
  });

  test('a hundred lines of 0.333 × 10.01 €: per line loses 66 cents, per document does not', () => {
    const lines = Array.from({ length: 100 }, () => ({
      quantity: '0.333',
      unitPriceMinor: 1001,
      taxes: [vat19],
    }));
    // Each line: 3.33333 € -> 3.33 net, 19 % of 3.33 = 0.6327 -> 0.63 tax, 3.96.
    const perLine = eur(lines, 'line');
    assert.equal(perLine.lines[0]?.netMinor, 333);
    assert.equal(perLine.lines[0]?.taxMinor, 63);
    assert.equal(perLine.netMinor, 33_300);
    assert.equal(perLine.taxMinor, 6_300);
    assert.equal(perLine.totalMinor, 39_600);
    // The document: 333.333 € -> 333.33 net, 19 % of 333.33 = 63.3327 -> 63.33 tax, 396.66 (exact: 396.66627).
    const perDocument = eur(lines, 'document');
    assert.equal(perDocument.netMinor, 33_333);
    assert.equal(perDocument.taxMinor, 6_333);
    assert.equal(perDocument.totalMinor, 39_666);
    // The lines themselves still show their own rounded figures.
    assert.equal(perDocument.lines[99]?.totalMinor, 396);
    addsUp(perLine);
    addsUp(perDocument);
  });

  test('inclusive pricing: the quoted price is the total, the net and tax are drawn out of it', () => {
    const t = eur([{ quantity: '1', unitPriceMinor: 11_900, taxes: [vat19], pricesIncludeTax: true }]);
    assert.deepEqual([t.netMinor, t.taxMinor, t.totalMinor], [10_000, 1_900, 11_900]);
    // 10.00 € including 19 %: net 8.40336… -> 8.40, tax 1.60, and the total stays 10.00.
    const ten = eur([{ quantity: '1', unitPriceMinor: 1_000, taxes: [vat19], pricesIncludeTax: true }]);
    assert.deepEqual([ten.netMinor, ten.taxMinor, ten.totalMinor], [840, 160, 1_000]);
    addsUp(ten);
    // Three at 9.99 € including 19 %: the customer pays 29.97 €, under either rule.
    for (const rounding of ['line', 'document'] as const) {
      const three = eur(
        [{ quantity: '3', unitPriceMinor: 999, taxes: [vat19], pricesIncludeTax: true }],
        rounding,
      );
      assert.equal(three.totalMinor, 2_997);
      assert.equal(three.netMinor, 2_518); // 29.97 / 1.19 = 25.1849…
      addsUp(three);
    }
  });

  test('two taxes on one line (Québec: 5 % GST and 9.975 % QST on 100.00 $)', () => {
    const gst: LineTax = { id: 'gst', name: 'GST', rate: '5' };
    const qst: LineTax = { id: 'qst', name: 'QST', rate: '9.975' };
    const t = documentTotals({
      currency: 'CAD',
      rounding: 'line',
      lines: [{ quantity: '1', unitPriceMinor: 10_000, taxes: [gst, qst] }],
    });
    assert.deepEqual(
      t.lines[0]?.taxes.map((x) => [x.id, x.amountMinor]),
      [
        ['gst', 500],
        ['qst', 998], // 9.975 exactly half: away from zero
      ],
    );
    assert.equal(t.totalMinor, 11_498);
    addsUp(t);
  });

  test('discounts: a percentage of the line, or an amount off it', () => {
    // 3 × 49.99 € = 149.97 €, less 10 % = 134.973 -> 134.97; 19 % of that is 25.6443 -> 25.64.
    const pct = eur([
      { quantity: '3', unitPriceMinor: 4_999, discount: { kind: 'percent', percent: '10' }, taxes: [vat19] },
    ]);
    assert.equal(pct.lines[0]?.baseMinor, 14_997);
    assert.equal(pct.lines[0]?.discountMinor, 1_500);
    assert.deepEqual([pct.netMinor, pct.taxMinor, pct.totalMinor], [13_497, 2_564, 16_061]);
    assert.equal(pct.discountMinor, 1_500);
    const amount = eur([
      { quantity: '2', unitPriceMinor: 5_000, discount: { kind: 'amount', amountMinor: 1_500 } },
    ]);
    assert.deepEqual([amount.netMinor, amount.taxMinor, amount.totalMinor], [8_500, 0, 8_500]);
    addsUp(pct);
  });

  test('JPY has no minor unit: yen are the minor units', () => {
    const t = documentTotals({
      currency: 'JPY',
      rounding: 'line',
      lines: [
        {
          quantity: '3',
          unitPriceMinor: toMinor('1234', 'JPY'),
          taxes: [{ id: 'ct', name: '消費税', rate: '10' }],
        },
      ],
    });
    assert.deepEqual([t.netMinor, t.taxMinor, t.totalMinor], [3_702, 370, 4_072]);
    assert.equal(fromMinor(t.totalMinor, 'JPY'), '4072');
    refuses(() => toMinor('10.5', 'JPY'), 'invalid-amount');
    assert.equal(toMinor('1.234', 'BHD'), 1_234);
    assert.equal(fromMinor(1_234, 'BHD'), '1.234');
    assert.equal(fromMinor(-5, 'EUR'), '-0.05');
  });

  test('a credit note is the exact mirror of the same charge', () => {
    const charge = eur([{ quantity: '0.333', unitPriceMinor: 1001, taxes: [vat19] }]);
    const credit = documentTotals({
      currency: 'EUR',
      rounding: 'line',
      credit: true,
      lines: [{ quantity: '-0.333', unitPriceMinor: 1001, taxes: [vat19] }],
    });
    assert.deepEqual([credit.netMinor, credit.taxMinor, credit.totalMinor], [-333, -63, -396]);
    assert.equal(charge.totalMinor, 396);
  });

  test('bad input is refused with a code', () => {
    const line = (over: Partial<LineInput>): LineInput => ({ quantity: '1', unitPriceMinor: 100, ...over });
    refuses(() => eur([line({ quantity: '-1' })]), 'negative-amount');
    refuses(() => eur([line({ unitPriceMinor: -1 })]), 'negative-amount');
    refuses(() => eur([line({ unitPriceMinor: 1.5 })]), 'invalid-amount');
    refuses(() => eur([line({ quantity: '1e3' })]), 'invalid-decimal');
    refuses(() => eur([line({ quantity: '1,5' })]), 'invalid-decimal');
    refuses(() => eur([line({ quantity: '0.1234567' })]), 'invalid-quantity');
    refuses(() => eur([line({ quantity: '1000000001' })]), 'invalid-quantity');
    refuses(() => eur([line({ taxes: [{ id: 1, name: 'X', rate: '101' }] })]), 'invalid-tax-rate');
    refuses(() => eur([line({ taxes: [{ id: 1, name: 'X', rate: '-1' }] })]), 'invalid-tax-rate');
    refuses(() => eur([line({ taxes: [vat19, vat19] })]), 'duplicate-tax');
    refuses(
      () => eur([line({ taxes: [vat19] }), line({ taxes: [{ ...vat19, rate: '7' }] })]),
      'duplicate-tax',
    );
    refuses(() => eur([line({ discount: { kind: 'percent', percent: '100.5' } })]), 'invalid-discount');
    refuses(() => eur([line({ discount: { kind: 'amount', amountMinor: 101 } })]), 'invalid-discount');
    refuses(() => documentTotals({ currency: 'ABC', rounding: 'line', lines: [] }), 'invalid-currency');
    refuses(
      () => documentTotals({ currency: 'EUR', rounding: 'weekly' as 'line', lines: [] }),
      'invalid-rounding',
    );
  });

  test('an empty document is zero', () => {
    const t = eur([]);
    assert.deepEqual([t.netMinor, t.taxMinor, t.totalMinor, t.taxes.length], [0, 0, 0, 0]);
  });

  test('apportion: shares add up to the target, each its exact amount rounded up or down', () => {
    const third = fraction(10n, 3n);
    assert.deepEqual(apportion(10n, [third, third, third]), [4n, 3n, 3n]);
    // Never below zero against a non-negative exact amount while another share can move instead.
    assert.deepEqual(apportion(1n, [fraction(1n, 2n), fraction(1n, 2n)]), [0n, 1n]);
    assert.deepEqual(apportion(0n, []), []);
  });
});

// Properties over random documents.
const taxPool: LineTax[] = [
  vat19,
  { id: 'vat7', name: 'VAT', rate: '7' },
  { id: 'zero', name: 'VAT', rate: '0' },
  { id: 'qst', name: 'QST', rate: '9.975' },
  { id: 'iva', name: 'IVA', rate: '21' },
  { id: 'tva', name: 'TVA', rate: '5.5' },
];
const quantityArb = fc
  .tuple(fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 0, max: 6 }))
  .map(([digits, scale]) => {
    const s = String(digits).padStart(scale + 1, '0');
    return scale === 0 ? s : `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
  });
const lineArb: fc.Arbitrary<LineInput> = fc.record({
  quantity: quantityArb,
  unitPriceMinor: fc.integer({ min: 0, max: 10_000_000 }),
  discount: fc.option(
    fc.oneof(
      fc.integer({ min: 0, max: 1_000_000 }).map((n) => ({
        kind: 'percent' as const,
        percent: `${Math.floor(n / 10_000)}.${String(n % 10_000).padStart(4, '0')}`,
      })),
      fc.constant({ kind: 'amount' as const, amountMinor: 0 }),
    ),
    { nil: null },
  ),
  taxes: fc.subarray(taxPool, { maxLength: 3 }),
  pricesIncludeTax: fc.boolean(),
});
const docArb = fc.record({
  currency: fc.constantFrom('EUR', 'JPY', 'BHD', 'USD'),
  lines: fc.array(lineArb, { maxLength: 30 }),
});

describe('billing totals: properties', () => {
  test('every figure adds up: total = net + taxes, on each line and on the document, under both rules', () => {
    fc.assert(
      fc.property(docArb, fc.constantFrom('line' as const, 'document' as const), (doc, rounding) => {
        addsUp(documentTotals({ ...doc, rounding }));
      }),
    );
  });

  test('the two rules differ by at most one minor unit per rounded figure', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        const perLine = documentTotals({ ...doc, rounding: 'line' });
        const perDoc = documentTotals({ ...doc, rounding: 'document' });
        // Per line: each line's net and each of its taxes; per document: the net and each tax group.
        const rounded =
          doc.lines.reduce((a, l) => a + 1 + (l.taxes?.length ?? 0), 0) + 1 + perDoc.taxes.length;
        assert.ok(
          Math.abs(perLine.totalMinor - perDoc.totalMinor) <= rounded,
          `${perLine.totalMinor} vs ${perDoc.totalMinor} (${rounded} roundings)`,
        );
        // With one line, the two rules are the same.
        if (doc.lines.length === 1) assert.equal(perLine.totalMinor, perDoc.totalMinor);
      }),
    );
  });

  test('never negative unless a credit; a credit mirrors its charge exactly', () => {
    fc.assert(
      fc.property(docArb, fc.constantFrom('line' as const, 'document' as const), (doc, rounding) => {
        const t = documentTotals({ ...doc, rounding });
        for (const figure of [t.netMinor, t.taxMinor, t.totalMinor, t.discountMinor]) assert.ok(figure >= 0);
        for (const line of t.lines) {
          for (const figure of [line.netMinor, line.taxMinor, line.totalMinor]) assert.ok(figure >= 0);
          for (const tax of line.taxes) assert.ok(tax.amountMinor >= 0);
        }
        for (const tax of t.taxes) assert.ok(tax.amountMinor >= 0);
        const mirrored: DocumentInput = {
          ...doc,
          rounding,
          credit: true,
          lines: doc.lines.map((l) => ({ ...l, quantity: l.quantity === '0' ? '0' : `-${l.quantity}` })),
        };
        const c = documentTotals(mirrored);
        assert.equal(c.totalMinor, -t.totalMinor || 0);
        assert.equal(c.netMinor, -t.netMinor || 0);
      }),
    );
  });

  test('exclusive lines: each tax reads true against its taxable amount', () => {
    fc.assert(
      fc.property(docArb, fc.constantFrom('line' as const, 'document' as const), (doc, rounding) => {
        const lines = doc.lines.map((l) => ({ ...l, pricesIncludeTax: false }));
        const t = documentTotals({ ...doc, lines, rounding });
        const groups =
          rounding === 'document'
            ? t.taxes
            : t.lines.flatMap((l) => l.taxes.map((x) => ({ ...x, taxableMinor: l.netMinor })));
        for (const g of groups) assert.equal(g.amountMinor, roundRate(g.taxableMinor, g.rate));
      }),
    );
  });
});

/** taxable × rate %, rounded half away from zero, with integers only (rates have up to 4 decimals). */
function roundRate(taxableMinor: number, rate: string): number {
  const [whole, frac = ''] = rate.split('.');
  const scaled = BigInt(`${whole}${frac.padEnd(4, '0')}`); // rate × 10^4
  const numerator = BigInt(taxableMinor) * scaled; // × 10^6 (percent and 4 decimals)
  const q = numerator / 1_000_000n;
  const r = numerator % 1_000_000n;
  return Number(2n * r >= 1_000_000n ? q + 1n : q);
}
