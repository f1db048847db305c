/**
 * The refusals of the billing arithmetic. Each is a code plus the values that explain it, never text for
 * a person: the services that call this module turn a code into an `errors:` catalogue key (and a 4xx).
 */
export type BillingErrorCode =
  /** Not a decimal number in the form 12, 12.5 or -0.333 (no exponent, no thousands separators). */
  | 'invalid-decimal'
  /** A quantity with more decimals than `MAX_QUANTITY_DECIMALS`, or beyond `MAX_QUANTITY`. */
  | 'invalid-quantity'
  /** A quantity or price below zero on a document that is not a credit. */
  | 'negative-amount'
  /** A price or amount that is not a whole number of minor units, or beyond what a number holds exactly. */
  | 'invalid-amount'
  /** A tax rate outside 0..100 % or with more than `MAX_RATE_DECIMALS` decimals. */
  | 'invalid-tax-rate'
  /** One tax named twice on a line, or one tax id with two different rates on a document. */
  | 'duplicate-tax'
  /** A percentage discount outside 0..100, or an amount discount beyond its line. */
  | 'invalid-discount'
  /** An unknown ISO 4217 code, or an amount with more decimals than the currency's minor unit. */
  | 'invalid-currency'
  /** An unknown rounding rule. */
  | 'invalid-rounding';

export class BillingError extends Error {
  override readonly name = 'BillingError';
  constructor(
    readonly code: BillingErrorCode,
    /** The offending values, for logs and for the caller's message arguments. */
    readonly detail: Readonly<Record<string, string | number | null>> = {},
  ) {
    super(`billing: ${code} ${JSON.stringify(detail)}`);
  }
}

export function isBillingError(error: unknown): error is BillingError {
  return error instanceof BillingError;
}
