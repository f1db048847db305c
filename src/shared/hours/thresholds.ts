/**
 * Usage alerts (issue 14, point 9): which thresholds a bank crossed when its used minutes went from one
 * figure to another, and whether overage just started. This says what was crossed; firing each alert
 * once per threshold and period is the caller's (a unique key per bank, period and threshold), so a
 * reversing entry that dips below a threshold and a later entry that crosses it again alert only once.
 */
import { checkMinutes, HoursError } from './errors.ts';

/**
 * Percentages of the period's available minutes: the default of the organisation's
 * `bankAlertThresholds` setting (staff change it on the Settings page).
 */
export const DEFAULT_THRESHOLDS: readonly number[] = Object.freeze([75, 90, 100]);

/** Days before a contract's end date: the default of the `contractEndingAlertDays` setting. */
export const DEFAULT_CONTRACT_ENDING_DAYS: readonly number[] = Object.freeze([60, 30, 7]);

export interface ThresholdInput {
  /** What the period can draw on: purchased + rolled in + carried in. */
  availableMinutes: number;
  /** Used minutes (overage included) before the change. */
  previousUsedMinutes: number;
  /** Used minutes after it. */
  usedMinutes: number;
  /** Whole percentages from 1 to 1000; DEFAULT_THRESHOLDS when left out. */
  thresholds?: readonly number[];
}

export interface ThresholdCrossing {
  /** The thresholds passed on the way up, lowest first. Reaching a threshold exactly crosses it. */
  crossed: number[];
  /** True when the used minutes went from within the bank to beyond it. */
  overageStarted: boolean;
}

export function crossedThresholds(input: ThresholdInput): ThresholdCrossing {
  const available = checkMinutes(input.availableMinutes, 'availableMinutes');
  const before = checkMinutes(input.previousUsedMinutes, 'previousUsedMinutes');
  const after = checkMinutes(input.usedMinutes, 'usedMinutes');
  const thresholds = input.thresholds ?? DEFAULT_THRESHOLDS;
  const seen = new Set<number>();
  for (const t of thresholds) {
    if (!Number.isInteger(t) || t < 1 || t > 1000 || seen.has(t)) {
      throw new HoursError('invalid-thresholds', { value: String(t) });
    }
    seen.add(t);
  }
  // used / available ≥ t / 100, as used × 100 ≥ t × available: whole numbers, no division. An empty
  // bank (0 available) has no percentages; only its overage alerts.
  const crossed =
    available === 0
      ? []
      : [...seen]
          .filter((t) => before * 100 < t * available && after * 100 >= t * available)
          .sort((a, b) => a - b);
  return { crossed, overageStarted: before <= available && after > available };
}
