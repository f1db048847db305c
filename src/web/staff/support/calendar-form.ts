import { intlLocale } from '../../../shared/format/format.ts';
import type { BusinessCalendar } from '../../../shared/schemas/sla.ts';
import { type SlaCalendarBody, slaCalendarBody } from '../../../shared/schemas/support-config.ts';
import { schemaText } from '../../ui/i18n/server-text.ts';

/** Weekdays as the calendar stores them (0 = Sunday), shown Monday first. */
export const weekdayOrder = [1, 2, 3, 4, 5, 6, 0] as const;

/** A weekday's name in a language (0 = Sunday): "Monday", "lundi", "الاثنين"; or short: "Mon". */
export function weekdayName(day: number, language: string, width: 'long' | 'short' = 'long'): string {
  // 4 January 2026 was a Sunday.
  const date = new Date(Date.UTC(2026, 0, 4 + day, 12));
  return new Intl.DateTimeFormat(intlLocale(language), { weekday: width, timeZone: 'UTC' }).format(date);
}

/** A translate function (react-i18next's `t`, or the shared `translatorFor` in tests). */
export type Translate = (key: `staffAdmin:${string}`, values?: Record<string, string | number>) => string;

export interface Interval {
  start: string;
  end: string;
}

/** Rows of the form carry a key of their own, so React keeps each input with its row. */
export interface DraftInterval extends Interval {
  key: number;
}
export interface DraftHoliday {
  key: number;
  date: string;
}

/** What the calendar form edits. */
export interface CalendarDraft {
  name: string;
  timeZone: string;
  alwaysOpen: boolean;
  weekly: DraftInterval[][];
  holidays: DraftHoliday[];
}

let lastKey = 0;
export function rowKey(): number {
  lastKey += 1;
  return lastKey;
}

export function draftInterval(start: string, end: string): DraftInterval {
  return { key: rowKey(), start, end };
}

const nineToFive = (): DraftInterval[] => [draftInterval('09:00', '17:00')];

export function newCalendarDraft(timeZone: string): CalendarDraft {
  return {
    name: '',
    timeZone,
    alwaysOpen: false,
    weekly: [[], nineToFive(), nineToFive(), nineToFive(), nineToFive(), nineToFive(), []],
    holidays: [],
  };
}

export function draftFrom(name: string, calendar: BusinessCalendar): CalendarDraft {
  return {
    name,
    timeZone: calendar.timeZone,
    alwaysOpen: calendar.alwaysOpen,
    weekly: calendar.weekly.map((day) => day.map((i) => draftInterval(i.start, i.end))),
    holidays: calendar.holidays.map((date) => ({ key: rowKey(), date })),
  };
}

/** The request body: holidays sorted and without blanks or repeats. */
export function bodyFrom(draft: CalendarDraft): SlaCalendarBody {
  const holidays = [...new Set(draft.holidays.map((h) => h.date.trim()).filter((d) => d !== ''))].sort();
  return {
    name: draft.name,
    calendar: {
      timeZone: draft.timeZone,
      alwaysOpen: draft.alwaysOpen,
      weekly: draft.weekly.map((day) => day.map((i) => ({ start: i.start, end: i.end }))),
      holidays,
    },
  };
}

/**
 * The same checks the server makes (the shared schema), keyed like the server's field errors
 * ("calendar.weekly.1.0.end"), so the form shows them before a round trip.
 */
export function calendarProblems(draft: CalendarDraft): Record<string, string> {
  const result = slaCalendarBody.safeParse(bodyFrom(draft));
  if (result.success) return {};
  const problems: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join('.') || 'calendar';
    problems[key] ??= schemaText(issue.message, issue);
  }
  return problems;
}

/** Holiday keys refer to the sorted, de-duplicated list; map them back to the rows the form shows. */
export function holidayRowOf(draft: CalendarDraft, sortedIndex: number): number {
  const sorted = bodyFrom(draft).calendar.holidays ?? [];
  const date = sorted[sortedIndex];
  return date === undefined ? -1 : draft.holidays.findIndex((h) => h.date.trim() === date);
}

function dayText(intervals: readonly Interval[]): string {
  return intervals.length === 0 ? 'closed' : intervals.map((i) => `${i.start}–${i.end}`).join(', ');
}

/**
 * The week in a few words: "Mon–Fri 09:00–17:00; Sat 10:00–14:00" (closed days left out), or
 * "Open around the clock (24x7)".
 */
export function weekSummary(
  calendar: Pick<BusinessCalendar, 'alwaysOpen' | 'weekly'>,
  t: Translate,
  language: string,
): string {
  if (calendar.alwaysOpen) return t('staffAdmin:calendars.alwaysOpen');
  const short = (day: number) => weekdayName(day, language, 'short');
  const groups: { from: number; to: number; text: string }[] = [];
  for (const day of weekdayOrder) {
    const text = dayText(calendar.weekly[day] ?? []);
    const last = groups.at(-1);
    // weekdayOrder runs Monday to Sunday, so consecutive entries are consecutive days.
    if (last && last.text === text) last.to = day;
    else groups.push({ from: day, to: day, text });
  }
  const open = groups.filter((g) => g.text !== 'closed');
  if (open.length === 0) return t('staffAdmin:calendars.neverOpen');
  return open
    .map((g) =>
      g.from === g.to ? `${short(g.from)} ${g.text}` : `${short(g.from)}–${short(g.to)} ${g.text}`,
    )
    .join('; ');
}
