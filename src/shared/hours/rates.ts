/**
 * Rates and amounts (issue 14, point 4): which hourly rate applies, and what billed minutes cost.
 *
 * - Precedence: the contract's rate, else the work type's, else the organisation's default. The first
 *   one set wins, even when it is 0 (free work is a rate, not a missing one).
 * - Money is whole minor units of an ISO 4217 currency (cents, yen, fils), never a float.
 * - The amount for billed minutes is rate × minutes / 60, rounded half up to a whole minor unit
 *   (commercial rounding, what a client gets on a calculator: 1001 per hour for 30 minutes is 500.5,
 *   so 501). It is computed with BigInt, so no product is ever rounded on the way.
 * - Each entry is rounded once, on its own; a total is the sum of its entries' amounts (so an invoice's
 *   lines add up to its total, exactly).
 * - Two currencies never meet: a rate in another currency than the contract's, or a sum across
 *   currencies, is refused.
 */
import { isCurrencyCode } from '../format/format.ts';
import { checkMinutes, HoursError } from './errors.ts';

export interface Money {
  /** Whole minor units (cents for EUR, yen for JPY, fils for BHD). */
  minorUnits: number;
  /** ISO 4217 code. */
  currency: string;
}

export interface Rate {
  /** Whole minor units per hour. */
  minorUnitsPerHour: number;
  currency: string;
}

export type RateSource = 'contract' | 'work-type' | 'default';

export interface RateChain {
  contract?: Rate | null;
  workType?: Rate | null;
  default?: Rate | null;
}

export interface ResolvedRate {
  rate: Rate;
  source: RateSource;
}

export function checkRate(rate: Rate, field = 'rate'): Rate {
  const value = rate.minorUnitsPerHour;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new HoursError('invalid-rate', { field, value: String(value) });
  }
  if (typeof rate.currency !== 'string' || !isCurrencyCode(rate.currency)) {
    throw new HoursError('invalid-rate', { field, currency: String(rate.currency) });
  }
  return rate;
}

/**
 * The rate that applies: the contract's, else the work type's, else the default. `currency` is the
 * currency the work is billed in (the contract's); the chosen rate must be in it.
 */
export function resolveRate(chain: RateChain, currency: string): ResolvedRate {
  const order: [RateSource, Rate | null | undefined][] = [
    ['contract', chain.contract],
    ['work-type', chain.workType],
    ['default', chain.default],
  ];
  for (const [source, rate] of order) {
    if (rate == null) continue;
    checkRate(rate, source);
    if (rate.currency !== currency) {
      throw new HoursError('currency-mismatch', { source, expected: currency, found: rate.currency });
    }
    return { rate, source };
  }
  throw new HoursError('no-rate', { currency });
}

function toSafeNumber(value: bigint, field: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new HoursError('amount-too-large', { field, value: value.toString() });
  }
  return Number(value);
}

/** What `minutes` cost at `rate`: rate × minutes / 60, half up to a whole minor unit. */
export function amountForMinutes(minutes: number, rate: Rate): Money {
  checkMinutes(minutes, 'minutes');
  checkRate(rate);
  // round(r × m / 60) half up = floor((2·r·m + 60) / 120), all in integers.
  const twice = 2n * BigInt(rate.minorUnitsPerHour) * BigInt(minutes);
  const minorUnits = toSafeNumber((twice + 60n) / 120n, 'amount');
  return { minorUnits, currency: rate.currency };
}

/**
 * The sum of amounts, all in `currency` (an empty list is 0 in it). Refuses an amount in another
 * currency and a total beyond what a number holds exactly.
 */
export function sumMoney(amounts: readonly Money[], currency: string): Money {
  let total = 0n;
  for (const amount of amounts) {
    if (amount.currency !== currency) {
      throw new HoursError('currency-mismatch', { expected: currency, found: amount.currency });
    }
    if (!Number.isSafeInteger(amount.minorUnits)) {
      throw new HoursError('amount-too-large', { field: 'minorUnits', value: String(amount.minorUnits) });
    }
    total += BigInt(amount.minorUnits);
  }
  if (total < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new HoursError('amount-too-large', { field: 'total', value: total.toString() });
  }
  return { minorUnits: toSafeNumber(total, 'total'), currency };
}
