/**
 * The totals of an invoice (issue 15, point 1), pure and shared by the server, the web app's live totals
 * and the PDF, so that every face shows the same figures from the same rule.
 *
 * The rule (docs/billing.md has worked examples):
 * 1. Every amount is worked out exactly first: quantity (a decimal string, up to 6 decimals) times unit
 *    price (whole minor units), less the discount (a percentage of the line, or an amount in minor
 *    units). A line priced exclusive of tax is its net; one priced inclusive of tax is its gross, and its
 *    net is the gross divided by (1 + the sum of its tax rates). Each tax is the net times its rate.
 * 2. Then rounded, half away from zero, to whole minor units: per line (`line`), each line on its own and
 *    the document adds the lines up; per document (`document`, the organisation's choice), the lines'
 *    exact sums, so a hundred lines of 0.333 are not rounded a hundred times. A document mixing both
 *    pricing kinds rounds each kind's lines together.
 * 3. Exclusive of tax: the net is rounded, each tax is charged on its rounded taxable amount (the net of
 *    the lines carrying it) and rounded, so "19 % of 1,000.00 = 190.00" reads true on the page; the total
 *    is their sum. Inclusive of tax: the gross (the price the customer was quoted) and the net are
 *    rounded, and the taxes are the difference, shared by largest remainder. Either way the figures add
 *    up: total = net + taxes, on every line and on the document.
 * No float touches an amount, and the two rules differ by at most one minor unit per rounded figure. A
 * document that is not a credit refuses negative quantities and prices, so its figures are never below
 * zero; a credit's figures are the exact mirror of the same charge's.
 */
import { currencyDigits, isCurrencyCode } from '../format/format.ts';
import {
  add,
  compare,
  div,
  type Fraction,
  formatDecimal,
  fraction,
  fromInteger,
  isNegative,
  mul,
  ONE,
  parseDecimal,
  roundHalfAwayFromZero,
  sub,
  sum,
  ZERO,
} from './decimal.ts';
import { BillingError } from './errors.ts';

export const MAX_QUANTITY_DECIMALS = 6;
export const MAX_RATE_DECIMALS = 4;
/** The largest quantity a line may carry (in either direction on a credit). */
export const MAX_QUANTITY = 1_000_000_000;
/** The largest unit price or amount discount, in minor units. */
export const MAX_AMOUNT_MINOR = 1_000_000_000_000;

export const roundingModes = ['line', 'document'] as const;
export type RoundingMode = (typeof roundingModes)[number];

export interface LineTax {
  /** The tax's identity (its tax_rates id): taxes with the same id are one group on the document. */
  id: number | string;
  /** Shown on the document ("VAT", "GST"). */
  name: string;
  /** A percentage as a decimal string: "19", "7.5", "0". */
  rate: string;
}

export type Discount = { kind: 'percent'; percent: string } | { kind: 'amount'; amountMinor: number };

export interface LineInput {
  /** A decimal string: "1", "0.333", "2.5". */
  quantity: string;
  /** Whole minor units of the document's currency. */
  unitPriceMinor: number;
  discount?: Discount | null;
  taxes?: readonly LineTax[];
  /** The unit price includes the line's taxes. */
  pricesIncludeTax?: boolean;
}

export interface DocumentInput {
  currency: string;
  rounding: RoundingMode;
  lines: readonly LineInput[];
  /** A credit note: negative quantities and prices are allowed (and its figures then are negative). */
  credit?: boolean;
}

export interface LineTaxAmount {
  id: number | string;
  name: string;
  rate: string;
  amountMinor: number;
}

export interface LineTotals {
  /** The quantity as written, normalised ("1.50" -> "1.5"). */
  quantity: string;
  /** Quantity times unit price, rounded: before the discount, as priced (gross if inclusive). */
  baseMinor: number;
  /** The discount, rounded (baseMinor - discountMinor is the line's amount as priced). */
  discountMinor: number;
  netMinor: number;
  taxes: LineTaxAmount[];
  taxMinor: number;
  totalMinor: number;
}

export interface TaxTotal {
  id: number | string;
  name: string;
  rate: string;
  /** The net amount this tax was charged on. */
  taxableMinor: number;
  amountMinor: number;
}

