import { z } from 'zod';

/**
 * Business-hours calendars for SLA clocks (issue 4, items 5-7). A calendar says when the clock runs:
 * weekly coverage hours in a time zone, minus whole-day holidays, or around the clock (24x7).
 * The arithmetic lives in src/shared/sla-time.ts (pure, shared so the browser ticks timers with the same code).
 */

const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Minutes since local midnight for a validated 'HH:MM' (or '24:00'). */
export function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** Whether `name` is an IANA time zone this runtime knows (checked through Intl). */
export function isValidTimeZone(name: string): boolean {
  if (knownTimeZones.has(name)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
  } catch {
    return false;
  }
  // Every answer that carries a calendar checks its zone: remember the valid names (a bounded set).
  knownTimeZones.add(name);
  return true;
}
const knownTimeZones = new Set<string>();

/** Whether 'YYYY-MM-DD' is a real calendar date. */
function isRealDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A local wall-clock time, 24-hour 'HH:MM'. */
export const localTime = z.string().regex(TIME, 'errors:validation.localTime');

/** One stretch of coverage in a day: [start, end), local wall-clock time. `end` may be '24:00' (midnight). */
export const coverageInterval = z
  .object({
    start: localTime,
    end: z.string().regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'errors:validation.endTime'),
  })
  .strict()
  .refine((i) => minutesOf(i.end) > minutesOf(i.start), {
    message: 'errors:validation.endAfterStart',
    path: ['end'],
  });
export type CoverageInterval = z.output<typeof coverageInterval>;

/** The coverage intervals of one weekday; may be empty (closed all day). Intervals must not overlap. */
export const dayCoverage = z.array(coverageInterval).superRefine((intervals, ctx) => {
  const sorted = intervals
    .map((i, index) => ({ start: minutesOf(i.start), end: minutesOf(i.end), index }))
    .sort((a, b) => a.start - b.start);
  for (let k = 1; k < sorted.length; k++) {
    const prev = sorted[k - 1]!;
    const cur = sorted[k]!;
    if (cur.start < prev.end) {
      ctx.addIssue({
        code: 'custom',
        message: 'errors:validation.noOverlap',
        path: [cur.index, 'start'],
      });
    }
  }
});

export const businessCalendar = z
  .object({
    /** IANA time zone the weekly hours and holidays are read in, e.g. 'Europe/London'. */
    timeZone: z.string().refine(isValidTimeZone, { message: 'errors:validation.ianaTimeZone' }),
    /** Open around the clock: weekly hours and holidays are then ignored. */
    alwaysOpen: z.boolean().default(false),
    /** Seven entries, index 0 = Sunday ... 6 = Saturday, each a list of [start, end) intervals. */
    weekly: z
      .array(dayCoverage)
      .length(7, 'errors:validation.sevenWeekdays')
      .default([[], [], [], [], [], [], []]),
    /** Local dates 'YYYY-MM-DD' closed all day. */
    holidays: z.array(z.string().refine(isRealDate, { message: 'errors:validation.realDate' })).default([]),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (!c.alwaysOpen && c.weekly.every((day) => day.length === 0)) {
      ctx.addIssue({
        code: 'custom',
        message: 'errors:validation.someCoverage',
        path: ['weekly'],
      });
    }
  })
  .meta({ id: 'BusinessCalendar' });

/** A validated calendar, as the SLA arithmetic takes it. */
export type BusinessCalendar = z.output<typeof businessCalendar>;
export type BusinessCalendarInput = z.input<typeof businessCalendar>;

/**
 * A stored calendar (its JSON text), parsed once and cached by that text: the same definition always gives
 * the same object, so the SLA arithmetic's per-calendar compile cache stays warm, and an edited calendar
 * (new text) is never served stale.
 */
const parsedCalendars = new Map<string, BusinessCalendar>();

export function parseStoredCalendar(definition: string): BusinessCalendar {
  let calendar = parsedCalendars.get(definition);
  if (!calendar) {
    calendar = businessCalendar.parse(JSON.parse(definition));
    if (parsedCalendars.size > 500) parsedCalendars.clear();
    parsedCalendars.set(definition, calendar);
  }
  return calendar;
}
