import i18next, { type i18n as I18n } from 'i18next';
import ICU from 'i18next-icu';
import { catalogues, type Namespace, namespaces } from './catalogues.ts';
import { DEFAULT_LANGUAGE, isLanguage, type Language, PSEUDO_LANGUAGE } from './languages.ts';
import { sharedOptions } from './options.ts';
import { pseudoCatalogue } from './pseudo.ts';

/**
 * A time of day in a given time zone, written in the reader's language when the message is translated
 * (ICU's own `{when, time}` knows no zone): "15:05:09 MEZ", "03:05:09 PM GMT+1". `seconds` adds them.
 */
export interface ZonedTime {
  zonedTime: string;
  timeZone: string;
  seconds?: boolean;
}

/**
 * Values an ICU message takes: `{name}`, `{count, plural, …}`, `{when, date}`, a zoned time, or another
 * message (put in the same language first: a reason inside a sentence).
 */
export type MessageParams = { [name: string]: string | number | Date | ZonedTime | Message };

function isZonedTime(value: unknown): value is ZonedTime {
  return typeof value === 'object' && value !== null && typeof (value as ZonedTime).zonedTime === 'string';
}

/** A zoned time in a language: its clock (12 or 24 h) and the zone's short name (an unknown zone: UTC). */
function formatZonedTime(value: ZonedTime, language: string): string {
  const locale = language === PSEUDO_LANGUAGE || !isLanguage(language) ? DEFAULT_LANGUAGE : language;
  const options: Intl.DateTimeFormatOptions = {
    hour: '2-digit',
    minute: '2-digit',
    ...(value.seconds ? { second: '2-digit' } : {}),
    timeZoneName: 'short',
  };
  const at = new Date(value.zonedTime);
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone: value.timeZone }).format(at);
  } catch {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(at);
  }
}

/**
 * A message to be put in the reader's language later (by the error handler, an email): its key, with
 * the namespace (`errors:notFound.record`), and the values it takes.
 */
export interface Message {
  key: `${Namespace}:${string}`;
  params?: MessageParams;
}

export function message(key: Message['key'], params?: MessageParams): Message {
  return params ? { key, params } : { key };
}

/**
 * The values a shared schema's message takes from its zod issue: the bounds (`maximum`, `minimum`), the
 * allowed values of an enum (`values`, the codes joined by commas: they are API words, not translated),
 * and what a refinement put in its issue's `params` (`{ name }`, `{ range }`).
 */
export function schemaBounds(issue: unknown): MessageParams {
  const { minimum, maximum, values, params } = (issue ?? {}) as {
    minimum?: unknown;
    maximum?: unknown;
    values?: unknown;
    params?: unknown;
  };
  const own: MessageParams = {};
  if (typeof params === 'object' && params !== null) {
    for (const [name, value] of Object.entries(params)) {
      if (typeof value === 'string' || typeof value === 'number') own[name] = value;
    }
  }
  return {
    ...own,
    ...(typeof minimum === 'number' ? { minimum } : {}),
    ...(typeof maximum === 'number' ? { maximum } : {}),
    ...(Array.isArray(values) ? { values: values.map(String).join(', ') } : {}),
  };
}

export function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && typeof (value as Message).key === 'string';
}

function resources() {
  const all: Record<string, Record<string, Record<string, string>>> = { ...catalogues };
  const english = catalogues.en as Record<Namespace, Record<string, string>>;
  all[PSEUDO_LANGUAGE] = Object.fromEntries(namespaces.map((ns) => [ns, pseudoCatalogue(english[ns])]));
  return all;
}

/**
 * A new i18next instance with every catalogue and ICU messages (plural categories from
 * Intl.PluralRules, so Polish has one/few/many and Arabic all six). Synchronous: the catalogues are
 * bundled, nothing is fetched. Missing keys fall back to English.
 */
export function createI18n(language: Language = DEFAULT_LANGUAGE): I18n {
  const instance = i18next.createInstance();
  instance.use(new ICU());
  void instance.init({
    ...sharedOptions,
    lng: language,
    supportedLngs: Object.keys(resources()),
    resources: resources(),
    ns: [...namespaces],
  });
  return instance;
}

let shared: I18n | null = null;

/** Puts a key (or a Message) in a language; one shared instance, the language passed per call. */
export function translate(language: string, key: Message['key'] | Message, params?: MessageParams): string {
  shared ??= createI18n();
  const lng = isLanguage(language) ? language : DEFAULT_LANGUAGE;
  const m = typeof key === 'string' ? { key, params } : key;
  const values = Object.fromEntries(
    Object.entries(m.params ?? {}).map(([name, value]) => [
      name,
      isZonedTime(value) ? formatZonedTime(value, lng) : isMessage(value) ? translate(lng, value) : value,
    ]),
  );
  return shared.t(m.key, { lng, ...values }) as string;
}

/** A `t` bound to one language. */
export function translatorFor(language: string) {
  return (key: Message['key'] | Message, params?: MessageParams) => translate(language, key, params);
}
export type Translate = ReturnType<typeof translatorFor>;