export interface DocumentTotals {
  currency: string;
  rounding: RoundingMode;
  lines: LineTotals[];
  discountMinor: number;
  netMinor: number;
  taxes: TaxTotal[];
  taxMinor: number;
  totalMinor: number;
}

/** How many decimals the currency's minor unit has (EUR 2, JPY 0, BHD 3), from Intl's ISO 4217 data. */
export function currencyExponent(currency: string): number {
  if (typeof currency !== 'string' || !isCurrencyCode(currency)) {
    throw new BillingError('invalid-currency', { currency: String(currency) });
  }
  return currencyDigits(currency);
}

/** A decimal amount in the currency's major unit ("1000.5" EUR) in minor units (100050). */
export function toMinor(amount: string, currency: string): number {
  const exponent = currencyExponent(currency);
  const exact = parseDecimal(amount, exponent, 'invalid-amount');
  const minor = mul(exact, fraction(10n ** BigInt(exponent)));
  return toSafe(minor.n, 'amount');
}

/** Minor units as a plain decimal string in the major unit (100050 EUR -> "1000.50"; 1000 JPY -> "1000"). */
export function fromMinor(amountMinor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  checkAmount(amountMinor, 'amount', true);
  const negative = amountMinor < 0;
  const digits = String(Math.abs(amountMinor)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const frac = digits.slice(digits.length - exponent);
  return `${negative ? '-' : ''}${whole}${exponent > 0 ? `.${frac}` : ''}`;
}

function toSafe(value: bigint, field: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || BigInt(n) !== value) {
    throw new BillingError('invalid-amount', { field, value: value.toString() });
  }
  return n;
}

function checkAmount(value: number, field: string, allowNegative: boolean): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || Math.abs(value) > MAX_AMOUNT_MINOR) {
    throw new BillingError('invalid-amount', { field, value: String(value) });
  }
  if (value < 0 && !allowNegative) throw new BillingError('negative-amount', { field, value });
  return value;
}

/** A quantity, checked: a decimal string of up to 6 decimals within ±`MAX_QUANTITY`. */
export function parseQuantity(quantity: string, allowNegative = false): Fraction {
  const q = parseDecimal(quantity, MAX_QUANTITY_DECIMALS, 'invalid-quantity');
  const abs = isNegative(q) ? fraction(-q.n, q.d) : q;
  if (compare(abs, fromInteger(MAX_QUANTITY)) > 0) {
    throw new BillingError('invalid-quantity', { value: quantity, max: MAX_QUANTITY });
  }
  if (isNegative(q) && !allowNegative)
    throw new BillingError('negative-amount', { field: 'quantity', value: quantity });
  return q;
}

/** A tax rate or percentage discount, checked: 0..100 with up to 4 decimals, as a fraction of 1. */
export function parsePercent(value: string, code: 'invalid-tax-rate' | 'invalid-discount'): Fraction {
  let p: Fraction;
  try {
    p = parseDecimal(value, MAX_RATE_DECIMALS, code);
  } catch {
    throw new BillingError(code, { value: String(value) });
  }
  if (isNegative(p) || compare(p, fromInteger(100)) > 0) throw new BillingError(code, { value });
  return div(p, fromInteger(100));
}

interface ExactLine {
  quantity: string;
  base: Fraction;
  discount: Fraction;
  net: Fraction;
  taxes: { tax: LineTax; rate: Fraction; amount: Fraction }[];
  gross: Fraction;
}

function exactLine(line: LineInput, credit: boolean, index: number): ExactLine {
  const quantity = parseQuantity(line.quantity, credit);
  const price = fromInteger(checkAmount(line.unitPriceMinor, `lines.${index}.unitPriceMinor`, credit));
  const base = mul(quantity, price);
  let discount = ZERO;
  const d = line.discount;
  if (d) {
    if (d.kind === 'percent') discount = mul(base, parsePercent(d.percent, 'invalid-discount'));
    else if (d.kind === 'amount') {
      const amount = fromInteger(checkAmount(d.amountMinor, `lines.${index}.discount`, false));
      // An amount discount reduces the line towards zero, never past it (a credit's too).
      const abs = isNegative(base) ? fraction(-base.n, base.d) : base;
      if (compare(amount, abs) > 0) {
        throw new BillingError('invalid-discount', { value: d.amountMinor, line: index });
      }
      discount = isNegative(base) ? fraction(-amount.n, amount.d) : amount;
    } else throw new BillingError('invalid-discount', { value: String((d as { kind: unknown }).kind) });
  }
  const priced = sub(base, discount);
  const seen = new Set<string>();
  const rates = (line.taxes ?? []).map((tax) => {
    const key = String(tax.id);
    if (seen.has(key)) throw new BillingError('duplicate-tax', { id: key, line: index });
    seen.add(key);
    return { tax, rate: parsePercent(tax.rate, 'invalid-tax-rate') };
  });
  const totalRate = sum(rates.map((r) => r.rate));
  const net = line.pricesIncludeTax ? div(priced, add(ONE, totalRate)) : priced;
  const taxes = rates.map((r) => ({ ...r, amount: mul(net, r.rate) }));
  const gross = add(net, sum(taxes.map((t) => t.amount)));
  return { quantity: formatDecimal(quantity), base, discount, net, taxes, gross };
}

