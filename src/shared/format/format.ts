import type { Message } from '../i18n/i18n.ts';
import { DEFAULT_LANGUAGE, isLanguage, PSEUDO_LANGUAGE } from '../i18n/languages.ts';

/**
 * Formatting for both faces and the emails, through Intl only: dates and times in the reader's time zone
 * and date format, durations and SLA clocks in their language, numbers, and money from integer minor
 * units with an ISO 4217 currency. Nothing here knows who the reader is: the caller passes the resolved
 * preferences (the person's own, else their client's, else the organisation's).
 */
export const dateFormats = ['YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY', 'D MMM YYYY'] as const;
export type DateFormat = (typeof dateFormats)[number];

export interface FormatPrefs {
  language: string;
  timeZone: string;
  dateFormat: DateFormat;
}

/** The BCP 47 locale Intl is given for a language (the pseudo-locale formats as English). */
export function intlLocale(language: string): string {
  if (language === PSEUDO_LANGUAGE) return 'en';
  return isLanguage(language) ? language : DEFAULT_LANGUAGE;
}

export function isTimeZone(value: string): boolean {
  if (!value || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const currencies = new Set(Intl.supportedValuesOf('currency'));
/** An ISO 4217 code this runtime knows (three capital letters: EUR, JPY, BHD). */
export function isCurrencyCode(value: string): boolean {
  return /^[A-Z]{3}$/.test(value) && currencies.has(value);
}

/** How many digits a currency's minor unit has: EUR 2, JPY 0, BHD 3 (from Intl's ISO 4217 data). */
export function currencyDigits(currency: string): number {
  if (!isCurrencyCode(currency)) throw new RangeError(`Not an ISO 4217 currency: ${currency}`);
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

function toDate(instant: string | Date | number): Date {
  const date = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not an instant: ${String(instant)}`);
  return date;
}

/** A date in the reader's zone, laid out by their date format, with the month named in their language. */
export function formatDate(instant: string | Date | number, prefs: FormatPrefs): string {
  const locale = intlLocale(prefs.language);
  const parts = new Intl.DateTimeFormat(locale, {
    timeZone: prefs.timeZone,
    year: 'numeric',
    month: prefs.dateFormat === 'D MMM YYYY' ? 'short' : '2-digit',
    day: prefs.dateFormat === 'D MMM YYYY' ? 'numeric' : '2-digit',
    numberingSystem: 'latn',
  }).formatToParts(toDate(instant));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const [y, m, d] = [part('year'), part('month'), part('day')];
  switch (prefs.dateFormat) {
    case 'YYYY-MM-DD':
      return `${y}-${m}-${d}`;
    case 'DD/MM/YYYY':
      return `${d}/${m}/${y}`;
    case 'MM/DD/YYYY':
      return `${m}/${d}/${y}`;
    case 'DD.MM.YYYY':
      return `${d}.${m}.${y}`;
    case 'D MMM YYYY':
      return `${d} ${m.replace(/\.$/, '')} ${y}`;
  }
}

/** A time of day in the reader's zone, in their language's clock (24 h or 12 h). */
/**
 * A calendar date ('YYYY-MM-DD': a contract's start, a renewal), laid out by the reader's date format in
 * their language. It names a day, not an instant, so no time zone moves it to the day before or after.
 */
export function formatCalendarDate(date: string, prefs: Omit<FormatPrefs, 'timeZone'>): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`Not a calendar date: ${date}`);
  return formatDate(`${date}T12:00:00.000Z`, { ...prefs, timeZone: 'UTC' });
}

export function formatTime(instant: string | Date | number, prefs: Omit<FormatPrefs, 'dateFormat'>): string {
  return new Intl.DateTimeFormat(intlLocale(prefs.language), {
    timeZone: prefs.timeZone,
    timeStyle: 'short',
  }).format(toDate(instant));
}

/** Date and time, with the zone's short name when asked (emails, where the reader may be elsewhere). */
export function formatDateTime(
  instant: string | Date | number,
  prefs: FormatPrefs,
  options: { zoneName?: boolean } = {},
): string {
  const date = formatDate(instant, prefs);
  const time = formatTime(instant, prefs);
  if (!options.zoneName) return `${date} ${time}`;
  const zone =
    new Intl.DateTimeFormat(intlLocale(prefs.language), { timeZone: prefs.timeZone, timeZoneName: 'short' })
      .formatToParts(toDate(instant))
      .find((p) => p.type === 'timeZoneName')?.value ?? prefs.timeZone;
  return `${date} ${time} ${zone}`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A length of time in the reader's language, at most two units: "2 hr 15 min", "3 days 4 hr", "5 min". */
export function formatDuration(ms: number, language: string): string {
  const locale = intlLocale(language);
  const total = Math.max(0, Math.round(Math.abs(ms) / MINUTE)) * MINUTE;
  const days = Math.floor(total / DAY);
  const hours = Math.floor((total % DAY) / HOUR);
  const minutes = Math.floor((total % HOUR) / MINUTE);
  const unit = (value: number, name: 'day' | 'hour' | 'minute') =>
    new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: name,
      unitDisplay: name === 'day' ? 'long' : 'short',
    }).format(value);
  const pieces =
    days > 0
      ? [unit(days, 'day'), ...(hours > 0 ? [unit(hours, 'hour')] : [])]
      : hours > 0
        ? [unit(hours, 'hour'), ...(minutes > 0 ? [unit(minutes, 'minute')] : [])]
        : [unit(minutes, 'minute')];
  return new Intl.ListFormat(locale, { type: 'unit', style: 'narrow' }).format(pieces);
}

/** How long ago, in the largest whole unit: "3 days ago", "vor 2 Stunden". */
export function formatRelative(ms: number, language: string): string {
  const rtf = new Intl.RelativeTimeFormat(intlLocale(language), { numeric: 'always' });
  const abs = Math.abs(ms);
  const sign = ms < 0 ? -1 : 1;
  if (abs >= DAY) return rtf.format(sign * Math.floor(abs / DAY), 'day');
  if (abs >= HOUR) return rtf.format(sign * Math.floor(abs / HOUR), 'hour');
  return rtf.format(sign * Math.max(1, Math.floor(abs / MINUTE)), 'minute');
}

/**
 * An SLA clock as a catalogue message: "due in 2 hr 15 min" before the target, "breached 3 days ago"
 * after it. The caller puts it in the reader's language (sla-clock.ts on the server, the web app's `t`),
 * so this module stays free of the catalogues and the web app bundles only the reader's language.
 */
export function slaClockMessage(
  dueAt: string | Date | number,
  now: Date | number,
  language: string,
): Message {
  const left = toDate(dueAt).getTime() - toDate(now).getTime();
  if (Math.abs(left) < MINUTE) return { key: 'common:sla.dueNow' };
  if (left > 0) return { key: 'common:sla.dueIn', params: { duration: formatDuration(left, language) } };
  return { key: 'common:sla.breached', params: { ago: formatRelative(left, language) } };
}

export function formatNumber(
  value: number,
  language: string,
  options: Intl.NumberFormatOptions = {},
): string {
  return new Intl.NumberFormat(intlLocale(language), options).format(value);
}

const KIB = 1024;
const fileSizeUnits = ['kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/**
 * A file's size in the reader's language, with Intl's units and digits: "512 bytes", "1.5 kB", "20 MB"
 * (de "1,5 kB", ar "1.5 كيلوبايت"). Counted in 1024s, as file managers and the upload limit count; one
 * decimal below 100 of a unit, none above. Every size shown to people (attachments, uploads, limits) goes
 * through here.
 */
export function formatFileSize(bytes: number, language: string): string {
  if (!Number.isFinite(bytes) || bytes < 0) throw new RangeError(`Not a size in bytes: ${bytes}`);
  const locale = intlLocale(language);
  if (bytes < KIB) {
    return new Intl.NumberFormat(locale, { style: 'unit', unit: 'byte', unitDisplay: 'long' }).format(
      Math.round(bytes),
    );
  }
  let value = bytes / KIB;
  let unit = 0;
  // Rounding may reach the next unit: 1023.96 kB reads as 1 MB, not "1,024 kB".
  while (Math.round(value * 10) / 10 >= KIB && unit < fileSizeUnits.length - 1) {
    value /= KIB;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: fileSizeUnits[unit],
    unitDisplay: 'short',
    maximumFractionDigits: value >= 100 ? 0 : 1,
  }).format(value);
}

/**
 * The date and time of an instant in the reader's zone as a file name may carry them (no slashes or
 * colons, ASCII digits, sorting by time): { date: "2026-03-02", time: "09-05-07" }.
 */
export function fileNameStamp(
  instant: string | Date | number,
  timeZone: string,
): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    numberingSystem: 'latn',
  }).formatToParts(toDate(instant));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    time: `${part('hour')}-${part('minute')}-${part('second')}`,
  };
}

/**
 * Money from integer minor units and an ISO 4217 currency, formatted for the reader's language with the
 * currency's own number of decimals (12345 EUR is 123.45 €; 12345 JPY is ¥12,345; 12345 BHD is 12.345).
 * Money is never shown without its currency: an unknown currency or a non-integer amount throws.
 */
export function formatMoney(minorUnits: number | bigint, currency: string, language: string): string {
  if (typeof minorUnits === 'number' && !Number.isSafeInteger(minorUnits)) {
    throw new RangeError(`Money is kept in whole minor units: ${minorUnits}`);
  }
  const digits = currencyDigits(currency);
  const whole = BigInt(minorUnits);
  const negative = whole < 0n;
  const abs = (negative ? -whole : whole).toString().padStart(digits + 1, '0');
  const decimal = digits === 0 ? abs : `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
  const formatter = new Intl.NumberFormat(intlLocale(language), {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // A decimal string keeps every digit exact (Intl.NumberFormat v3); the type admits only numbers.
  return formatter.format(`${negative ? '-' : ''}${decimal}` as unknown as number);
}
