/**
 * The figures the portal's hours page shows (issue 14, point 7): purchased, used and remaining for the
 * current period, never a negative number, and the day the bank runs out at the current pace.
 */
import { addDays, type CalendarDate, daysBetween } from './calendar.ts';
import { checkMinutes, HoursError } from './errors.ts';

/** Either minutes left, or minutes beyond the bank: never a negative remainder. */
export type Balance = { remainingMinutes: number } | { overMinutes: number };

export interface PortalFigures {
  /** All the minutes this period could draw on: bought for it, rolled in and carried in. */
  purchasedMinutes: number;
  /** All the billed minutes of the period, overage included. */
  usedMinutes: number;
  balance: Balance;
}

export interface BalanceInput {
  purchasedMinutes: number;
  rolledOverInMinutes: number;
  carriedInMinutes: number;
  usedMinutes: number;
  overageMinutes: number;
  remainingMinutes: number;
}

/**
 * The headline figures of a period snapshot (`periodSnapshot(…).snapshot`). The balance is what is
 * left while anything is left; once nothing is, the overage ("3.5 hours over"); a bank that is exactly
 * used up is 0 remaining. (A prepaid bank can hold both: time worked before a block was bought is
 * overage, and the block is still there; then the page shows what is left, and the ledger the overage.)
 */
export function portalFigures(period: BalanceInput): PortalFigures {
  for (const key of [
    'purchasedMinutes',
    'rolledOverInMinutes',
    'carriedInMinutes',
    'usedMinutes',
    'overageMinutes',
    'remainingMinutes',
  ] as const) {
    checkMinutes(period[key], key);
  }
  const purchasedMinutes = period.purchasedMinutes + period.rolledOverInMinutes + period.carriedInMinutes;
  const balance: Balance =
    period.remainingMinutes > 0 || period.overageMinutes === 0
      ? { remainingMinutes: period.remainingMinutes }
      : { overMinutes: period.overageMinutes };
  return { purchasedMinutes, usedMinutes: period.usedMinutes, balance };
}

const LAST_DATE = '9999-12-31';

export interface RunOutInput {
  /** Where the pace is measured from: the period's start. */
  since: CalendarDate;
  /** Today, in the viewer's calendar. */
  today: CalendarDate;
  /** Minutes used from `since` to today, both days included. */
  usedMinutes: number;
  remainingMinutes: number;
}

/**
 * The day the bank runs out if work goes on at the pace so far: pace = used ÷ days elapsed (today
 * counts as a day), and the bank lasts remaining ÷ pace more days, rounded up to the day the last
 * minute goes. Null when nothing has been used (no pace to go by), or when the day would
 * be after 9999-12-31. Never before today: a bank already
 * used up runs out today. Whether that is after the period ends (when a periodic bank refills) is for
 * the caller to compare.
 */
export function projectedRunOut(input: RunOutInput): CalendarDate | null {
  checkMinutes(input.usedMinutes, 'usedMinutes');
  checkMinutes(input.remainingMinutes, 'remainingMinutes');
  const elapsed = daysBetween(input.since, input.today) + 1;
  if (elapsed < 1) throw new HoursError('invalid-date', { field: 'today', value: input.today });
  if (input.usedMinutes === 0) return null;
  if (input.remainingMinutes === 0) return input.today;
  // remaining ÷ (used ÷ elapsed), rounded up, in whole numbers.
  const numerator = BigInt(input.remainingMinutes) * BigInt(elapsed);
  const used = BigInt(input.usedMinutes);
  const days = (numerator + used - 1n) / used;
  // A pace so slow the date would not fit a calendar date (after 9999-12-31) never runs out.
  if (days > BigInt(daysBetween(input.today, LAST_DATE))) return null;
  return addDays(input.today, Number(days));
}