/**
 * `target` whole units shared among `exacts` so that each share is its exact amount rounded up or down
 * and the shares add up to the target: start from each rounded, then move single units to or from the
 * shares furthest from their exact amount (largest remainder). A share never crosses zero against its
 * exact amount's sign while another can move instead.
 */
export function apportion(target: bigint, exacts: readonly Fraction[]): bigint[] {
  const shares = exacts.map(roundHalfAwayFromZero);
  if (shares.length === 0) return shares;
  let diff = target - shares.reduce((a, b) => a + b, 0n);
  while (diff !== 0n) {
    const step = diff > 0n ? 1n : -1n;
    let best = -1;
    let bestGap: Fraction | null = null;
    let bestCrosses = true;
    for (let i = 0; i < shares.length; i++) {
      const share = shares[i] as bigint;
      const exact = exacts[i] as Fraction;
      const moved = share + step;
      // How far the share is from its exact amount in the direction we move (larger: move it first).
      const gap = step > 0n ? sub(exact, fromBig(share)) : sub(fromBig(share), exact);
      const crosses = (exact.n >= 0n && moved < 0n) || (exact.n <= 0n && moved > 0n);
      const better =
        best < 0 ||
        (bestCrosses && !crosses) ||
        (bestCrosses === crosses && compare(gap, bestGap as Fraction) > 0);
      if (better) {
        best = i;
        bestGap = gap;
        bestCrosses = crosses;
      }
    }
    shares[best] = (shares[best] as bigint) + step;
    diff -= step;
  }
  return shares;
}

function fromBig(value: bigint): Fraction {
  return fraction(value);
}

interface Rounded {
  net: bigint;
  gross: bigint;
  base: bigint;
  discount: bigint;
  /** Per tax id, in first-seen order. */
  groups: Map<string, { tax: LineTax; taxable: bigint; amount: bigint }>;
}

/**
 * Lines of one pricing kind rounded together (one line, under the per-line rule; all of a document's
 * lines of that kind, under the per-document rule).
 * - Exclusive of tax: the net is rounded; each tax is charged on its own rounded taxable amount (the
 *   net of the lines carrying it) and rounded, so "19 % of 1,000.00" reads true on the page; the gross is
 *   their sum.
 * - Inclusive of tax: the gross (what the customer was quoted) and the net are rounded; the taxes are the
 *   difference, shared by largest remainder.
 */
function roundTogether(lines: readonly ExactLine[], inclusive: boolean): Rounded {
  const net = roundHalfAwayFromZero(sum(lines.map((l) => l.net)));
  const base = roundHalfAwayFromZero(sum(lines.map((l) => l.base)));
  const priced = roundHalfAwayFromZero(sum(lines.map((l) => sub(l.base, l.discount))));
  const exact = new Map<string, { tax: LineTax; rate: Fraction; taxable: Fraction[]; amounts: Fraction[] }>();
  for (const line of lines) {
    for (const t of line.taxes) {
      const key = String(t.tax.id);
      const group = exact.get(key);
      if (group) {
        group.taxable.push(line.net);
        group.amounts.push(t.amount);
      } else exact.set(key, { tax: t.tax, rate: t.rate, taxable: [line.net], amounts: [t.amount] });
    }
  }
  const list = [...exact.entries()];
  const taxable = list.map(([, g]) => roundHalfAwayFromZero(sum(g.taxable)));
  let amounts: bigint[];
  let gross: bigint;
  if (inclusive) {
    gross = roundHalfAwayFromZero(sum(lines.map((l) => l.gross)));
    amounts = apportion(
      gross - net,
      list.map(([, g]) => sum(g.amounts)),
    );
  } else {
    amounts = list.map(([, g], i) => roundHalfAwayFromZero(mul(fraction(taxable[i] as bigint), g.rate)));
    gross = net + amounts.reduce((a, b) => a + b, 0n);
  }
  const groups: Rounded['groups'] = new Map();
  list.forEach(([key, g], i) => {
    groups.set(key, { tax: g.tax, taxable: taxable[i] as bigint, amount: amounts[i] as bigint });
  });
  return { net, gross, base, discount: base - priced, groups };
}

