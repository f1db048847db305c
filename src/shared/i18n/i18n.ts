import i18next, { type i18n as I18n } from 'i18next';
import ICU from 'i18next-icu';
import { catalogues, type Namespace, namespaces } from './catalogues.ts';
import { DEFAULT_LANGUAGE, isLanguage, type Language, PSEUDO_LANGUAGE } from './languages.ts';
import { sharedOptions } from './options.ts';
import { pseudoCatalogue } from './pseudo.ts';

/** Values an ICU message takes: `{name}`, `{count, plural, …}`, `{when, date}`. */
export type MessageParams = Record<string, string | number | Date>;

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
  return shared.t(m.key, { lng, ...(m.params ?? {}) }) as string;
}

/** A `t` bound to one language. */
export function translatorFor(language: string) {
  return (key: Message['key'] | Message, params?: MessageParams) => translate(language, key, params);
}
export type Translate = ReturnType<typeof translatorFor>;
