/**
 * Exact decimal and fractional arithmetic for money, on BigInt: no floating point ever touches an amount.
 *
 * Quantities, rates and percentages arrive as decimal strings ("0.333", "19", "7.5"), are parsed into
 * exact fractions, multiplied and divided exactly (an inclusive price divided by 1.19 stays an exact
 * fraction), and only a finished figure is rounded, once, to whole minor units, half away from zero
 * (so a credit rounds as the mirror of its charge). No decimal library is needed for this: the figures
 * are fractions of integers and BigInt is exact at any size.
 */
import { BillingError } from './errors.ts';

/** An exact fraction `n / d` with `d > 0`, kept in lowest terms. */
export interface Fraction {
  readonly n: bigint;
  readonly d: bigint;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function fraction(n: bigint, d = 1n): Fraction {
  if (d === 0n) throw new RangeError('fraction: division by zero');
  const sign = d < 0n ? -1n : 1n;
  const g = gcd(n, d) || 1n;
  return { n: (sign * n) / g, d: (sign * d) / g };
}

export const ZERO: Fraction = fraction(0n);
export const ONE: Fraction = fraction(1n);

export function fromInteger(value: number): Fraction {
  return fraction(BigInt(value));
}

export function add(a: Fraction, b: Fraction): Fraction {
  return a.d === b.d ? fraction(a.n + b.n, a.d) : fraction(a.n * b.d + b.n * a.d, a.d * b.d);
}

export function sub(a: Fraction, b: Fraction): Fraction {
  return add(a, fraction(-b.n, b.d));
}

export function mul(a: Fraction, b: Fraction): Fraction {
  return fraction(a.n * b.n, a.d * b.d);
}

export function div(a: Fraction, b: Fraction): Fraction {
  if (b.n === 0n) throw new RangeError('fraction: division by zero');
  return fraction(a.n * b.d, a.d * b.n);
}

export function sum(values: readonly Fraction[]): Fraction {
  return values.reduce(add, ZERO);
}

export function compare(a: Fraction, b: Fraction): number {
  const left = a.n * b.d;
  const right = b.n * a.d;
  return left < right ? -1 : left > right ? 1 : 0;
}

export function isNegative(a: Fraction): boolean {
  return a.n < 0n;
}

/** Rounded to a whole number, half away from zero (2.5 -> 3, -2.5 -> -3). */
export function roundHalfAwayFromZero(a: Fraction): bigint {
  const negative = a.n < 0n;
  const abs = negative ? -a.n : a.n;
  let q = abs / a.d;
  if (2n * (abs % a.d) >= a.d) q += 1n;
  return negative ? -q : q;
}

/**
 * A decimal string as an exact fraction: "12", "0.333", "-1.5". Refuses anything else (exponents,
 * separators, spaces, more than `maxDecimals` decimals) with `code`.
 */
export function parseDecimal(
  value: string,
  maxDecimals: number,
  code:
    | 'invalid-decimal'
    | 'invalid-quantity'
    | 'invalid-tax-rate'
    | 'invalid-discount'
    | 'invalid-amount' = 'invalid-decimal',
): Fraction {
  const match = typeof value === 'string' ? DECIMAL.exec(value) : null;
  if (!match) throw new BillingError('invalid-decimal', { value: String(value) });
  const [, minus, whole, decimals = ''] = match;
  if (decimals.length > maxDecimals) throw new BillingError(code, { value, maxDecimals });
  const digits = BigInt(`${whole}${decimals}`);
  return fraction(minus ? -digits : digits, 10n ** BigInt(decimals.length));
}

/** The shortest decimal string of a fraction whose denominator divides a power of ten (else throws). */
export function formatDecimal(a: Fraction): string {
  let scale = 0;
  let d = a.d;
  while (d % 10n === 0n) {
    d /= 10n;
    scale++;
  }
  // Remaining factors of 2 and 5 still end; anything else would never end.
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos++;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives++;
  }
  if (d !== 1n) throw new RangeError('formatDecimal: not a terminating decimal');
  scale += Math.max(twos, fives);
  const scaled = (a.n * 10n ** BigInt(scale)) / a.d;
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}
