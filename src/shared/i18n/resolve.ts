import type { DateFormat } from '../format/format.ts';
import { dateFormats } from '../format/format.ts';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from './languages.ts';

/** One level's choices; null or undefined inherits from the next. */
export interface LocaleChoices {
  language?: string | null;
  timeZone?: string | null;
  dateFormat?: string | null;
  currency?: string | null;
}

export interface ResolvedLocale {
  language: Language;
  timeZone: string;
  dateFormat: DateFormat;
  currency: string;
}

const isDateFormat = (v: unknown): v is DateFormat => (dateFormats as readonly unknown[]).includes(v);

/**
 * What is in effect for a person: their own choice, else their client's (contacts), else the
 * organisation's. A stored value this version does not know (a language since removed) is skipped.
 */
export function resolveLocale(
  levels: readonly (LocaleChoices | null | undefined)[],
  organisation: { language: string; timeZone: string; dateFormat: string; currency: string },
): ResolvedLocale {
  const first = <T>(pick: (c: LocaleChoices) => unknown, ok: (v: unknown) => v is T, fallback: T): T => {
    for (const level of levels) {
      const value = level ? pick(level) : null;
      if (ok(value)) return value;
    }
    return fallback;
  };
  const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
  return {
    language: first(
      (c) => c.language,
      isLanguage,
      isLanguage(organisation.language) ? organisation.language : DEFAULT_LANGUAGE,
    ),
    timeZone: first((c) => c.timeZone, isString, organisation.timeZone),
    dateFormat: first(
      (c) => c.dateFormat,
      isDateFormat,
      isDateFormat(organisation.dateFormat) ? organisation.dateFormat : 'D MMM YYYY',
    ),
    currency: first((c) => c.currency, isString, organisation.currency),
  };
}
