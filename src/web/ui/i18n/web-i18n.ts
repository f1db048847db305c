import i18next, { type i18n as I18n } from 'i18next';
import ICU from 'i18next-icu';
import { initReactI18next } from 'react-i18next';
import {
  DEFAULT_LANGUAGE,
  isLanguage,
  type Language,
  negotiateLanguage,
} from '../../../shared/i18n/languages.ts';
import { sharedOptions } from '../../../shared/i18n/options.ts';
import { type CatalogueSource, type LanguageResources, loadLanguage, webNamespaces } from './resources.ts';

/**
 * The web app's i18next: the same catalogues and ICU messages as the server (src/shared/i18n), English
 * loaded from the start (the fallback for a missing key), other languages added when a viewer needs them.
 * Synchronous, so `t` works from the first render.
 */
export function createWebI18n(english: LanguageResources): I18n {
  const instance = i18next.createInstance();
  instance.use(new ICU()).use(initReactI18next);
  void instance.init({
    ...sharedOptions,
    lng: DEFAULT_LANGUAGE,
    resources: { [DEFAULT_LANGUAGE]: english },
    ns: [...webNamespaces],
    react: { useSuspense: false },
  });
  return instance;
}

/** Loads a language's catalogues once (from `source`) and makes it the instance's language. */
export async function switchLanguage(
  instance: I18n,
  language: Language,
  source: CatalogueSource,
  english: LanguageResources,
): Promise<void> {
  if (!instance.hasResourceBundle(language, 'ui')) {
    const resources = await loadLanguage(language, source, english);
    for (const ns of webNamespaces) instance.addResourceBundle(language, ns, resources[ns], true, true);
  }
  if (instance.language !== language) await instance.changeLanguage(language);
}

/**
 * The language the web app speaks: the signed-in person's (their own, else their client's, else the
 * organisation's, as GET /profile/locale resolves it); before sign-in, the browser's preferred languages
 * (navigator.languages, the same list the browser sends as Accept-Language); else the organisation's.
 */
export function chooseLanguage(input: {
  signedInLanguage: string | null | undefined;
  browserLanguages: readonly string[];
  organisationLanguage: string | null | undefined;
}): Language {
  if (isLanguage(input.signedInLanguage)) return input.signedInLanguage;
  const fromBrowser = negotiateLanguage(input.browserLanguages.join(','));
  if (fromBrowser) return fromBrowser;
  return isLanguage(input.organisationLanguage) ? input.organisationLanguage : DEFAULT_LANGUAGE;
}
