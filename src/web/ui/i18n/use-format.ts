import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  formatCalendarDate,
  formatDate,
  formatDateTime,
  formatDuration,
  formatFileSize,
  formatMoney,
  formatNumber,
  formatRelative,
  formatTime,
  slaClockMessage,
} from '../../../shared/format/format.ts';
import { useViewerLocale, type ViewerLocale } from './locale-context.ts';

type Instant = string | Date | number;

/** A date, time or clock is shown as '' rather than failing the page when the server sent no instant. */
const safely =
  <A extends unknown[]>(fn: (instant: Instant, ...rest: A) => string) =>
  (instant: Instant | null | undefined, ...rest: A): string => {
    if (instant === null || instant === undefined || instant === '') return '';
    try {
      return fn(instant, ...rest);
    } catch {
      return '';
    }
  };

/**
 * src/shared/format bound to the viewer: dates and times in their time zone and date format, durations,
 * relative times, SLA clocks, numbers and money in their language. Changes with the language without a
 * reload.
 */
export function useFormat() {
  const locale = useViewerLocale();
  const { t } = useTranslation();
  return useMemo(() => bindFormat(locale, (key, params) => t(key, params ?? {})), [locale, t]);
}

export function bindFormat(
  locale: ViewerLocale,
  t: (key: string, params?: Record<string, unknown>) => string,
) {
  const prefs = { language: locale.language, timeZone: locale.timeZone, dateFormat: locale.dateFormat };
  return {
    locale,
    /** "7 Dec 2026", "07.12.2026": the calendar date in the viewer's zone and format. */
    date: safely((instant: Instant) => formatDate(instant, prefs)),
    /** A calendar date 'YYYY-MM-DD' (a contract's renewal) in the viewer's date format; no zone moves it. */
    day: safely((date: Instant) => formatCalendarDate(String(date), prefs)),
    /** "14:05", "2:05 PM": in the viewer's zone, their language's clock. */
    time: safely((instant: Instant) => formatTime(instant, prefs)),
    /** Date and time; with the zone's short name when asked. */
    dateTime: safely((instant: Instant, options: { zoneName?: boolean } = {}) =>
      formatDateTime(instant, prefs, options),
    ),
    /** "2 hr 15 min". */
    duration: (ms: number) => formatDuration(ms, locale.language),
    /** "3 days ago", "in 2 hours", from a signed offset in milliseconds. */
    relative: (ms: number) => formatRelative(ms, locale.language),
    /** How long ago an instant was, relative to `now`. */
    ago: safely((instant: Instant, now: Date | number = Date.now()) =>
      formatRelative(new Date(instant).getTime() - new Date(now).getTime(), locale.language),
    ),
    /** "due in 2 hr 15 min", "breached 3 days ago". */
    slaClock: safely((dueAt: Instant, now: Date | number = Date.now()) => {
      const message = slaClockMessage(dueAt, now, locale.language);
      return t(message.key, message.params);
    }),
    number: (value: number, options?: Intl.NumberFormatOptions) =>
      formatNumber(value, locale.language, options),
    /** A file's size: "1.5 kB", "1,5 kB", "1.5 كيلوبايت" ('' for a size that is none). */
    fileSize: (bytes: number) => {
      try {
        return formatFileSize(bytes, locale.language);
      } catch {
        return '';
      }
    },
    /** Money from integer minor units and its ISO currency (the viewer's when not given). */
    money: (minorUnits: number | bigint, currency: string = locale.currency) =>
      formatMoney(minorUnits, currency, locale.language),
  };
}
export type BoundFormat = ReturnType<typeof bindFormat>;
