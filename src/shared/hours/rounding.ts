/**
 * Rounding one time entry by its contract's rule (issue 14, point 4). Both figures are kept: the minutes
 * actually worked and the minutes billed; the client sees both.
 *
 * The rule, in this order:
 * 1. An entry of 0 minutes bills 0, whatever the minimum: nothing was done, so there is nothing to charge
 *    (a minimum charge is for short work, not for no work).
 * 2. Round to a multiple of the increment: `up` to the next multiple, `down` to the previous one,
 *    `nearest` to the closer one, and on a tie (exactly half way) up: 9 minutes in 6-minute steps is 12.
 * 3. Raise to the minimum charge if below it (the minimum need not be a multiple of the increment).
 * So `down` and `nearest` can bill less than was worked, even 0 (2 minutes in 6-minute steps to the
 * nearest bill 0), unless a minimum says otherwise.
 */
import { checkMinutes, HoursError } from './errors.ts';

/** The longest single entry: a day. Longer work is several entries. */
export const MAX_ENTRY_MINUTES = 24 * 60;
/** The largest increment or minimum a rule may set: a day. */
export const MAX_RULE_MINUTES = 24 * 60;

export const roundingDirections = ['up', 'down', 'nearest'] as const;
export type RoundingDirection = (typeof roundingDirections)[number];

export interface RoundingRule {
  /** Bill in multiples of this many minutes (1 = to the minute; 6 = tenths of an hour; 15 = quarters). */
  incrementMinutes: number;
  /** Bill at least this many minutes for any entry above 0 (0 = no minimum). */
  minimumMinutes: number;
  direction: RoundingDirection;
}

/** Bill exactly what was worked: the rule for a contract that sets none. */
export const EXACT_MINUTES: RoundingRule = Object.freeze({
  incrementMinutes: 1,
  minimumMinutes: 0,
  direction: 'up',
});

export interface RoundedMinutes {
  actualMinutes: number;
  billedMinutes: number;
}

/** The rule itself, checked: refuses an increment outside 1..1440, a minimum outside 0..1440. */
export function checkRoundingRule(rule: RoundingRule): RoundingRule {
  const { incrementMinutes: inc, minimumMinutes: min, direction } = rule;
  if (!Number.isInteger(inc) || inc < 1 || inc > MAX_RULE_MINUTES) {
    throw new HoursError('invalid-rounding-rule', { field: 'incrementMinutes', value: String(inc) });
  }
  if (!Number.isInteger(min) || min < 0 || min > MAX_RULE_MINUTES) {
    throw new HoursError('invalid-rounding-rule', { field: 'minimumMinutes', value: String(min) });
  }
  if (!(roundingDirections as readonly string[]).includes(direction)) {
    throw new HoursError('invalid-rounding-rule', { field: 'direction', value: String(direction) });
  }
  return rule;
}

/** The actual minutes of one entry, checked: a whole number from 0 to a day. */
export function checkEntryMinutes(actualMinutes: number): number {
  checkMinutes(actualMinutes, 'actualMinutes');
  if (actualMinutes > MAX_ENTRY_MINUTES) {
    throw new HoursError('entry-too-long', { value: actualMinutes, max: MAX_ENTRY_MINUTES });
  }
  return actualMinutes;
}

/** The billed minutes for an entry of `actualMinutes` under `rule` (see the rules at the top). */
export function roundEntry(actualMinutes: number, rule: RoundingRule = EXACT_MINUTES): RoundedMinutes {
  checkEntryMinutes(actualMinutes);
  const { incrementMinutes: inc, minimumMinutes: min, direction } = checkRoundingRule(rule);
  if (actualMinutes === 0) return { actualMinutes, billedMinutes: 0 };
  const below = Math.floor(actualMinutes / inc) * inc;
  const rest = actualMinutes - below;
  let rounded: number;
  if (rest === 0) rounded = actualMinutes;
  else if (direction === 'up') rounded = below + inc;
  else if (direction === 'down') rounded = below;
  // Nearest, ties up: compare twice the remainder with the increment to stay in whole numbers.
  else rounded = 2 * rest >= inc ? below + inc : below;
  return { actualMinutes, billedMinutes: Math.max(rounded, min) };
}
