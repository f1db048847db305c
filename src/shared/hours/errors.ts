/**
 * The refusals of the hours arithmetic. Each is a code plus the numbers that explain it, never text for
 * a person: the services that call this module turn a code into an `errors:` catalogue key (and a 4xx).
 */
export type HoursErrorCode =
  /** A duration below zero. */
  | 'negative-minutes'
  /** A duration that is not a whole number of minutes (or not a finite number at all). */
  | 'fractional-minutes'
  /** One entry longer than a day (`MAX_ENTRY_MINUTES`). */
  | 'entry-too-long'
  /** A rounding rule with an increment or minimum out of range, or an unknown direction. */
  | 'invalid-rounding-rule'
  /** A rate that is not a whole, non-negative number of minor units, or an unknown currency. */
  | 'invalid-rate'
  /** No rate anywhere in the precedence chain. */
  | 'no-rate'
  /** Two amounts or rates in different currencies meet. */
  | 'currency-mismatch'
  /** An amount beyond what a JavaScript number holds exactly. */
  | 'amount-too-large'
  /** Not a real calendar date in the form YYYY-MM-DD. */
  | 'invalid-date'
  /** A bank plan that cannot work: allowance, rollover cap, blocks, end before start. */
  | 'invalid-plan'
  /** Two entries or two blocks with the same id. */
  | 'duplicate-id'
  /** An entry dated outside the period (or the contract) it is booked against. */
  | 'entry-outside-period'
  /** A period that is not one of the plan's periods, or an opening state that does not belong to it. */
  | 'invalid-period'
  /** Alert thresholds that are not positive whole percentages. */
  | 'invalid-thresholds';

export class HoursError extends Error {
  override readonly name = 'HoursError';
  constructor(
    readonly code: HoursErrorCode,
    /** The offending values, for logs and for the caller's message arguments. */
    readonly detail: Readonly<Record<string, string | number | null>> = {},
  ) {
    super(`hours: ${code} ${JSON.stringify(detail)}`);
  }
}

export function isHoursError(error: unknown): error is HoursError {
  return error instanceof HoursError;
}

/** A whole, non-negative number of minutes that a number holds exactly; else the matching refusal. */
export function checkMinutes(value: number, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !Number.isInteger(value)) {
    throw new HoursError('fractional-minutes', { field, value: String(value) });
  }
  if (value < 0) throw new HoursError('negative-minutes', { field, value });
  if (!Number.isSafeInteger(value)) throw new HoursError('amount-too-large', { field, value: String(value) });
  return value;
}
