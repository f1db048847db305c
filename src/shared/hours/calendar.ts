/**
 * Plain calendar dates ('YYYY-MM-DD'), with no time of day and no time zone: the hours arithmetic works
 * on the days the entries are dated and the contract's dates, so it stays pure and gives the same answer
 * on every server. (Which day an entry falls on in a zone is the caller's business.)
 */
import { HoursError } from './errors.ts';

export type CalendarDate = string;

const DAY_MS = 86_400_000;
const SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a valid calendar date; refuses '2026-02-30', '2026-1-5' and the like. */
export function dayNumber(date: CalendarDate, field = 'date'): number {
  const m = typeof date === 'string' ? SHAPE.exec(date) : null;
  if (!m) throw new HoursError('invalid-date', { field, value: String(date) });
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (y < 1 || back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new HoursError('invalid-date', { field, value: date });
  }
  return ms / DAY_MS;
}

export function fromDayNumber(day: number): CalendarDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * `months` calendar months after `date`, keeping the day of the month, or the month's last day when it
 * has fewer days: 2026-01-31 + 1 month is 2026-02-28, + 2 months is 2026-03-31 (always counted from the
 * given date, so the end of the month never drifts).
 */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  dayNumber(date);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return fromDayNumber(Date.UTC(year, month, Math.min(d, last)) / DAY_MS);
}

export function minDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a <= b ? a : b;
}