function mergeRounded(parts: readonly Rounded[]): Rounded {
  const groups: Rounded['groups'] = new Map();
  let net = 0n;
  let gross = 0n;
  let base = 0n;
  let discount = 0n;
  for (const part of parts) {
    net += part.net;
    gross += part.gross;
    base += part.base;
    discount += part.discount;
    for (const [key, g] of part.groups) {
      const seen = groups.get(key);
      if (seen)
        groups.set(key, { ...seen, taxable: seen.taxable + g.taxable, amount: seen.amount + g.amount });
      else groups.set(key, { ...g });
    }
  }
  return { net, gross, base, discount, groups };
}

/** The figures of one document under its rounding rule (see the rule at the top). */
export function documentTotals(input: DocumentInput): DocumentTotals {
  // Refuses an unknown currency (amounts are in its minor units whatever its exponent).
  currencyExponent(input.currency);
  if (!(roundingModes as readonly string[]).includes(input.rounding)) {
    throw new BillingError('invalid-rounding', { value: String(input.rounding) });
  }
  const credit = input.credit === true;
  const exact = input.lines.map((line, i) => exactLine(line, credit, i));
  // One tax id carries one rate on a document.
  const rates = new Map<string, Fraction>();
  exact.forEach((line, li) => {
    for (const t of line.taxes) {
      const key = String(t.tax.id);
      const known = rates.get(key);
      if (known && compare(known, t.rate) !== 0)
        throw new BillingError('duplicate-tax', { id: key, line: li });
      rates.set(key, t.rate);
    }
  });

  const perLine = exact.map((line, i) => ({
    line,
    rounded: roundTogether([line], input.lines[i]?.pricesIncludeTax === true),
  }));
  const lines: LineTotals[] = perLine.map(({ line, rounded }, i) => {
    const field = `lines.${i}`;
    return {
      quantity: line.quantity,
      baseMinor: toSafe(rounded.base, field),
      discountMinor: toSafe(rounded.discount, field),
      netMinor: toSafe(rounded.net, field),
      taxes: [...rounded.groups.values()].map((g) => ({
        id: g.tax.id,
        name: g.tax.name,
        rate: g.tax.rate,
        amountMinor: toSafe(g.amount, field),
      })),
      taxMinor: toSafe(rounded.gross - rounded.net, field),
      totalMinor: toSafe(rounded.gross, field),
    };
  });

  const doc =
    input.rounding === 'line'
      ? mergeRounded(perLine.map((p) => p.rounded))
      : mergeRounded([
          roundTogether(
            exact.filter((_, i) => input.lines[i]?.pricesIncludeTax !== true),
            false,
          ),
          roundTogether(
            exact.filter((_, i) => input.lines[i]?.pricesIncludeTax === true),
            true,
          ),
        ]);
  // Groups in the order their tax first appears on the document.
  const order = [...rates.keys()];
  return {
    currency: input.currency,
    rounding: input.rounding,
    lines,
    discountMinor: toSafe(doc.discount, 'discount'),
    netMinor: toSafe(doc.net, 'net'),
    taxes: order.flatMap((key) => {
      const g = doc.groups.get(key);
      return g
        ? [
            {
              id: g.tax.id,
              name: g.tax.name,
              rate: g.tax.rate,
              taxableMinor: toSafe(g.taxable, 'tax'),
              amountMinor: toSafe(g.amount, 'tax'),
            },
          ]
        : [];
    }),
    taxMinor: toSafe(doc.gross - doc.net, 'tax'),
    totalMinor: toSafe(doc.gross, 'total'),
  };
}
