import { z } from 'zod';
import { type DateFormat, dateFormats, isCurrencyCode, isTimeZone } from '../format/format.ts';
import { type Language, languageList, supportedLanguages } from '../i18n/languages.ts';

/**
 * Language, time zone, date format and currency choices, shared by the organisation's settings, clients
 * and profiles. Their messages are catalogue keys (`errors:…`): the server's error handler and the web app
 * put them in the reader's language.
 */
export const languageCode = z.enum(supportedLanguages, { message: 'errors:validation.language' });
export const timeZoneName = z.string().max(64).refine(isTimeZone, 'errors:validation.timeZone');
export const currencyCode = z.string().refine(isCurrencyCode, 'errors:validation.currency');
export const dateFormatChoice = z.enum(dateFormats, { message: 'errors:validation.dateFormat' });
export { type DateFormat, dateFormats, type Language, languageList };

/** A person's own choices; null means "as my client / organisation". */
export const personLocale = z
  .object({
    language: languageCode.nullable(),
    timeZone: timeZoneName.nullable(),
    dateFormat: dateFormatChoice.nullable(),
  })
  .strict()
  .meta({ id: 'PersonLocale' });
export type PersonLocale = z.infer<typeof personLocale>;

/** `PUT /api/v1/profile/locale`: any of the three; a field left out keeps its value. */
export const personLocalePatch = personLocale.partial().strict().meta({ id: 'PersonLocalePatch' });
export type PersonLocalePatch = z.input<typeof personLocalePatch>;

/** `GET /api/v1/profile/locale`: the person's choices and what is in effect after inheriting. */
export const profileLocaleResponse = z
  .object({
    own: personLocale,
    effective: z.object({
      language: languageCode,
      timeZone: z.string(),
      dateFormat: dateFormatChoice,
      /** The client's currency for contacts, the organisation's for staff. */
      currency: z.string(),
    }),
    /** What "as my client / organisation" gives: the same, without the person's own choices. */
    inherited: z.object({
      language: languageCode,
      timeZone: z.string(),
      dateFormat: dateFormatChoice,
    }),
    /** Where an unset choice comes from: the contact's client, or the organisation (staff). */
    inheritsFrom: z.enum(['client', 'organisation']),
    /** The choices the form offers. */
    languages: z.array(z.object({ code: z.string(), label: z.string(), dir: z.enum(['ltr', 'rtl']) })),
    dateFormats: z.array(z.string()),
  })
  .meta({ id: 'ProfileLocale' });
export type ProfileLocale = z.infer<typeof profileLocaleResponse>;
